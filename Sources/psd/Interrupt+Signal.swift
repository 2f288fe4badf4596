import PSDCore
import PSDLineEdit
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Ctrl-C wiring. The handler only raises PSDCore's InterruptFlag (an atomic store is
/// async-signal-safe); the running command notices it at its next checkCancelled() and the
/// statement fails as "interrupted", leaving the session as it was.
enum InterruptWiring {
  /// REPL: every Ctrl-C raises the flag; at the prompt libedit turns it into a dropped line.
  static func installForREPL() {
    _ = InterruptFlag.shared  // initialise the lazy global before a signal can touch it
    Terminal.installSignalHandler(SIGINT, restart: true) { _ in InterruptFlag.shared.raise() }
  }

  /// Script: the first Ctrl-C asks the statement to stop (exit 130 after it does); a second one
  /// while the flag is still up exits at once, for a statement that does not check in time.
  static func installForScript() {
    _ = InterruptFlag.shared
    Terminal.installSignalHandler(SIGINT, restart: true) { _ in
      if InterruptFlag.shared.isRaised {
        // A static C string and the raw write: nothing here may allocate in a signal handler.
        _ = write(STDERR_FILENO, "\npsd: interrupted\n", 18)
        _exit(130)
      }
      InterruptFlag.shared.raise()
    }
  }
}

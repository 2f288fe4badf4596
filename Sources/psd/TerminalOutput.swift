import PSDCore
import PSDLineEdit
import PSDNotebook
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Statement output to stdout, diagnostics to stderr. Any progress line is erased first so the
/// two never share a line; stdout is flushed before a diagnostic so a pipe keeps their order.
final class TerminalOutput: OutputSink {
  let progress: ProgressLine?

  init(progress: ProgressLine?) { self.progress = progress }

  func write(_ text: String) {
    progress?.clear()
    TerminalOutput.put(text, to: STDOUT_FILENO)
  }

  func diagnostic(_ text: String) {
    progress?.clear()
    // The terminal echoed "^C" where the cursor was: start the message on a clean line.
    if progress != nil && InterruptFlag.shared.isRaised { TerminalOutput.put("\r\u{1B}[K", to: STDERR_FILENO) }
    TerminalOutput.put(text, to: STDERR_FILENO)
  }

  /// Unbuffered write of the whole text (retrying short writes); output order then matches
  /// statement order across stdout and stderr.
  static func put(_ text: String, to fd: Int32) {
    // A closed pipe: nothing sensible left to do with the output, so the error is dropped.
    Descriptor.writeAll(fd, text)
  }
}

/// psd's exit statuses (BSD sysexits where one fits). Documented in `psd --help` and Docs/repl.md.
enum ExitCode: Int32 {
  /// Everything ran (a REPL session ended with Ctrl-D or `quit`).
  case ok = 0
  /// Bad command line: unknown option, missing argument.
  case usage = 64
  /// The script has a syntax error or a statement failed.
  case scriptError = 65
  /// The script file cannot be opened or read.
  case noInput = 66
  /// An output file (the report) cannot be written.
  case ioError = 74
  /// Stopped by Ctrl-C (SIGINT), as shells report 128 + 2.
  case interrupted = 130
}

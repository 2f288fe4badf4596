import CEditLine
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// What one read from the user produced.
package enum LineInput: Equatable, Sendable {
  /// A line, without its newline.
  case line(String)
  /// Ctrl-C while editing: the line is dropped, the caller shows a fresh prompt.
  case interrupted
  /// Ctrl-D on an empty line, or the end of a piped input.
  case end
}

/// Where the REPL gets its lines: libedit on a terminal, plain reads otherwise.
package protocol LineReader: AnyObject {
  /// Reads one line. `continuation` asks for the continuation prompt (a bracket is still open).
  func readLine(continuation: Bool) -> LineInput
  /// Records a complete entry (all its lines) in the history; a no-op without history.
  func addHistory(_ entry: String)
}

/// `(line, cursor)` → candidate words for the word that ends at `cursor` (a Character offset).
/// Candidates may be whole words (`describe`), qualified columns (`app.AMT_CREDIT`) or the part
/// after the last dot (`AMT_CREDIT`); the editor works out which part of the line they replace.
package typealias Completer = (_ line: String, _ cursor: Int) -> [String]

package enum Terminal {
  /// True when the file descriptor is a terminal (stdin: use libedit; stderr: draw progress).
  package static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// Columns of the terminal on `fd`, or nil when it is not a terminal.
  package static func columns(_ fd: Int32) -> Int? {
    let n = Int(psd_terminal_columns(fd))
    return n > 0 ? n : nil
  }

  /// Whether the user's own locale (LANG / LC_ALL / LC_CTYPE) is UTF-8: charts fall back to
  /// ASCII when it is not, even though line editing switches to C.UTF-8 for itself.
  package static func userLocaleIsUTF8() -> Bool {
    setlocale(LC_CTYPE, "") != nil && codesetIsUTF8()
  }

  /// libedit decodes keys with mbrtowc(): without a UTF-8 LC_CTYPE it silently drops non-ASCII
  /// keys (typed "héllo" arrives as "hllo"), and with LANG unset setlocale(LC_CTYPE, "") yields
  /// "C". Fall back to C.UTF-8 then. Only LC_CTYPE: numbers keep the C format. Returns whether
  /// a UTF-8 LC_CTYPE is now in effect.
  @discardableResult
  package static func ensureUTF8Locale() -> Bool {
    if setlocale(LC_CTYPE, "") != nil, codesetIsUTF8() { return true }
    for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
      if codesetIsUTF8() { return true }
    }
    return false
  }

  private static func codesetIsUTF8() -> Bool {
    guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: cs).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }
}

extension Terminal {
  /// Installs a C signal handler with sigaction. `restart` sets SA_RESTART, so Ctrl-C during a
  /// long command does not make unrelated reads and writes fail with EINTR (libedit installs its
  /// own handler while editing, so el_gets still returns on Ctrl-C).
  @discardableResult
  package static func installSignalHandler(
    _ signal: Int32, restart: Bool,
    _ handler: @convention(c) (Int32) -> Void
  ) -> Bool {
    psd_install_signal_handler(signal, handler, restart ? 1 : 0) == 0
  }
}

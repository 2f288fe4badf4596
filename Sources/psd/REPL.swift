import PSDCore
import PSDLineEdit
import PSDNotebook

/// The interactive loop: read an entry (continuing while a bracket is open), run it, repeat.
/// A failing statement reports and the loop goes on; the session keeps its names.
struct REPL {
  let session: Session
  let reader: LineReader
  let progress: ProgressLine?
  /// The terminal's width, to follow window resizes (nil when stdout is not a terminal).
  var terminalWidth: () -> Int? = { nil }

  static let prompt = "psd> "
  static let continuationPrompt = "...> "

  func run() -> ExitCode {
    var pending: [String] = []
    var automaticWidth: Int? = nil
    /// Tables follow the window unless the user chose a width with `set width=`.
    func followTerminalWidth() {
      guard let columns = terminalWidth() else { return }
      if automaticWidth == nil || session.settings.width == automaticWidth {
        session.settings.width = max(20, min(1000, columns))
        automaticWidth = session.settings.width
      }
    }
    while true {
      switch reader.readLine(continuation: !pending.isEmpty) {
      case .interrupted:
        pending = []  // Ctrl-C drops the line (and any open bracket's earlier lines)
      case .end:
        return .ok
      case .line(let line):
        pending.append(line)
        let entry = pending.joined(separator: "\n")
        if Session.isIncomplete(entry) { continue }
        pending = []
        let trimmed = entry.trimmedBlanks
        if trimmed.isEmpty { continue }
        reader.addHistory(entry.trimmedBlanks)
        if trimmed == "quit" || trimmed == "exit" { return .ok }
        followTerminalWidth()
        InterruptFlag.shared.clear()  // a Ctrl-C typed at the prompt must not cancel this entry
        session.run(entry: entry + "\n", file: "<stdin>")
        progress?.clear()
        InterruptFlag.shared.clear()
      }
    }
  }
}

extension String {
  /// Without leading and trailing spaces and tabs.
  fileprivate var trimmedBlanks: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
  }
}

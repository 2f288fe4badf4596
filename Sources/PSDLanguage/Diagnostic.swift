/// An error or warning tied to a place in a script, printed as
/// `file:line:col: error: message`, the source line with a caret, then `note: ...` lines.
package struct Diagnostic: Error, Sendable, Equatable {
  package enum Severity: String, Sendable { case error, warning }
  package var severity: Severity
  package var location: SourceLocation
  package var message: String
  package var notes: [String]
  /// Length of the underlined span (at least 1).
  package var length: Int

  package init(
    _ severity: Severity = .error, at location: SourceLocation, _ message: String,
    notes: [String] = [], length: Int = 1
  ) {
    self.severity = severity
    self.location = location
    self.message = message
    self.notes = notes
    self.length = max(1, length)
  }

  /// Renders the diagnostic; with `source`, the offending line is echoed with a caret under it.
  package func rendered(source: String? = nil) -> String {
    var lines = ["\(location): \(severity.rawValue): \(message)"]
    if let source, let text = Diagnostic.line(location.line, of: source) {
      lines.append("  " + text)
      let prefix = String(text.prefix(max(0, location.column - 1)))
      let pad = String(prefix.map { $0 == "\t" ? "\t" : " " })
      let underline = length > 1 ? String(repeating: "~", count: min(length, 60)) : "^"
      lines.append("  " + pad + underline)
    }
    lines += notes.map { "note: \($0)" }
    return lines.joined(separator: "\n")
  }

  static func line(_ n: Int, of source: String) -> String? {
    var current = 1
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
      if current == n { return String(line.hasSuffix("\r") ? line.dropLast() : line) }
      current += 1
    }
    return nil
  }
}

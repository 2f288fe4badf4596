import Foundation
import PSDCore

/// Every line psd prints passes here once, on its way to the terminal (Session.emit): wrapped at
/// word boundaries to the width when the session wraps, spelled in ASCII when the charset is
/// ascii (a locale that is not UTF-8). Charts and tables already fit the width; they pass
/// through unchanged, since no line of theirs is wider.
package enum TerminalText {
  /// `text` as the settings say the terminal can show it.
  package static func present(_ text: String, _ settings: Settings) -> String {
    var out = text
    if settings.wrap { out = wrap(out, width: settings.width) }
    if settings.charset == "ascii" { out = TextWidth.asciiSpelling(out) }
    return out
  }

  /// `text` in ASCII, whatever the settings (for what the front end prints before a session).
  package static func ascii(_ text: String) -> String { TextWidth.asciiSpelling(text) }

  /// Wraps every line wider than `width` at spaces; continuation lines keep the line's
  /// indentation plus two spaces. A word wider than the width stays whole (a path is never cut).
  /// The echoed source line above an error's caret (and the caret line) are never wrapped, or
  /// the caret would point at the wrong place; nor is a line of a table (two spaces in a row
  /// after its indentation: columns), whose cells would end up under the wrong heading; nor a
  /// line of psd code (`recipe` prints a runnable script: an assignment `x = cmd ...` or a `#`
  /// comment), which must stay one statement per line to be pasted back.
  package static func wrap(_ text: String, width: Int) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var out: [String] = []
    for (i, line) in lines.enumerated() {
      let next = i + 1 < lines.count ? lines[i + 1] : ""
      if TextWidth.columns(line) <= width || isCaret(line) || isCaret(next) || isTabular(line) || isCode(line) {
        out.append(line)
      } else {
        out += TextWidth.wrap(line, width: width)
      }
    }
    return out.joined(separator: "\n")
  }

  /// A line of aligned columns: two spaces in a row after the indentation.
  static func isTabular(_ line: String) -> Bool {
    line.drop { $0 == " " }.contains("  ")
  }

  /// A psd statement or comment: `# ...`, or `NAME[, NAME] = command ...`.
  static func isCode(_ line: String) -> Bool {
    let body = line.drop { $0 == " " }
    if body.hasPrefix("#") { return true }
    guard let eq = body.range(of: " = ") else { return false }
    let targets = body[..<eq.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let command = body[eq.upperBound...].prefix { $0.isLetter || $0 == "-" }
    return !command.isEmpty && !targets.isEmpty
      && targets.allSatisfy { t in
        !t.isEmpty && t.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(t.first?.isNumber ?? true)
      }
  }

  /// A caret line under an echoed statement: spaces, then ^ or ~ only.
  static func isCaret(_ line: String) -> Bool {
    let body = line.drop { $0 == " " || $0 == "\t" }
    return !body.isEmpty && body.allSatisfy { $0 == "^" || $0 == "~" }
  }
}

import Foundation

/// Terminal column arithmetic. Labels come from user data (column names, category levels), so
/// wide CJK characters and combining marks are measured rather than assumed to take one column.
package enum TextWidth {
  /// Columns `text` takes on a terminal, ignoring ANSI colour sequences.
  package static func columns(_ text: String) -> Int {
    var total = 0
    forEachShownScalar(text) { total += columns(of: $0) }
    return total
  }

  /// Drops ANSI colour sequences (tests and width checks look at what the reader sees).
  package static func stripANSI(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    forEachShownScalar(text) { out.append($0) }
    return String(out)
  }

  /// The scalars of `text` a terminal shows: ANSI colour sequences (ESC ... m) skipped.
  private static func forEachShownScalar(_ text: String, _ body: (Unicode.Scalar) -> Void) {
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if scalar == "m" { inEscape = false }
        continue
      }
      if scalar == "\u{1B}" {
        inEscape = true
        continue
      }
      body(scalar)
    }
  }

  /// Columns one scalar takes: 0 for controls, combining marks and zero-width joiners and
  /// selectors; 2 for East Asian wide characters and emoji; 1 otherwise. The one table psd uses
  /// for tables, charts, wrapping and padding.
  package static func columns(of scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v < 0x300 { return 1 }
    if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) {
      return 0
    }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x1F900...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    {
      return 2
    }
    return 1
  }

  /// `text` cut to at most `width` columns, ending in an ellipsis when something was cut.
  /// Plain text only (no ANSI).
  package static func truncate(_ text: String, to width: Int, ascii: Bool = false) -> String {
    truncate(text, to: width, ellipsis: ascii ? "." : "…")
  }

  /// `text` cut to at most `width` columns, ending in `ellipsis` when something was cut.
  package static func truncate(_ text: String, to width: Int, ellipsis: String) -> String {
    if width <= 0 { return "" }
    if columns(text) <= width { return text }
    let room = max(0, width - columns(ellipsis))
    var out = ""
    var used = 0
    for ch in text {
      let w = ch.unicodeScalars.reduce(0) { $0 + columns(of: $1) }
      if used + w > room { break }
      out.append(ch)
      used += w
    }
    return out + ellipsis
  }

  /// Pads with spaces on the right (or left) to at least `width` columns; longer text is kept.
  package static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let n = columns(text)
    if n >= width { return text }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + text : text + fill
  }

  /// Pads with spaces on the right (or left) to exactly `width` columns, truncating if longer.
  package static func pad(_ text: String, to width: Int, right: Bool = false, ascii: Bool = false) -> String {
    let cut = truncate(text, to: width, ascii: ascii)
    let fill = String(repeating: " ", count: max(0, width - columns(cut)))
    return right ? fill + cut : cut + fill
  }

  /// Replaces every non-ASCII character by '?' so an ASCII chart stays ASCII even when a label
  /// (a category level, a column name) is not.
  package static func asciiOnly(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
  }

  /// Spellings of the characters psd's own wording uses (and the box and block characters of
  /// tables), for a terminal that is not UTF-8.
  static let asciiSpellings: [Character: String] = [
    "—": "-", "–": "-", "−": "-", "→": "->", "←": "<-", "↑": "^", "↓": "v", "≥": ">=", "≤": "<=",
    "≠": "!=", "≈": "~", "…": "...", "×": "x", "·": "*", "±": "+/-", "²": "^2", "√": "sqrt",
    "Σ": "sum ", "σ": "sigma", "Δ": "delta ", "β": "beta", "λ": "lambda", "φ": "phi", "∞": "inf",
    "°": " deg", "•": "*", "◆": "X", "●": "o", "✓": "ok", "✗": "x",
    "‘": "'", "’": "'", "“": "\"", "”": "\"", "«": "\"", "»": "\"", "\u{A0}": " ",
    "─": "-", "━": "-", "│": "|", "┃": "|", "┊": ":", "╎": ":", "┼": "+", "┬": "+", "┴": "+",
    "├": "+", "┤": "+", "┌": "+", "┐": "+", "└": "+", "┘": "+", "█": "#", "▌": "#", "▍": "#",
    "▎": "#", "▏": "#", "▋": "#", "▊": "#", "▉": "#", "░": ".", "▒": ":", "▓": "#"
  ]

  /// `text` in ASCII: psd's typographic characters spelled out (≥ as >=, × as x, — as -),
  /// accents dropped (é as e), anything else as '?'. Charts and messages both use it, so a
  /// terminal that is not UTF-8 never receives a byte it cannot show.
  package static func asciiSpelling(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text {
      if ch.isASCII { out.append(ch); continue }
      if let spelled = asciiSpellings[ch] { out += spelled; continue }
      // Accented letters: the base letter without its combining marks.
      let base = String(ch).decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.isASCII }
      out += base.isEmpty ? "?" : String(String.UnicodeScalarView(base))
    }
    return out
  }

  /// Greedy word wrap to `width` columns, for chart text: a word longer than the width is cut.
  package static func wrap(_ text: String, to width: Int, ascii: Bool) -> [String] {
    wrap(text, width: width, hanging: 0).map { truncate($0, to: width, ascii: ascii) }
  }

  /// One long line as several, broken at spaces; continuation lines start with `hanging`
  /// spaces (default: the line's own indentation plus two). A word wider than the width stays
  /// whole (a path is never cut). The one word-wrapper of psd: messages, help and charts.
  package static func wrap(_ line: String, width: Int, hanging hangingWidth: Int? = nil) -> [String] {
    let indent = String(line.prefix { $0 == " " })
    let hanging = hangingWidth.map { String(repeating: " ", count: $0) } ?? indent + "  "
    var lines: [String] = []
    var current = indent
    var currentWidth = columns(indent)
    for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false) {
      let w = columns(String(word))
      let atStart = current == indent || current == hanging
      if !atStart && currentWidth + 1 + w > width {
        lines.append(current)
        current = hanging
        currentWidth = columns(hanging)
      }
      if current != indent && current != hanging { current += " "; currentWidth += 1 }
      current += word
      currentWidth += w
    }
    lines.append(current)
    return lines
  }
}

import PSDCore
import Foundation

/// Plain-text tables fitted to a width. Columns that do not fit are elided from the middle
/// (the leading and trailing ones stay, a "…" column marks the gap) so wide frames stay
/// readable; long cells are cut with "…". Used by show, describe, columns and other commands.
package struct TableRenderer {
  package enum Alignment: Sendable { case left, right }

  package struct Column: Sendable {
    package var header: String
    package var alignment: Alignment
    package init(_ header: String, _ alignment: Alignment = .right) {
      self.header = header
      self.alignment = alignment
    }
  }

  package var columns: [Column]
  package var rows: [[String]]
  /// Columns always kept at the left (row labels such as the column name).
  package var pinned: Int
  /// Longest cell before it is cut.
  package var maximumCellWidth: Int
  /// The last column takes whatever width is left (e.g. a list of top values) instead of
  /// being elided.
  package var lastColumnFlexible: Bool
  package var ascii: Bool

  package init(
    columns: [Column], rows: [[String]], pinned: Int = 1, maximumCellWidth: Int = 32,
    lastColumnFlexible: Bool = false, ascii: Bool = false
  ) {
    self.columns = columns
    self.rows = rows
    self.pinned = pinned
    self.maximumCellWidth = maximumCellWidth
    self.lastColumnFlexible = lastColumnFlexible
    self.ascii = ascii
  }

  static let gap = 2

  /// The table as lines joined by "\n" (with a trailing newline), plus how many columns
  /// were left out.
  package func render(width: Int) -> (text: String, hiddenColumns: Int) {
    let ellipsis = ascii ? "..." : "…"
    let count = columns.count
    guard count > 0 else { return ("", 0) }
    let cells: [[String]] = rows.map { row in
      (0..<count).map { i in
        let cell = i < row.count ? TableRenderer.printable(row[i]) : ""
        return (lastColumnFlexible && i == count - 1)
          ? cell : TextWidth.truncate(cell, to: maximumCellWidth, ellipsis: ellipsis)
      }
    }
    var widths = (0..<count).map { i in
      max(TextWidth.columns(columns[i].header), cells.map { TextWidth.columns($0[i]) }.max() ?? 0)
    }
    // Choose columns: pinned ones, then alternately from the left and the right.
    let minimumFlexible = 12
    func total(_ chosen: [Int], elided: Bool) -> Int {
      var sum = chosen.reduce(0) { acc, i in
        acc + ((lastColumnFlexible && i == count - 1) ? min(widths[i], minimumFlexible) : widths[i])
      }
      sum += TableRenderer.gap * max(0, chosen.count - 1)
      if elided { sum += TextWidth.columns(ellipsis) + TableRenderer.gap }
      return sum
    }
    var chosen = Array(0..<count)
    var elidedAfter: Int? = nil
    if total(chosen, elided: false) > width {
      let fixedLeft = Array(0..<min(pinned, count))
      var left = fixedLeft
      var right: [Int] = []
      if lastColumnFlexible && count - 1 >= fixedLeft.count { right = [count - 1] }
      var nextLeft = fixedLeft.count
      var nextRight = count - 1 - right.count
      var takeLeft = true
      while nextLeft <= nextRight {
        let candidate = takeLeft ? nextLeft : nextRight
        let trial = left + (takeLeft ? [candidate] : []) + (takeLeft ? right : [candidate] + right)
        let remainingAfter = nextRight - nextLeft  // columns still unchosen after this one
        if total(trial, elided: remainingAfter > 0) > width { break }
        if takeLeft { left.append(candidate); nextLeft += 1 } else { right.insert(candidate, at: 0); nextRight -= 1 }
        takeLeft.toggle()
      }
      if nextLeft <= nextRight {
        chosen = left + right
        elidedAfter = left.last
      } else {
        chosen = left + right
      }
    }
    // A flexible last column gets the rest of the width.
    if lastColumnFlexible, let last = chosen.last, last == count - 1 {
      let others =
        total(Array(chosen.dropLast()), elided: elidedAfter != nil) + (chosen.count > 1 ? TableRenderer.gap : 0)
      widths[last] = max(min(widths[last], width - others), min(widths[last], minimumFlexible))
    }
    func line(_ values: (Int) -> String) -> String {
      var parts: [String] = []
      for i in chosen {
        var cell = values(i)
        if TextWidth.columns(cell) > widths[i] { cell = TextWidth.truncate(cell, to: widths[i], ellipsis: ellipsis) }
        parts.append(TextWidth.pad(cell, widths[i], right: columns[i].alignment == .right))
        if i == elidedAfter { parts.append(TextWidth.pad(values(-1), TextWidth.columns(ellipsis))) }
      }
      var text = parts.joined(separator: String(repeating: " ", count: TableRenderer.gap))
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    var out = line { $0 < 0 ? ellipsis : columns[$0].header } + "\n"
    out +=
      line {
        $0 < 0
          ? String(repeating: ascii ? "-" : "─", count: TextWidth.columns(ellipsis))
          : String(repeating: ascii ? "-" : "─", count: widths[$0])
      } + "\n"
    for row in cells {
      out += line { $0 < 0 ? ellipsis : row[$0] } + "\n"
    }
    return (out, count - chosen.count)
  }

  // MARK: - Text helpers

  /// A number for a table cell: the shortest text that reads back exactly when it is short
  /// (`1293502.5`, `-3648`, `1e-05`), else `digits` significant digits, never an exponent for
  /// everyday magnitudes (`0.083037`, `1225029`).
  package static func number(_ v: Double, digits: Int = 6) -> String {
    if v.isNaN { return "NA" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    var exact = v.description
    if exact.hasSuffix(".0") { exact.removeLast(2) }
    if exact.count <= max(digits + 4, 8) && !exact.contains("e") { return exact }
    var s = String(format: "%.\(digits)g", v)
    if s.contains("e") && abs(v) >= 1 && abs(v) < 1e15 { s = String(format: "%.0f", v) }
    return s
  }

  /// Control characters shown visibly so a cell stays on one line.
  static func printable(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else { return s }
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(scalar.value < 32 || scalar.value == 127 ? "?" : scalar)
      }
    }
    return out
  }
}

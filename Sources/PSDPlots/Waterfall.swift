import Foundation
import PSDCore

/// One client's score built up from the base value: each feature's contribution moves the
/// running total up (towards default) or down, ending at the client's final score.
package enum Waterfall {
  /// `contributions` are shown largest first, at most `limit` of them; the rest are summed in
  /// one "other features" row so the total still adds up. `final` (when given) is checked
  /// against base + contributions. `finalNote` follows the final value (e.g. its probability).
  package static func render(
    base: Double, contributions: [(label: String, value: Double)], final: Double? = nil,
    title: String, scale: String = "log-odds", finalNote: String? = nil,
    limit: Int = 12, options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    try PlotInput.ensurePositive(limit, "limit", max: 1000)
    guard base.isFinite else { throw PSDError.data("waterfall: the base value is not a number") }
    guard !contributions.isEmpty else {
      throw PSDError.data("waterfall: no contributions to show (the model uses no feature for this client)")
    }
    if let bad = contributions.first(where: { !$0.value.isFinite }) {
      throw PSDError.data("waterfall: the contribution of '\(bad.label)' is not a number")
    }
    let rows = Waterfall.rows(contributions, limit: limit)
    let sum = base + contributions.reduce(0) { $0 + $1.value }
    let end = final ?? sum
    var notes: [String] = []
    if let final, abs(final - sum) > 1e-6 * max(1, abs(final)) {
      notes.append(
        "contributions add up to \(signed(sum - base)), not \(signed(final - base)): "
          + "\(Format.fixed(final - sum, 4)) unexplained")
    }

    // Running totals decide the scale.
    var totals = [base]
    for r in rows { totals.append(totals.last! + r.value) }
    var low = min(totals.min()!, end), high = max(totals.max()!, end)
    if high - low < 1e-12 { low -= 0.5; high += 0.5 }
    let margin = (high - low) * 0.02
    low -= margin
    high += margin

    let ascii = !options.unicode
    let labels = ["base value"] + rows.map { Text.plain($0.label, options) } + ["final score"]
    let values = [Format.fixed(base, 3)] + rows.map { signed($0.value) } + [Format.fixed(end, 3)]
    let valueWidth = values.map(TextWidth.columns).max()!
    let labelWidth = min(labels.map(TextWidth.columns).max()!, max(10, options.width * 2 / 5))
    let area = options.width - labelWidth - 2 - valueWidth
    guard area >= 8 else {
      throw PSDError.usage("width=\(options.width) is too narrow for this waterfall", subject: "width")
    }
    func cell(_ v: Double) -> Double { (v - low) / (high - low) * Double(area) }
    func marker(_ v: Double) -> Int { min(area - 1, max(0, Int(cell(v).rounded()))) }

    let up: Character = ascii ? "+" : "█", down: Character = ascii ? "-" : "░"
    let rule: Character = ascii ? "|" : "┃"
    var lines = Text.block(title, options)
    var running = base
    for (i, label) in labels.enumerated() {
      var bar = Array(repeating: Character(" "), count: area)
      var color: PlotColor?
      if i == 0 || i == labels.count - 1 {
        bar[marker(i == 0 ? base : end)] = rule
      } else {
        let v = rows[i - 1].value
        let a = cell(running), b = cell(running + v)
        var from = Int(min(a, b).rounded()), to = Int(max(a, b).rounded())
        if to <= from { to = from + 1 }
        from = max(0, min(area - 1, from))
        to = max(from + 1, min(area, to))
        for c in from..<to { bar[c] = v >= 0 ? up : down }
        color = v >= 0 ? .red : .green
        running += v
      }
      var barText = String(bar)
      if options.color, let color { barText = colorize(barText, color) }
      lines.append(
        TextWidth.pad(label, to: labelWidth, ascii: ascii) + " " + barText + " "
          + TextWidth.pad(values[i], to: valueWidth, right: true))
    }

    // Axis under the bars.
    let tickValues = Ticks.nice(low, high, count: max(2, area / 6))
    var axis = Array(repeating: Character(ascii ? "-" : "─"), count: area)
    for v in tickValues { axis[marker(v)] = ascii ? "+" : "┬" }
    lines.append(String(repeating: " ", count: labelWidth + 1) + String(axis))
    var tickRow = Array(repeating: Character(" "), count: options.width)
    var nextFree = 0
    for (v, text) in zip(tickValues, Format.ticks(tickValues)) {
      let chars = Array(text)
      var start = labelWidth + 1 + marker(v) - chars.count / 2
      start = max(nextFree, min(start, options.width - chars.count))
      guard start + chars.count <= options.width else { continue }
      for (k, ch) in chars.enumerated() { tickRow[start + k] = ch }
      nextFree = start + chars.count + 1
    }
    lines.append(String(tickRow).trimmingTrailingSpaces())
    let sample = { (c: Character) in String(repeating: c, count: 2) }
    lines.append(
      contentsOf: Legend.lines(
        [
          LegendEntry(sample: sample(up), color: .red, text: "raises the risk"),
          LegendEntry(sample: sample(down), color: .green, text: "lowers it"),
          LegendEntry(sample: String(rule), color: nil, text: "base and final \(scale)")
        ], options))
    if let finalNote { notes.insert("final score \(Format.fixed(end, 3)) \(scale): \(finalNote)", at: 0) }
    for note in notes { lines.append(contentsOf: Text.block(note, options)) }
    return lines
  }

  static func signed(_ v: Double) -> String {
    (v >= 0 ? "+" : "") + Format.fixed(v, 3)
  }

  /// Colours the non-blank run of a bar row.
  static func colorize(_ text: String, _ color: PlotColor) -> String {
    let chars = Array(text)
    guard let first = chars.firstIndex(where: { $0 != " " }),
      let last = chars.lastIndex(where: { $0 != " " })
    else { return text }
    return String(chars[..<first]) + color.wrap(String(chars[first...last])) + String(chars[(last + 1)...])
  }
}

extension Waterfall {
  /// The rows both renderers draw: largest contribution first, at most `limit`, the rest summed
  /// in one "other features" row so the total still adds up.
  package static func rows(_ contributions: [(label: String, value: Double)], limit: Int) -> [(
    label: String, value: Double
  )] {
    let ordered = contributions.enumerated().sorted {
      abs($0.element.value) != abs($1.element.value)
        ? abs($0.element.value) > abs($1.element.value) : $0.offset < $1.offset
    }.map(\.element)
    var rows = Array(ordered.prefix(limit))
    let rest = ordered.dropFirst(limit)
    if !rest.isEmpty {
      rows.append(("\(rest.count) other features", rest.reduce(0) { $0 + $1.value }))
    }
    return rows
  }
}

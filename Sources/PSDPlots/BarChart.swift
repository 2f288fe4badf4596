import PSDCore

/// Horizontal bars with labels: counts of a categorical column, or a ranking (importance).
package enum BarChart {
  package enum ValueStyle: Sendable {
    /// Whole counts, shown with their share of the total: "1,234 (12.3%)".
    case count
    /// Any non-negative measure (importance, gain), shown compactly: "0.123", "35k".
    case number
  }

  /// `bars` are drawn largest first (when `sorted`), at most `limit` of them; the rest are
  /// summed in a note. `missing` counts rows without a value, said in a note.
  package static func render(
    bars: [(label: String, value: Double)], title: String,
    valueStyle: ValueStyle = .count, missing: Int = 0, limit: Int = 20,
    sorted: Bool = true, options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    try PlotInput.ensurePositive(limit, "limit", max: 10_000)
    guard !bars.isEmpty else {
      if missing > 0 {
        throw PSDError.data("\(title): no values to plot: all \(Format.count(missing)) are missing")
      }
      throw PSDError.data("\(title): nothing to plot (no categories)")
    }
    if let bad = bars.first(where: { !$0.value.isFinite || $0.value < 0 }) {
      throw PSDError.data("\(title): bar '\(bad.label)' has value \(Format.compact(bad.value)); bars need values ≥ 0")
    }
    let ordered =
      sorted
      ? bars.enumerated().sorted {
        $0.element.value != $1.element.value ? $0.element.value > $1.element.value : $0.offset < $1.offset
      }.map(\.element) : bars
    let shown = Array(ordered.prefix(limit))
    let hidden = ordered.dropFirst(limit)
    let total = bars.reduce(0) { $0 + $1.value }
    guard let peak = shown.map(\.value).max(), peak > 0 else {
      throw PSDError.data("\(title): every bar is zero, nothing to draw")
    }

    let ascii = !options.unicode
    let values = shown.map { bar -> String in
      switch valueStyle {
      case .count:
        return Format.count(Int(bar.value.rounded())) + " (" + Format.percent(bar.value / total, digits: 1) + ")"
      case .number:
        return Format.compact(bar.value)
      }
    }
    let valueWidth = values.map(TextWidth.columns).max()!
    let labels = shown.map { Text.plain($0.label, options) }
    let labelWidth = min(labels.map(TextWidth.columns).max()!, max(6, options.width / 3))
    let barArea = options.width - labelWidth - 2 - 1 - valueWidth
    let glyphs = BarGlyphs(options)

    var lines = Text.block(title, options)
    for (i, bar) in shown.enumerated() {
      let eighths = Int((bar.value / peak * Double(barArea * 8)).rounded())
      let drawn = glyphs.horizontal(eighths: eighths)
      let padded = drawn + String(repeating: " ", count: max(0, barArea - drawn.count))
      let colored = options.color ? PlotColor.blue.wrap(drawn) + String(padded.dropFirst(drawn.count)) : padded
      lines.append(
        TextWidth.pad(labels[i], to: labelWidth, ascii: ascii) + " " + (ascii ? "|" : "│")
          + colored + " " + TextWidth.pad(values[i], to: valueWidth, right: true))
    }
    if !hidden.isEmpty {
      let rest = hidden.reduce(0) { $0 + $1.value }
      let amount = valueStyle == .count ? " (\(Format.count(Int(rest.rounded()))) rows)" : ""
      lines.append(contentsOf: Text.block("… \(hidden.count) more not shown\(amount)", options))
    }
    if let note = PlotInput.missingNote(missing) { lines.append(contentsOf: Text.block(note, options)) }
    return lines
  }
}

import PSDCore

/// Default rate per level or bin as horizontal bars, with the overall rate marked on every row:
/// the chart an analyst reads to see which groups are riskier than average.
package enum DefaultRateChart {
  package struct Group: Sendable {
    package var label: String
    package var count: Int
    package var rate: Double
    package init(label: String, count: Int, rate: Double) {
      self.label = label
      self.count = count
      self.rate = rate
    }
  }

  /// Groups are drawn in the order given (levels, or bins in value order).
  package static func render(
    groups: [Group], overall: Double, title: String,
    options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    guard !groups.isEmpty else { throw PSDError.data("\(title): nothing to plot (no groups)") }
    if let bad = groups.first(where: { !$0.rate.isFinite || $0.rate < 0 || $0.rate > 1 }) {
      throw PSDError.data(
        "\(title): group '\(bad.label)' has default rate \(Format.compact(bad.rate)); rates lie in [0, 1]")
    }
    let peak = max(groups.map(\.rate).max()!, overall)
    guard peak > 0 else { throw PSDError.data("\(title): no defaults in any group, nothing to draw") }
    let ascii = !options.unicode
    let values = groups.map { Format.percent($0.rate, digits: 1) + " of " + Format.count($0.count) }
    let valueWidth = values.map(TextWidth.columns).max()!
    let labels = groups.map { Text.plain($0.label, options) }
    let labelWidth = min(labels.map(TextWidth.columns).max()!, max(6, options.width / 3))
    let barArea = max(4, options.width - labelWidth - 2 - 1 - valueWidth)
    let glyphs = BarGlyphs(options)
    let mark = min(barArea - 1, Int((overall / peak * Double(barArea)).rounded(.down)))
    let marker: Character = ascii ? ":" : "┊"

    var lines = Text.block(title + ", overall " + Format.percent(overall, digits: 1) + " " + String(marker), options)
    for (i, group) in groups.enumerated() {
      let eighths = Int((group.rate / peak * Double(barArea * 8)).rounded())
      let drawn = glyphs.horizontal(eighths: eighths)
      var cells = Array(drawn + String(repeating: " ", count: max(0, barArea - drawn.count)))
      // The overall rate shows where the bar stops short of it.
      if drawn.count <= mark { cells[mark] = marker }
      var bar = String(cells)
      if options.color {
        bar = PlotColor.blue.wrap(drawn) + String(cells.dropFirst(drawn.count))
      }
      lines.append(
        TextWidth.pad(labels[i], to: labelWidth, ascii: ascii) + " " + (ascii ? "|" : "│")
          + bar + " " + TextWidth.pad(values[i], to: valueWidth, right: true))
    }
    return lines
  }
}

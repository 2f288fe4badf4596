import PSDCore

/// Vertical histograms: one variable, or one variable split by class with each class scaled to
/// its own total, so a 8 % minority class is as visible as the majority.
package enum Histogram {
  /// How two or more classes share the drawing.
  package enum Layout: String, Sendable, CaseIterable {
    /// Each bin shows one bar per class, next to each other.
    case sideBySide = "side"
    /// The classes are drawn over each other; shades tell where one or both reach.
    case overlaid = "overlay"
  }

  package static let maximumBins = 500

  /// One value to show against the distribution (a client's own value), drawn as a dotted
  /// vertical line with a ▼ on top.
  package struct Marker: Sendable {
    package var value: Double
    package var label: String
    package init(value: Double, label: String) {
      self.value = value
      self.label = label
    }
  }

  /// Counts per equal-width bin over [low, high].
  static func counts(_ values: [Double], bins: Int, low: Double, high: Double) -> [Int] {
    var counts = Array(repeating: 0, count: bins)
    let scale = Double(bins) / (high - low)
    for v in values {
      let i = Int((v - low) * scale)
      counts[min(bins - 1, max(0, i))] += 1
    }
    return counts
  }

  /// Histogram of one variable. NaN and infinite values are counted as missing.
  package static func render(
    values: [Double], label: String, bins: Int? = nil, marker: Marker? = nil,
    options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    let requested = bins ?? min(options.width, maximumBins)
    try PlotInput.ensurePositive(requested, "bins", max: maximumBins)
    let (present, missing) = PlotInput.present(values)
    let (low, high) = try PlotInput.range(present, missing: missing, label: label, chart: "histogram")

    // The y labels decide the gutter, the gutter decides how many bins fit.
    var cache: [Int: [Int]] = [:]
    func binned(_ b: Int) -> [Int] {
      if let c = cache[b] { return c }
      let c = counts(present, bins: b, low: low, high: high)
      cache[b] = c
      return c
    }
    let (binCount, plotColumns) = fit(requested: requested, columnsPerBin: 1, options: options) { b in
      yLabels(top: Double(binned(b).max()!), options: options, percent: false)
    }
    var notes: [String] = []
    if let bins, binCount < bins { notes.append("bins=\(bins) reduced to \(binCount) to fit width=\(options.width)") }
    let binCounts = binned(binCount)
    let top = Double(binCounts.max()!)

    var canvas = Canvas(columns: plotColumns, rows: options.height)
    let glyphs = BarGlyphs(options)
    for (bin, count) in binCounts.enumerated() {
      let eighths = Int((Double(count) / top * Double(options.height * 8)).rounded())
      for c in span(bin, of: binCount, columns: plotColumns) {
        glyphs.vertical(&canvas, column: c, eighths: eighths, style: .solid, color: nil)
      }
    }

    let yTicks = Ticks.nice(0, top, count: yTickCount(options))
    let yTickLabels = yLabels(top: top, options: options, percent: false)
    let xTicks = xAxisTicks(low: low, high: high, columns: plotColumns, options: options)
    if let note = PlotInput.missingNote(missing) { notes.insert(note, at: 0) }
    var legend: [LegendEntry] = []
    if let marker {
      legend.append(draw(marker, on: &canvas, low: low, high: high, options: options))
    }
    let title =
      "\(label): \(Format.count(present.count)) values in \(binCount) bins"
      + " (\(Format.compact(low)) to \(Format.compact(high)))"
    return Frame.compose(
      title: title, yTitle: "count", canvas: canvas,
      yTicks: zip(yTicks, yTickLabels).map { (barRow($0.0, top: top, rows: options.height), $0.1) },
      xTicks: xTicks, xTitle: label, legend: legend, notes: notes, options: options)
  }

  /// One variable split by class (e.g. TARGET=0 and TARGET=1). Each class is drawn as its share
  /// per bin, so classes of very different sizes are equally readable.
  package static func renderByClass(
    classes: [(name: String, values: [Double])], label: String,
    classLabel: String, bins: Int? = nil, layout: Layout = .sideBySide,
    marker: Marker? = nil, options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    let requested = bins ?? min(options.width, maximumBins)
    try PlotInput.ensurePositive(requested, "bins", max: maximumBins)
    let split = classes.map { (name: $0.name, data: PlotInput.present($0.values)) }
    let nonEmpty = split.filter { !$0.data.values.isEmpty }
    let allPresent = split.flatMap { $0.data.values }
    let missing = split.reduce(0) { $0 + $1.data.missing }
    let (low, high) = try PlotInput.range(allPresent, missing: missing, label: label, chart: "histogram")
    guard nonEmpty.count >= 2 else {
      let only = nonEmpty.first?.name ?? "?"
      throw PSDError.data(
        "'\(classLabel)' has a single class (\(only)) among rows with '\(label)': nothing to compare",
        notes: ["drop 'by \(classLabel)' for a plain histogram"], subject: classLabel)
    }
    guard nonEmpty.count <= (layout == .overlaid ? 2 : 4) else {
      throw PSDError.usage(
        "'\(classLabel)' has \(nonEmpty.count) classes: a histogram by class shows at most "
          + (layout == .overlaid ? "2 overlaid" : "4 side by side"), subject: classLabel)
    }

    let k = nonEmpty.count
    let columnsPerBinNeeded = layout == .overlaid ? 1 : k
    var cache: [Int: [[Double]]] = [:]
    func binned(_ b: Int) -> [[Double]] {
      if let c = cache[b] { return c }
      let c = nonEmpty.map { shares(counts($0.data.values, bins: b, low: low, high: high)) }
      cache[b] = c
      return c
    }
    let (binCount, plotColumns) = fit(requested: requested, columnsPerBin: columnsPerBinNeeded, options: options) { b in
      yLabels(top: binned(b).flatMap { $0 }.max()!, options: options, percent: true)
    }
    var notes: [String] = []
    if let bins, binCount < bins { notes.append("bins=\(bins) reduced to \(binCount) to fit width=\(options.width)") }
    let perClass = binned(binCount)
    let top = perClass.flatMap { $0 }.max()!
    let glyphs = BarGlyphs(options)
    var canvas = Canvas(columns: plotColumns, rows: options.height)
    let colors = Array(PlotColor.seriesPalette.prefix(k))

    switch layout {
    case .sideBySide:
      // Every class bar has the same width everywhere; spare columns become gaps between bins.
      let width = max(1, plotColumns / binCount / k)
      for bin in 0..<binCount {
        let columns = span(bin, of: binCount, columns: plotColumns)
        for (c, share) in perClass.enumerated() {
          let eighths = Int((share[bin] / top * Double(options.height * 8)).rounded())
          for i in (c * width)..<((c + 1) * width) {
            glyphs.vertical(
              &canvas, column: columns.lowerBound + i, eighths: eighths,
              style: BarGlyphs.classStyles[c], color: colors[c])
          }
        }
      }
    case .overlaid:
      for bin in 0..<binCount {
        let heights = perClass.map { Int(($0[bin] / top * Double(options.height)).rounded()) }
        for i in span(bin, of: binCount, columns: plotColumns) {
          glyphs.overlay(
            &canvas, column: i, first: heights[0], second: heights[1],
            colors: (colors[0], colors[1]))
        }
      }
    }

    let yTicks = Ticks.nice(0, top, count: yTickCount(options))
    let yTickLabels = yLabels(top: top, options: options, percent: true)
    let xTicks = xAxisTicks(low: low, high: high, columns: plotColumns, options: options)
    var legend: [LegendEntry] = []
    for (c, cls) in nonEmpty.enumerated() {
      let sample = layout == .overlaid ? glyphs.overlaySample(c) : glyphs.sample(BarGlyphs.classStyles[c])
      legend.append(
        LegendEntry(
          sample: sample, color: colors[c],
          text: "\(cls.name) (n=\(Format.count(cls.data.values.count)))"))
    }
    if layout == .overlaid { legend.append(LegendEntry(sample: glyphs.overlaySample(2), color: nil, text: "both")) }
    if let marker {
      legend.append(draw(marker, on: &canvas, low: low, high: high, options: options))
    }
    let missingByClass = split.filter { $0.data.missing > 0 }
      .map { "\(Format.count($0.data.missing)) in \($0.name)" }
    if missing > 0 {
      notes.insert("\(Format.count(missing)) missing not shown (\(missingByClass.joined(separator: ", ")))", at: 0)
    }
    let title = "\(label) by \(classLabel): share of each class per bin, \(binCount) bins"
    return Frame.compose(
      title: title, yTitle: "% of class", canvas: canvas,
      yTicks: zip(yTicks, yTickLabels).map { (barRow($0.0, top: top, rows: options.height), $0.1) },
      xTicks: xTicks, xTitle: label, legend: legend, notes: notes, options: options)
  }

  /// Labels of the y scale for bars up to `top` (counts, or shares shown as percentages).
  static func yLabels(top: Double, options: PlotOptions, percent: Bool) -> [String] {
    let values = Ticks.nice(0, top, count: yTickCount(options))
    return percent ? Format.ticks(values.map { $0 * 100 }).map { $0 + "%" } : Format.ticks(values)
  }

  /// The most bins (up to the request) that fit beside their own y labels; fewer bins mean
  /// taller bars and possibly wider labels, so it settles in a few rounds.
  static func fit(requested: Int, columnsPerBin: Int, options: PlotOptions, labels: (Int) -> [String])
    -> (bins: Int, plotColumns: Int)
  {
    var bins = requested
    for _ in 0..<6 {
      let columns = options.width - Frame.gutter(labels(bins))
      if columns / columnsPerBin >= bins { return (bins, columns) }
      bins = max(1, columns / columnsPerBin)
    }
    // Labels keep growing as bins shrink: settle on the widest gutter seen so far.
    let columns = options.width - Frame.gutter(labels(bins))
    return (max(1, min(bins, columns / columnsPerBin)), columns)
  }

  /// Draws the marker through the empty cells of its column (bars stay whole) with ▼ on top,
  /// and returns its legend entry.
  static func draw(
    _ marker: Marker, on canvas: inout Canvas, low: Double, high: Double,
    options: PlotOptions
  ) -> LegendEntry {
    let unicode = options.unicode
    var text = marker.label
    guard marker.value.isFinite else {
      return LegendEntry(sample: unicode ? "▼" : "v", color: .yellow, text: text + " (missing, not drawn)")
    }
    if marker.value < low || marker.value > high { text += " (outside the range shown)" }
    let position = (marker.value - low) / (high - low) * Double(canvas.columns)
    let column = min(canvas.columns - 1, max(0, Int(position)))
    for row in 1..<canvas.rows where canvas.isEmpty(column: column, row: row) {
      canvas.put(unicode ? "┆" : "|", column: column, row: row, color: .yellow)
    }
    canvas.put(unicode ? "▼" : "v", column: column, row: 0, color: .yellow)
    return LegendEntry(sample: unicode ? "▼" : "v", color: .yellow, text: text)
  }

  /// The columns of part `index` when `count` parts share `columns` as evenly as they can
  /// (widths differ by at most one), so the chart fills its width.
  static func span(_ index: Int, of count: Int, columns: Int) -> Range<Int> {
    (index * columns / count)..<((index + 1) * columns / count)
  }

  static func yTickCount(_ options: PlotOptions) -> Int { max(2, options.height * 2 / 5) }

  static func shares(_ counts: [Int]) -> [Double] {
    let total = Double(counts.reduce(0, +))
    return counts.map { total > 0 ? Double($0) / total : 0 }
  }

  /// The row whose top edge sits at `value` on a bar scale (the axis row for 0).
  static func barRow(_ value: Double, top: Double, rows: Int) -> Int {
    rows - Int((value / top * Double(rows)).rounded())
  }

  /// Round values along a continuous x axis spanning `columns` cells from low to high.
  static func xAxisTicks(low: Double, high: Double, columns: Int, options: PlotOptions)
    -> [(column: Int, label: String)]
  {
    let values = Ticks.nice(low, high, count: max(2, columns / 10))
    let labels = Format.ticks(values)
    return zip(values, labels).map { value, label in
      let column = Int(((value - low) / (high - low) * Double(columns)).rounded(.down))
      return (min(columns - 1, max(0, column)), label)
    }
  }
}

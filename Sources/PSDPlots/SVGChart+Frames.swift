import Foundation
import PSDCore

/// SVG siblings of the frame charts (histogram, histogram by class, bars of counts, scatter), so
/// `plot-ascii ... out="x.svg"` writes every chart kind. Binning is the terminal histogram's
/// (`Histogram.counts`, `PlotInput.range`); a document has no width limit, so the bin count is
/// what was asked for, or 30.
extension SVGChart {
  package static let defaultBins = 30

  package static func histogram(values: [Double], label: String, bins: Int? = nil, marker: Histogram.Marker? = nil)
    throws -> String
  {
    let b = bins ?? defaultBins
    try PlotInput.ensurePositive(b, "bins", max: Histogram.maximumBins)
    let (present, missing) = PlotInput.present(values)
    let (low, high) = try PlotInput.range(present, missing: missing, label: label, chart: "histogram")
    let counts = Histogram.counts(present, bins: b, low: low, high: high).map(Double.init)
    var title = "\(label): \(Format.count(present.count)) values in \(b) bins"
    if let note = PlotInput.missingNote(missing) { title += " (\(note))" }
    return columns(
      title: title, binLabels: binLabels(low, high, b), series: [(label, counts)], percent: false,
      markerIndex: marker.map { bin($0.value, low, high, b) }, markerLabel: marker?.label ?? "")
  }

  /// Each class as its share per bin (each sums to 100 %), so a minority class stays visible.
  package static func histogramByClass(
    classes: [(name: String, values: [Double])], label: String, classLabel: String,
    bins: Int? = nil, marker: Histogram.Marker? = nil
  ) throws -> String {
    let b = bins ?? defaultBins
    try PlotInput.ensurePositive(b, "bins", max: Histogram.maximumBins)
    let split = classes.map { (name: $0.name, values: PlotInput.present($0.values).values) }.filter {
      !$0.values.isEmpty
    }
    let all = split.flatMap(\.values)
    let missing = classes.reduce(0) { $0 + PlotInput.present($1.values).missing }
    let (low, high) = try PlotInput.range(all, missing: missing, label: label, chart: "histogram")
    guard split.count >= 2, split.count <= 4 else {
      throw PSDError.data(
        "'\(classLabel)' has \(split.count) classes among rows with '\(label)': a histogram by class shows 2 to 4",
        subject: classLabel)
    }
    let series = split.map { s -> (name: String, values: [Double]) in
      let counts = Histogram.counts(s.values, bins: b, low: low, high: high)
      return (s.name, counts.map { Double($0) / Double(s.values.count) })
    }
    return columns(
      title: "\(label) by \(classLabel): share of each class per bin", binLabels: binLabels(low, high, b),
      series: series, percent: true, markerIndex: marker.map { bin($0.value, low, high, b) },
      markerLabel: marker?.label ?? "")
  }

  /// Counts per category or value, largest first when `sorted`, at most `limit` bars plus one
  /// "others" bar, so the total is kept.
  package static func counts(
    _ bars: [(label: String, value: Double)], title: String, limit: Int = 20, sorted: Bool = true
  ) throws -> String {
    try PlotInput.ensurePositive(limit, "limit", max: 1000)
    var rows =
      sorted
      ? bars.enumerated().sorted {
        $0.element.value != $1.element.value ? $0.element.value > $1.element.value : $0.offset < $1.offset
      }.map(\.element) : bars
    if rows.count > limit {
      let rest = rows.dropFirst(limit)
      rows = Array(rows.prefix(limit)) + [("\(rest.count) others", rest.reduce(0) { $0 + $1.value })]
    }
    return try self.bars(rows, title: title, values: .count)
  }

  /// Points of two columns; past 4,000 rows every k-th row is drawn (said in the title).
  package static func scatter(x: [Double], y: [Double], xLabel: String, yLabel: String) throws -> String {
    let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
    guard pairs.count >= 2 else {
      throw PSDError.data("scatter: fewer than two rows with both '\(xLabel)' and '\(yLabel)'")
    }
    let (x0, x1) = try PlotInput.range(pairs.map(\.0), missing: 0, label: xLabel, chart: "scatter plot")
    let (y0, y1) = try PlotInput.range(pairs.map(\.1), missing: 0, label: yLabel, chart: "scatter plot")
    let stride = max(1, pairs.count / 4000)
    let left = 56.0, top = 30.0, w = 500.0, h = 200.0
    func px(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * w }
    func py(_ v: Double) -> Double { top + h - (v - y0) / (y1 - y0) * h }
    var title = "\(yLabel) against \(xLabel): \(Format.count(pairs.count)) rows"
    if stride > 1 { title += ", every \(stride)th drawn" }
    var doc = SVGDocument(width: 600, height: 280, title: title)
    doc.text(4, 18, title, weight: "bold")
    axes(&doc, x0: x0, x1: x1, y0: y0, y1: y1, left: left, top: top, w: w, h: h, xLabel: xLabel, yLabel: yLabel)
    for (i, p) in pairs.enumerated() where i % stride == 0 {
      doc.circle(px(p.0), py(p.1), 1.6, fill: accent)
    }
    return doc.finished()
  }

  static func axes(
    _ doc: inout SVGDocument, x0: Double, x1: Double, y0: Double, y1: Double, left: Double, top: Double,
    w: Double, h: Double, xLabel: String, yLabel: String
  ) {
    func px(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * w }
    func py(_ v: Double) -> Double { top + h - (v - y0) / (y1 - y0) * h }
    let xt = Ticks.nice(x0, x1, count: 5), yt = Ticks.nice(y0, y1, count: 4)
    for (v, s) in zip(yt, Format.ticks(yt)) {
      doc.line(left, py(v), left + w, py(v), stroke: "#dddddd")
      doc.text(left - 6, py(v) + 4, s, anchor: "end", size: 10, fill: muted)
    }
    for (v, s) in zip(xt, Format.ticks(xt)) {
      doc.text(px(v), top + h + 14, s, anchor: "middle", size: 10, fill: muted)
    }
    doc.line(left, top + h, left + w, top + h, stroke: ink)
    doc.line(left, top, left, top + h, stroke: ink)
    doc.text(left + w / 2, top + h + 32, xLabel, anchor: "middle", size: 12)
    doc.text(
      12, top + h / 2, yLabel, anchor: "middle", size: 12,
      extra: #"transform="rotate(-90 12 \#(SVGDocument.num(top + h / 2)))""#)
  }

  static func bin(_ v: Double, _ low: Double, _ high: Double, _ b: Int) -> Int {
    min(b - 1, max(0, Int((v - low) * Double(b) / (high - low))))
  }

  static func binLabels(_ low: Double, _ high: Double, _ b: Int) -> [String] {
    (0..<b).map { Format.compact(low + (high - low) * Double($0) / Double(b)) }
  }
}

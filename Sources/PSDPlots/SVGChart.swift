import Foundation
import PSDCore

/// The charts as SVG, for the dashboard, the HTML report and `plot-ascii ... out="x.svg"`.
/// Scales come from the same geometry as the terminal charts (`Gauge.scale`, `Waterfall.rows`,
/// `Ticks.nice`); meaning is always in text too (decision words, signs, legends, hatching for the
/// bad class), never in colour alone. Colours pass WCAG AA on white.
package enum SVGChart {
  static let ink = "#1a1a1a", muted = "#555555", raise = "#b3261e", lower = "#1d6b3a", accent = "#1f4e99"

  /// A client's probability on a 0-to-scale bar with the threshold tick and the decision in words.
  package static func gauge(probability: Double, threshold: Double, client: String) throws -> String {
    for (name, v) in [("probability", probability), ("threshold", threshold)] {
      guard v.isFinite, v >= 0, v <= 1 else {
        throw PSDError.data("gauge: the \(name) must lie between 0 and 1, got \(Format.compact(v))")
      }
    }
    let refused = probability >= threshold
    let decision = refused ? "REFUSED" : "GRANTED"
    let upper = Gauge.scale(probability: probability, threshold: threshold)
    let width = 560.0, left = 20.0, area = 520.0
    func x(_ v: Double) -> Double { left + min(1, v / upper) * area }
    var doc = SVGDocument(
      width: width, height: 120,
      title:
        "Client \(client): probability of default \(Format.fixed(probability, 3)), threshold \(Format.fixed(threshold, 3)), \(decision.lowercased())"
    )
    doc.text(
      left, 18,
      "client \(client) \(decision): probability \(Format.fixed(probability, 3)) \(refused ? "≥" : "<") threshold \(Format.fixed(threshold, 3))",
      weight: "bold", testid: "gauge-caption")
    doc.rect(left, 32, area, 26, fill: "#ffffff", stroke: muted)
    doc.rect(left, 32, x(probability) - left, 26, fill: refused ? raise : lower, extra: #"data-role="probability""#)
    doc.line(x(threshold), 26, x(threshold), 64, stroke: ink, width: 3, extra: #"data-role="threshold""#)
    for (v, label) in zip(Ticks.nice(0, upper, count: 5), Format.ticks(Ticks.nice(0, upper, count: 5))) {
      doc.line(x(v), 58, x(v), 63, stroke: muted)
      doc.text(x(v), 78, label, anchor: "middle", size: 11, fill: muted)
    }
    doc.text(
      x(threshold), 96, "▲ threshold \(Format.fixed(threshold, 3))",
      anchor: x(threshold) > left + area * 0.7 ? "end" : "middle", size: 12)
    if upper < 1 {
      doc.text(left, 114, "scale 0 to \(Format.compact(upper)), zoomed to the values", size: 11, fill: muted)
    }
    return doc.finished()
  }

  /// Signed horizontal bars around zero (reasons, importance): "+" raises the risk, "−" lowers it.
  package enum BarValues: Sendable {
    /// Contributions: "+" raises the risk, "−" lowers it, in this unit.
    case signed(String)
    /// Counts of rows.
    case count
    /// Sizes without a direction (importance), in this unit.
    case magnitude(String)
  }

  package static func bars(
    _ bars: [(label: String, value: Double)], title: String, values: BarValues = .signed("log-odds")
  ) throws -> String {
    guard !bars.isEmpty else { throw PSDError.data("bars: nothing to show") }
    if let bad = bars.first(where: { !$0.value.isFinite }) {
      throw PSDError.data("bars: the value of '\(bad.label)' is not a number")
    }
    let low = min(0, bars.map(\.value).min()!), high = max(0, bars.map(\.value).max()!)
    let span = high - low > 0 ? high - low : 1
    let labelW = 230.0, area = 250.0, row = 22.0
    func x(_ v: Double) -> Double { labelW + (v - low) / span * area }
    func valueText(_ v: Double) -> String {
      switch values {
      case .signed: return signed(v)
      case .count: return Format.count(Int(v.rounded()))
      case .magnitude: return Format.fixed(v, 3)
      }
    }
    let neutral: Bool
    if case .signed = values { neutral = false } else { neutral = true }
    var doc = SVGDocument(width: 600, height: 40 + row * Double(bars.count) + 10, title: title)
    doc.text(4, 18, title, weight: "bold")
    for (i, b) in bars.enumerated() {
      let y = 30 + Double(i) * row
      doc.text(labelW - 6, y + 14, SVGDocument.clip(b.label, 34), anchor: "end", size: 12)
      let from = x(min(0, b.value)), to = x(max(0, b.value))
      doc.rect(from, y + 3, max(1, to - from), row - 8, fill: neutral ? accent : (b.value >= 0 ? raise : lower))
      doc.text(x(high) + 6, y + 14, valueText(b.value), size: 12, fill: ink)
    }
    doc.line(x(0), 26, x(0), 30 + row * Double(bars.count), stroke: ink)
    switch values {
    case .signed(let unit):
      doc.text(
        labelW, 30 + row * Double(bars.count) + 12, "+ raises the risk, − lowers it (\(unit))", size: 11, fill: muted)
    case .magnitude(let unit): doc.text(labelW, 30 + row * Double(bars.count) + 12, "in \(unit)", size: 11, fill: muted)
    case .count: break
    }
    return doc.finished()
  }

  /// The score built up from the base value, one step per feature (same rows as the terminal).
  package static func waterfall(
    base: Double, contributions: [(label: String, value: Double)], title: String,
    finalNote: String? = nil, limit: Int = 12
  ) throws -> String {
    try PlotInput.ensurePositive(limit, "limit", max: 1000)
    guard base.isFinite, !contributions.isEmpty else { throw PSDError.data("waterfall: no contributions to show") }
    let rows = Waterfall.rows(contributions, limit: limit)
    var totals = [base]
    for r in rows { totals.append(totals.last! + r.value) }
    var low = totals.min()!, high = totals.max()!
    if high - low < 1e-12 { low -= 0.5; high += 0.5 }
    let labelW = 230.0, area = 260.0, row = 22.0
    func x(_ v: Double) -> Double { labelW + (v - low) / (high - low) * area }
    let n = Double(rows.count + 2)
    var doc = SVGDocument(width: 600, height: 44 + row * n, title: title)
    doc.text(4, 18, title, weight: "bold")
    func rowText(_ i: Int, _ label: String, _ value: String) {
      let y = 30 + Double(i) * row
      doc.text(labelW - 6, y + 14, SVGDocument.clip(label, 34), anchor: "end", size: 12)
      doc.text(labelW + area + 8, y + 14, value, size: 12)
    }
    rowText(0, "base value", Format.fixed(base, 3))
    doc.line(x(base), 32, x(base), 48, stroke: ink, width: 2)
    for (i, r) in rows.enumerated() {
      let y = 30 + Double(i + 1) * row
      let a = x(totals[i]), b = x(totals[i + 1])
      doc.rect(min(a, b), y + 3, max(1, abs(b - a)), row - 8, fill: r.value >= 0 ? raise : lower)
      rowText(i + 1, r.label, signed(r.value))
    }
    rowText(rows.count + 1, "final score", Format.fixed(totals.last!, 3) + (finalNote.map { " " + $0 } ?? ""))
    let yEnd = 30 + Double(rows.count + 1) * row
    doc.line(x(totals.last!), yEnd + 2, x(totals.last!), yEnd + 18, stroke: ink, width: 2)
    doc.text(labelW, 30 + row * n + 10, "+ raises the risk, − lowers it (log-odds)", size: 11, fill: muted)
    return doc.finished()
  }

  /// One bin of a distribution split by class (a range, or a category's level).
  package struct ClassBin: Sendable {
    package var label: String
    package var from: Double?
    package var to: Double?
    package var good: Int
    package var bad: Int
    package init(label: String, from: Double? = nil, to: Double? = nil, good: Int, bad: Int) {
      self.label = label; self.from = from; self.to = to; self.good = good; self.bad = bad
    }
  }

  /// Shares of good and of bad clients per bin (each class sums to 100 %), the bad class hatched,
  /// with the client's bin marked and named.
  package static func classHistogram(
    _ bins: [ClassBin], title: String, marker: Histogram.Marker?, markerLevel: String? = nil
  ) throws -> String {
    guard !bins.isEmpty else { throw PSDError.data("histogram: no bins to show") }
    let goodTotal = max(1, bins.reduce(0) { $0 + $1.good }), badTotal = max(1, bins.reduce(0) { $0 + $1.bad })
    var markerIndex: Int?
    for (i, b) in bins.enumerated() {
      if let m = marker, let from = b.from, let to = b.to, m.value >= from, m.value <= to, markerIndex == nil {
        markerIndex = i
      }
      if let level = markerLevel, b.label == level { markerIndex = i }
    }
    return columns(
      title: title, binLabels: bins.map(\.label),
      series: [
        ("good clients", bins.map { Double($0.good) / Double(goodTotal) }),
        ("clients who defaulted", bins.map { Double($0.bad) / Double(badTotal) })
      ],
      percent: true, markerIndex: markerIndex, markerLabel: marker?.label ?? markerLevel ?? "")
  }

  /// Grouped columns per bin, one series each (at most 4: solid green, hatched red, solid blue,
  /// solid grey; the legend names them), with an optional marked bin.
  static func columns(
    title: String, binLabels: [String], series: [(name: String, values: [Double])], percent: Bool,
    markerIndex: Int?, markerLabel: String
  ) -> String {
    let fills = [lower, "url(#hatch)", accent, "#6b6b6b"]
    let top = max(percent ? 0.01 : 1, series.flatMap(\.values).max() ?? 0)
    let left = 48.0, area = 520.0, plotTop = 44.0, plotH = 150.0
    let slot = area / Double(max(1, binLabels.count)), k = Double(series.count)
    func y(_ v: Double) -> Double { plotTop + plotH - v / top * plotH }
    var doc = SVGDocument(width: 600, height: 250, title: title)
    doc.defs(
      ##"<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="\##(raise)" stroke-width="3"/></pattern>"##
    )
    doc.text(4, 18, title, weight: "bold")
    var legendX = left
    for (i, s) in series.enumerated() where series.count > 1 {
      doc.rect(legendX, 26, 12, 12, fill: fills[i % 4], stroke: i == 1 ? raise : nil)
      doc.text(legendX + 16, 36, s.name, size: 12)
      legendX += 26 + Double(s.name.count) * 6.5
    }
    for v in Ticks.nice(0, top, count: 4) {
      doc.line(left - 4, y(v), left + area, y(v), stroke: "#dddddd")
      doc.text(
        left - 6, y(v) + 4, percent ? Format.compact(v * 100) + "%" : Format.compact(v),
        anchor: "end", size: 10, fill: muted)
    }
    for i in binLabels.indices {
      let x0 = left + Double(i) * slot, w = max(1, slot / k - 1)
      for (j, s) in series.enumerated() {
        doc.rect(
          x0 + Double(j) * slot / k + 0.5, y(s.values[i]), w, plotTop + plotH - y(s.values[i]), fill: fills[j % 4],
          stroke: j == 1 ? raise : nil)
      }
    }
    doc.line(left, plotTop + plotH, left + area, plotTop + plotH, stroke: ink)
    let step = max(1, binLabels.count / 6)
    for (i, label) in binLabels.enumerated() where i % step == 0 {
      doc.text(
        left + (Double(i) + 0.5) * slot, plotTop + plotH + 14, SVGDocument.clip(label, 12), anchor: "middle", size: 10,
        fill: muted)
    }
    if let i = markerIndex {
      let cx = left + (Double(i) + 0.5) * slot
      doc.line(
        cx, plotTop - 4, cx, plotTop + plotH, stroke: accent, width: 2, dash: "5 3", extra: #"data-role="client""#)
      doc.text(
        cx, plotTop + plotH + 32, "▲ \(markerLabel)",
        anchor: cx > left + area * 0.7 ? "end" : (cx < left + area * 0.3 ? "start" : "middle"),
        size: 12, fill: accent, weight: "bold")
    }
    return doc.finished()
  }

  /// A curve (ROC, cost, calibration, ...) with an optional vertical mark such as the threshold.
  package static func curve(
    x xs: [Double], y ys: [Double], title: String, xLabel: String, yLabel: String,
    mark: (x: Double, label: String)? = nil, diagonal: Bool = false
  ) throws -> String {
    let pts = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
    guard pts.count >= 2 else { throw PSDError.data("curve: needs at least two points with values") }
    var x0 = pts.map(\.0).min()!, x1 = pts.map(\.0).max()!, y0 = pts.map(\.1).min()!, y1 = pts.map(\.1).max()!
    if diagonal { x0 = min(x0, y0); y0 = x0; x1 = max(x1, y1); y1 = x1 }
    if x1 - x0 < 1e-12 { x1 = x0 + 1 }
    if y1 - y0 < 1e-12 { y1 = y0 + 1 }
    let left = 56.0, top = 30.0, w = 500.0, h = 200.0
    func px(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * w }
    func py(_ v: Double) -> Double { top + h - (v - y0) / (y1 - y0) * h }
    var doc = SVGDocument(width: 600, height: 280, title: title)
    doc.text(4, 18, title, weight: "bold")
    axes(&doc, x0: x0, x1: x1, y0: y0, y1: y1, left: left, top: top, w: w, h: h, xLabel: xLabel, yLabel: yLabel)
    if diagonal { doc.line(px(x0), py(y0), px(x1), py(y1), stroke: muted, dash: "4 4") }
    doc.polyline(pts.map { (px($0.0), py($0.1)) }, stroke: accent)
    if let m = mark, m.x.isFinite {
      let cx = px(min(max(m.x, x0), x1))
      doc.line(cx, top, cx, top + h, stroke: raise, width: 2, dash: "5 3", extra: #"data-role="mark""#)
      doc.text(
        cx + (cx > left + w * 0.7 ? -4 : 4), top + 12, m.label, anchor: cx > left + w * 0.7 ? "end" : "start", size: 12,
        fill: raise, weight: "bold")
    }
    return doc.finished()
  }

  /// Several ROC curves on one chart (`plot-ascii roc [m1, m2] on te`): each series has its own
  /// dash pattern as well as its colour, and the legend names it with its AUC.
  package static func rocCurves(_ series: [(name: String, x: [Double], y: [Double], auc: Double?)], title: String)
    throws -> String
  {
    guard !series.isEmpty else { throw PSDError.data("roc: no model to draw") }
    let colours = [accent, raise, lower, ink, muted], dashes: [String?] = [nil, "6 3", "2 3", "8 3 2 3", "1 2"]
    let left = 56.0, top = 30.0, w = 500.0, h = 200.0
    func px(_ v: Double) -> Double { left + v * w }
    func py(_ v: Double) -> Double { top + h - v * h }
    var doc = SVGDocument(width: 600, height: 280 + 16 * Double(series.count), title: title)
    doc.text(4, 18, title, weight: "bold")
    axes(
      &doc, x0: 0, x1: 1, y0: 0, y1: 1, left: left, top: top, w: w, h: h,
      xLabel: "false positive rate", yLabel: "true positive rate")
    doc.line(px(0), py(0), px(1), py(1), stroke: muted, dash: "4 4")
    for (i, s) in series.enumerated() {
      let pts = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
      let colour = colours[i % colours.count], dash = dashes[i % dashes.count]
      doc.polyline(pts.map { (px($0.0), py($0.1)) }, stroke: colour, dash: dash)
      let y = 276 + 16 * Double(i)
      doc.polyline([(left, y - 4), (left + 30, y - 4)], stroke: colour, dash: dash)
      doc.text(left + 36, y, s.name + (s.auc.map { ", AUC " + Format.fixed($0, 3) } ?? ""), size: 12)
    }
    return doc.finished()
  }

  static func signed(_ v: Double) -> String { (v >= 0 ? "+" : "−") + Format.fixed(abs(v), 3) }
}

/// A small SVG writer: numbers with at most two decimals, text escaped, a <title> for screen readers.
package struct SVGDocument {
  private var body: [String] = []
  private var defsText = ""
  let width: Double, height: Double, title: String

  package init(width: Double, height: Double, title: String) {
    self.width = width; self.height = height; self.title = title
  }

  static func num(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(r)
  }

  package static func escape(_ s: String) -> String { Markup.escape(s) }

  static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

  mutating func defs(_ raw: String) { defsText += raw }

  mutating func text(
    _ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Double = 13,
    fill: String = SVGChart.ink, weight: String? = nil, testid: String? = nil, extra: String? = nil
  ) {
    var attrs = #"x="\#(Self.num(x))" y="\#(Self.num(y))" font-size="\#(Self.num(size))" fill="\#(fill)""#
    if anchor != "start" { attrs += #" text-anchor="\#(anchor)""# }
    if let weight { attrs += #" font-weight="\#(weight)""# }
    if let testid { attrs += #" data-testid="\#(testid)""# }
    if let extra { attrs += " " + extra }
    body.append("<text \(attrs)>\(Self.escape(s))</text>")
  }

  mutating func rect(
    _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, extra: String? = nil
  ) {
    var attrs =
      #"x="\#(Self.num(x))" y="\#(Self.num(y))" width="\#(Self.num(max(0, w)))" height="\#(Self.num(max(0, h)))" fill="\#(fill)""#
    if let stroke { attrs += #" stroke="\#(stroke)""# }
    if let extra { attrs += " " + extra }
    body.append("<rect \(attrs)/>")
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
    dash: String? = nil, extra: String? = nil
  ) {
    var attrs =
      #"x1="\#(Self.num(x1))" y1="\#(Self.num(y1))" x2="\#(Self.num(x2))" y2="\#(Self.num(y2))" stroke="\#(stroke)" stroke-width="\#(Self.num(width))""#
    if let dash { attrs += #" stroke-dasharray="\#(dash)""# }
    if let extra { attrs += " " + extra }
    body.append("<line \(attrs)/>")
  }

  mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, fill: String) {
    body.append(#"<circle cx="\#(Self.num(cx))" cy="\#(Self.num(cy))" r="\#(Self.num(r))" fill="\#(fill)"/>"#)
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, dash: String? = nil) {
    let p = points.map { "\(Self.num($0.0)),\(Self.num($0.1))" }.joined(separator: " ")
    let d = dash.map { #" stroke-dasharray="\#($0)""# } ?? ""
    body.append(#"<polyline points="\#(p)" fill="none" stroke="\#(stroke)" stroke-width="2"\#(d)/>"#)
  }

  package func finished() -> String {
    var out =
      #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(Self.num(width)) \#(Self.num(height))" width="\#(Self.num(width))" height="\#(Self.num(height))" role="img" font-family="system-ui, sans-serif">"#
    out += "\n<title>\(Self.escape(title))</title>\n"
    if !defsText.isEmpty { out += "<defs>\(defsText)</defs>\n" }
    out += body.joined(separator: "\n")
    out += "\n</svg>\n"
    return out
  }
}

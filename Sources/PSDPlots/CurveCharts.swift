import Foundation
import PSDCore

/// The curves a credit model is judged by: ROC, precision-recall, business cost against the
/// threshold, calibration, and the score densities of good and bad clients. They take the
/// points (computed by the metrics code); they draw, they do not evaluate.
package enum CurveCharts {
  static let modelColor = PlotColor.blue
  static let referenceColor = PlotColor.gray
  static let markColor = PlotColor.yellow

  /// ROC curve with the diagonal of a random ranking; the AUC goes in the title.
  package static func roc(
    falsePositiveRate fpr: [Double], truePositiveRate tpr: [Double], auc: Double?,
    model: String = "model", options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    let points = try unitCurve(fpr, tpr, what: "ROC curve")
    var plot = XYPlot(x: (0, 1), y: (0, 1), options: options)
    plot.line([(0, 0), (1, 1)], stroke: .dotted, color: referenceColor, asciiMark: ".", priority: 0)
    plot.line(points, stroke: .solid, color: modelColor, asciiMark: "*", priority: 1)
    var title = "ROC curve of \(model)"
    if let auc {
      title += " — AUC \(Format.fixed(auc, 3)) (Gini \(Format.fixed(2 * auc - 1, 3)))"
    }
    return plot.compose(
      title: title, yTitle: "true positive rate (defaults caught)",
      xTitle: "false positive rate (good clients refused)",
      legend: [
        LegendEntry(sample: XYPlot.sample(.solid, options), color: modelColor, text: model),
        LegendEntry(sample: XYPlot.sample(.dotted, options), color: referenceColor, text: "random (AUC 0.5)")
      ],
      notes: [])
  }

  /// One model's ROC curve for `rocOverlay`.
  package struct ROCSeries: Sendable {
    package var name: String
    package var falsePositiveRate: [Double]
    package var truePositiveRate: [Double]
    package var auc: Double?
    package init(name: String, falsePositiveRate: [Double], truePositiveRate: [Double], auc: Double?) {
      self.name = name
      self.falsePositiveRate = falsePositiveRate
      self.truePositiveRate = truePositiveRate
      self.auc = auc
    }
  }

  /// Several models' ROC curves on one chart (up to five), told apart by colour, stroke and, in
  /// ASCII, by mark; each model's AUC in the legend.
  package static func rocOverlay(_ series: [ROCSeries], options: PlotOptions = PlotOptions()) throws -> [String] {
    let options = try options.validated()
    let colors: [PlotColor] = [.blue, .red, .green, .magenta, .cyan]
    let marks: [Character] = ["*", "o", "+", "x", "#"]
    guard (1...colors.count).contains(series.count) else {
      throw PSDError.usage("an ROC overlay draws 1 to \(colors.count) models, not \(series.count)")
    }
    var plot = XYPlot(x: (0, 1), y: (0, 1), options: options)
    plot.line([(0, 0), (1, 1)], stroke: .dotted, color: referenceColor, asciiMark: ".", priority: 0)
    var legend: [LegendEntry] = []
    for (k, s) in series.enumerated() {
      let points = try unitCurve(s.falsePositiveRate, s.truePositiveRate, what: "ROC curve of \(s.name)")
      let stroke: Canvas.Stroke = k % 2 == 0 ? .solid : .dashed
      // Later models drawn under earlier ones where they cross, so the first stays readable.
      plot.line(points, stroke: stroke, color: colors[k], asciiMark: marks[k], priority: series.count - k)
      var text = s.name
      if let auc = s.auc { text += " (AUC \(Format.fixed(auc, 3)))" }
      legend.append(
        LegendEntry(
          sample: XYPlot.sample(stroke, options, ascii: String(repeating: marks[k], count: 2)),
          color: colors[k], text: text))
    }
    legend.append(LegendEntry(sample: XYPlot.sample(.dotted, options), color: referenceColor, text: "random (AUC 0.5)"))
    return plot.compose(
      title: "ROC curves of " + series.map(\.name).joined(separator: ", "),
      yTitle: "true positive rate (defaults caught)",
      xTitle: "false positive rate (good clients refused)", legend: legend, notes: [])
  }

  /// Precision against recall, with the no-skill line at the default rate.
  package static func precisionRecall(
    recall: [Double], precision: [Double], defaultRate: Double?,
    averagePrecision: Double? = nil, model: String = "model",
    options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    let points = try unitCurve(recall, precision, what: "precision-recall curve")
    var plot = XYPlot(x: (0, 1), y: (0, 1), options: options)
    var legend = [LegendEntry(sample: XYPlot.sample(.solid, options), color: modelColor, text: model)]
    if let rate = defaultRate, rate.isFinite, rate >= 0, rate <= 1 {
      plot.line([(0, rate), (1, rate)], stroke: .dotted, color: referenceColor, asciiMark: ".", priority: 0)
      legend.append(
        LegendEntry(
          sample: XYPlot.sample(.dotted, options), color: referenceColor,
          text: "no skill (default rate \(Format.fixed(rate, 3)))"))
    }
    plot.line(points, stroke: .solid, color: modelColor, asciiMark: "*", priority: 1)
    var title = "precision-recall curve of \(model)"
    if let ap = averagePrecision { title += " — PR-AUC \(Format.fixed(ap, 3))" }
    return plot.compose(
      title: title, yTitle: "precision (refused who default)",
      xTitle: "recall (defaults caught)", legend: legend, notes: [])
  }

  /// Business cost at each threshold, the cheapest threshold marked.
  package static func cost(
    thresholds: [Double], costs: [Double], costLabel: String = "cost",
    chosen: Double? = nil, model: String = "model",
    options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    guard thresholds.count == costs.count else {
      throw PSDError.data("cost curve: \(thresholds.count) thresholds but \(costs.count) costs")
    }
    let points = zip(thresholds, costs).filter { $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
    guard points.count >= 2 else {
      throw PSDError.data("cost curve: need at least two thresholds with a cost, got \(points.count)")
    }
    let best = points.min { $0.1 < $1.1 }!
    // From 0 to a round value past the highest threshold: calibrated PDs rarely pass 0.3.
    let xLow = min(0, points.first!.0)
    let last = max(points.last!.0, chosen.map { $0.isFinite ? min($0, 1) : 0 } ?? 0)
    let xStep = Ticks.step(for: last - xLow, count: 5)
    let xHigh = max(last, (last / xStep).rounded(.up) * xStep)
    var yLow = points.map(\.1).min()!, yHigh = points.map(\.1).max()!
    if yHigh == yLow { yLow -= 1; yHigh += 1 }
    let pad = (yHigh - yLow) * 0.05
    var plot = XYPlot(
      x: (xLow, xHigh), y: (yLow >= 0 ? max(0, yLow - pad) : yLow - pad, yHigh + pad),
      options: options)
    plot.line(points.map { ($0.0, $0.1) }, stroke: .solid, color: modelColor, asciiMark: "*", priority: 1)
    plot.vertical(at: best.0, color: markColor)
    plot.mark(best.0, best.1, glyph: "◆", asciiGlyph: "X", color: markColor)
    var legend = [
      LegendEntry(sample: XYPlot.sample(.solid, options), color: modelColor, text: costLabel),
      LegendEntry(
        sample: options.unicode ? "◆" : "X", color: markColor,
        text: "minimum \(amount(best.1)) at threshold \(Format.fixed(best.0, 3))")
    ]
    if let chosen, chosen.isFinite, chosen >= xLow, chosen <= xHigh {
      plot.vertical(at: chosen, glyph: "╎", asciiGlyph: ":", color: referenceColor)
      legend.append(
        LegendEntry(
          sample: options.unicode ? "╎" : ":", color: referenceColor,
          text: "threshold in use \(Format.fixed(chosen, 3))"))
    }
    return plot.compose(
      title: "business cost of \(model) by threshold — cheapest at \(Format.fixed(best.0, 3))",
      yTitle: costLabel, xTitle: "threshold (refuse when probability ≥ threshold)", legend: legend, notes: [])
  }

  /// Mean predicted probability against the observed default rate per bin; a calibrated model
  /// follows the diagonal. `counts` (clients per bin) go in the legend's total.
  package static func calibration(
    predicted: [Double], observed: [Double], counts: [Int]? = nil,
    model: String = "model", options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    guard predicted.count == observed.count else {
      throw PSDError.data("calibration: \(predicted.count) predicted means but \(observed.count) observed rates")
    }
    let points = zip(predicted, observed).filter { $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
    guard points.count >= 2 else {
      throw PSDError.data("calibration: need at least two bins with clients, got \(points.count)")
    }
    guard points.allSatisfy({ (0...1).contains($0.0) && (0...1).contains($0.1) }) else {
      throw PSDError.data("calibration: probabilities and rates must lie between 0 and 1")
    }
    // Zoom on the probabilities that occur: with an 8 % default rate most fall below 0.3.
    let top = points.map { max($0.0, $0.1) }.max()!
    let upper = min(
      1, Ticks.step(for: top * 1.05, count: 5) * ((top * 1.05) / Ticks.step(for: top * 1.05, count: 5)).rounded(.up))
    var plot = XYPlot(x: (0, upper), y: (0, upper), options: options)
    plot.line([(0, 0), (upper, upper)], stroke: .dotted, color: referenceColor, asciiMark: ".", priority: 0)
    plot.line(points.map { ($0.0, $0.1) }, stroke: .solid, color: modelColor, asciiMark: "*", priority: 1)
    for p in points { plot.mark(p.0, p.1, glyph: "●", asciiGlyph: "o", color: modelColor) }
    var notes: [String] = []
    if let counts { notes.append("\(points.count) bins, \(Format.count(counts.reduce(0, +))) clients") }
    return plot.compose(
      title: "calibration of \(model): predicted against observed default rate",
      yTitle: "observed default rate", xTitle: "mean predicted probability",
      legend: [
        LegendEntry(sample: options.unicode ? "●" : "o", color: modelColor, text: "\(model) (one mark per bin)"),
        LegendEntry(sample: XYPlot.sample(.dotted, options), color: referenceColor, text: "perfect calibration")
      ],
      notes: notes)
  }

  /// Densities of the scores of good and bad clients, with the decision threshold.
  package static func scoreDensities(
    good: [Double], bad: [Double], threshold: Double?,
    goodLabel: String = "good clients", badLabel: String = "bad clients",
    model: String = "model", options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    let (g, gMissing) = PlotInput.present(good)
    let (b, bMissing) = PlotInput.present(bad)
    guard !g.isEmpty, !b.isEmpty else {
      let absent = g.isEmpty ? goodLabel : badLabel
      throw PSDError.data("score densities need both classes: there are no \(absent) with a score")
    }
    var low = min(g.min()!, b.min()!), high = max(g.max()!, b.max()!)
    if let t = threshold, t.isFinite { low = min(low, t); high = max(high, t) }
    guard high > low else {
      throw PSDError.data("every score is \(Format.compact(low)): the model does not separate clients")
    }
    // Round the scale outward so the ticks land on its ends.
    let step = Ticks.step(for: high - low, count: 5)
    low = max(low < 0 ? -Double.infinity : 0, (low / step).rounded(.down) * step)
    high = (high / step).rounded(.up) * step

    // Densities on the dot grid, lightly smoothed so sampling noise does not read as shape.
    let probe = XYPlot(x: (low, high), y: (0, 1), options: options)
    let bins = max(10, probe.canvas.dotWidth)
    func density(_ values: [Double]) -> [Double] {
      var counts = Array(repeating: 0.0, count: bins)
      for v in values { counts[min(bins - 1, max(0, Int((v - low) / (high - low) * Double(bins))))] += 1 }
      // Silverman's rule: the fewer the clients, the wider the kernel (72 defaulters in a test
      // split would otherwise read as a comb).
      let binWidth = (high - low) / Double(bins)
      let sigma = max(1.0, silvermanBandwidth(values) / binWidth)
      let reach = min(bins, Int(3 * sigma))
      let kernel = (-reach...reach).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
      var smooth = Array(repeating: 0.0, count: bins)
      for i in 0..<bins {
        var sum = 0.0, weight = 0.0
        for (k, w) in kernel.enumerated() {
          let j = i + k - reach
          guard j >= 0 && j < bins else { continue }
          sum += counts[j] * w
          weight += w
        }
        smooth[i] = sum / weight / Double(values.count) / binWidth
      }
      return smooth
    }
    let dg = density(g), db = density(b)
    let peak = max(dg.max()!, db.max()!) * 1.05
    var plot = XYPlot(x: (low, high), y: (0, peak), options: options)
    let centre = { (i: Int) in low + (Double(i) + 0.5) * (high - low) / Double(bins) }
    plot.line(dg.indices.map { (centre($0), dg[$0]) }, stroke: .solid, color: .green, asciiMark: "*", priority: 1)
    plot.line(db.indices.map { (centre($0), db[$0]) }, stroke: .dashed, color: .red, asciiMark: "o", priority: 2)
    var legend = [
      LegendEntry(
        sample: XYPlot.sample(.solid, options), color: .green,
        text: "\(goodLabel) (n=\(Format.count(g.count)))"),
      LegendEntry(
        sample: XYPlot.sample(.dashed, options, ascii: "oo"), color: .red,
        text: "\(badLabel) (n=\(Format.count(b.count)))")
    ]
    let title = "score densities of \(model)"
    var notes: [String] = []
    if let t = threshold, t.isFinite {
      plot.vertical(at: t, color: markColor)
      legend.append(
        LegendEntry(
          sample: options.unicode ? "┆" : "|", color: markColor,
          text: "threshold \(Format.fixed(t, 3))"))
      let refusedBad = Double(b.filter { $0 >= t }.count) / Double(b.count)
      let refusedGood = Double(g.filter { $0 >= t }.count) / Double(g.count)
      notes.append(
        "at threshold \(Format.fixed(t, 3)): \(Format.percent(refusedBad, digits: 1)) of \(badLabel) "
          + "and \(Format.percent(refusedGood, digits: 1)) of \(goodLabel) refused")
    }
    if gMissing + bMissing > 0 {
      notes.append("\(Format.count(gMissing + bMissing)) clients without a score not shown")
    }
    return plot.compose(
      title: title, yTitle: "density", xTitle: "probability of default",
      legend: legend, notes: notes)
  }

  /// Gaussian kernel bandwidth 0.9 · min(sd, IQR/1.34) · n^(-1/5).
  static func silvermanBandwidth(_ values: [Double]) -> Double {
    let n = Double(values.count)
    guard values.count > 1 else { return 0 }
    let mean = values.reduce(0, +) / n
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    let sorted = values.sorted()
    let iqr = sorted[Int(0.75 * (n - 1))] - sorted[Int(0.25 * (n - 1))]
    let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
    return 0.9 * spread * pow(n, -0.2)
  }

  /// Costs read in full when large ("23,579"), compactly when small or fractional.
  static func amount(_ v: Double) -> String {
    abs(v) >= 100 ? Format.count(Int(v.rounded())) : Format.compact(v)
  }

  /// Validated points of a curve drawn in the unit square.
  static func unitCurve(_ xs: [Double], _ ys: [Double], what: String) throws -> [(Double, Double)] {
    guard xs.count == ys.count else {
      throw PSDError.data("\(what): \(xs.count) x values but \(ys.count) y values")
    }
    guard xs.count >= 2 else {
      throw PSDError.data("\(what): need at least two points, got \(xs.count)")
    }
    guard zip(xs, ys).allSatisfy({ $0.0.isFinite && $0.1.isFinite && (0...1).contains($0.0) && (0...1).contains($0.1) })
    else {
      throw PSDError.data("\(what): rates must lie between 0 and 1")
    }
    return Array(zip(xs, ys))
  }
}

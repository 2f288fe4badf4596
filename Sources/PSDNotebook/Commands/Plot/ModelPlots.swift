import PSDCore
import PSDData
import PSDLanguage
import PSDModels
import PSDPlots

/// Charts of a model on a frame: the curves it is judged by, one client's contributions and
/// decision, and global importance. The numbers come from PSDModels (metrics, threshold search,
/// reliability table, TreeSHAP); this file only gathers them for PSDPlots.
enum ModelPlots {
  static func chart(_ kind: String, _ c: CommandContext, _ options: PlotOptions) throws -> DrawnChart {
    if kind == "roc", case .list = c.nextArgument?.kind { return try rocOverlay(c, options) }
    let (model, modelName) = try c.model()
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame to score")
    switch kind {
    case "waterfall": return try waterfall(model, modelName, frame, frameName, c, options)
    case "gauge": return try gauge(model, modelName, frame, frameName, c, options)
    default: break
    }
    let outcome = try Outcomes(model: model, frame: frame, frameName: frameName, control: c.control)
    var chart: DrawnChart
    switch kind {
    case "roc":
      let points = curvePoints(scores: outcome.scores, labels: outcome.labels)
      let auc = rocAUC(scores: outcome.scores, labels: outcome.labels)
      chart = DrawnChart(
        lines: try CurveCharts.roc(
          falsePositiveRate: points.map(\.falsePositiveRate),
          truePositiveRate: points.map(\.truePositiveRate), auc: auc,
          model: modelName, options: options),
        svg: try SVGChart.curve(
          x: points.map(\.falsePositiveRate), y: points.map(\.truePositiveRate),
          title: "ROC of \(modelName)" + (auc.map { ", AUC \(Format.fixed($0, 3))" } ?? ""),
          xLabel: "false positive rate", yLabel: "true positive rate", diagonal: true))
    case "pr":
      // The "refuse nobody" point has no precision: start at the first refusal.
      let points = curvePoints(scores: outcome.scores, labels: outcome.labels).dropFirst()
      chart = DrawnChart(
        lines: try CurveCharts.precisionRecall(
          recall: points.map(\.truePositiveRate), precision: points.map(\.precision),
          defaultRate: outcome.defaultRate,
          averagePrecision: averagePrecision(scores: outcome.scores, labels: outcome.labels),
          model: modelName, options: options),
        svg: try SVGChart.curve(
          x: points.map(\.truePositiveRate), y: points.map(\.precision),
          title: "precision and recall of \(modelName) (default rate \(Format.fixed(outcome.defaultRate, 3)))",
          xLabel: "recall", yLabel: "precision"))
    case "cost":
      let fn = try c.doubleValue("fn"), fp = try c.doubleValue("fp")
      guard fn + fp > 0 else {  // each is 0 or more (declared)
        throw c.error("plot-ascii cost: fn= and fp= must not both be 0", at: c.option("fn")?.value)
      }
      let choice = chooseThreshold(
        scores: outcome.scores, labels: outcome.labels,
        cost: BusinessCost(falseNegative: fn, falsePositive: fp))
      // Every threshold above the highest score means "grant everybody": put that point just
      // above the highest score, so the chart zooms on the scores that occur.
      var curve = choice.curve.map { ($0.threshold, $0.cost) }
      if curve.count > 1, curve[0].0 > curve[1].0 { curve[0].0 = curve[1].0.nextUp }
      let costLabel = "cost \(Format.number(fn))×FN + \(Format.number(fp))×FP"
      chart = DrawnChart(
        lines: try CurveCharts.cost(
          thresholds: curve.map(\.0), costs: curve.map(\.1), costLabel: costLabel, chosen: model.threshold,
          model: modelName, options: options),
        svg: try SVGChart.curve(
          x: curve.map(\.0), y: curve.map(\.1), title: "\(costLabel) by threshold, \(modelName)",
          xLabel: "threshold on the probability of default", yLabel: "cost",
          mark: (model.threshold, "threshold \(Format.fixed(model.threshold, 3))")))
    case "scores":
      let threshold = try c.double("threshold", default: model.threshold)
      var good: [Double] = [], bad: [Double] = []
      for (s, l) in zip(outcome.scores, outcome.labels) { if l { bad.append(s) } else { good.append(s) } }
      let goodLabel = "repaid (\(model.target)=0)", badLabel = "defaulted (\(model.target)=1)"
      chart = DrawnChart(
        lines: try CurveCharts.scoreDensities(
          good: good, bad: bad, threshold: threshold, goodLabel: goodLabel, badLabel: badLabel,
          model: modelName, options: options),
        svg: try SVGChart.histogramByClass(
          classes: [(goodLabel, good), (badLabel, bad)],
          label: "probability of default from \(modelName)", classLabel: model.target,
          marker: .init(value: threshold, label: "threshold \(Format.fixed(threshold, 3))")))
    case "calibration":
      let groups = try c.int("bins", default: 10)
      guard groups >= 2 && groups <= 100 else {
        throw c.error("plot-ascii calibration: bins= must be between 2 and 100", at: c.option("bins")?.value)
      }
      let table = ReliabilityTable(probabilities: outcome.scores, labels: outcome.labels, groups: groups)
      chart = DrawnChart(
        lines: try CurveCharts.calibration(
          predicted: table.bins.map(\.meanPredicted), observed: table.bins.map(\.observedRate),
          counts: table.bins.map(\.count), model: modelName, options: options),
        svg: try SVGChart.curve(
          x: table.bins.map(\.meanPredicted), y: table.bins.map(\.observedRate),
          title: "calibration of \(modelName): observed default rate by predicted group",
          xLabel: "mean predicted probability", yLabel: "observed rate", diagonal: true))
      chart.notes.append("expected calibration error \(Format.fixed(table.expectedCalibrationError))")
    default:
      throw c.error("plot-ascii: no chart '\(kind)'")
    }
    if outcome.unlabelled > 0 {
      chart.notes.append("\(Format.count(outcome.unlabelled)) rows with no \(model.target) not shown")
    }
    return chart
  }

  /// Scores and outcomes of the rows whose target is known.
  /// `plot-ascii roc [m1, m2] on te`: the models' ROC curves on one chart.
  static func rocOverlay(_ c: CommandContext, _ options: PlotOptions) throws -> DrawnChart {
    let models = try CompareCommand.models(c)
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame to score")
    let series = try models.map { m, name in
      let outcome = try Outcomes(model: m, frame: frame, frameName: frameName, control: c.control)
      let points = curvePoints(scores: outcome.scores, labels: outcome.labels)
      return CurveCharts.ROCSeries(
        name: name, falsePositiveRate: points.map(\.falsePositiveRate),
        truePositiveRate: points.map(\.truePositiveRate),
        auc: rocAUC(scores: outcome.scores, labels: outcome.labels))
    }
    return DrawnChart(
      lines: try CurveCharts.rocOverlay(series, options: options),
      svg: try SVGChart.rocCurves(
        series.map { ($0.name, $0.falsePositiveRate, $0.truePositiveRate, $0.auc) },
        title: "ROC of " + series.map(\.name).joined(separator: ", ") + " on \(frameName)"))
  }

  struct Outcomes {
    var scores: [Double] = []
    var labels: [Bool] = []
    var unlabelled = 0

    init(model: CreditModel, frame: DataFrame, frameName: String, control: TaskControl) throws {
      guard let target = frame[model.target] else {
        throw PSDError.data(
          "'\(frameName)' has no column '\(model.target)': this chart compares scores with outcomes",
          notes: ["score a frame that still has \(model.target), such as the test split"])
      }
      let pd = try model.probabilities(frame)
      guard let outcomes = target.doubles() else {
        throw PSDError.data("'\(model.target)' is categorical: outcomes must be 0 or 1", subject: model.target)
      }
      for (p, y) in zip(pd, outcomes) {
        guard !y.isNaN, !p.isNaN else { unlabelled += 1; continue }
        scores.append(p)
        labels.append(y != 0)
      }
      let defaults = labels.filter { $0 }.count
      guard defaults > 0, defaults < labels.count else {
        throw PSDError.data(
          "'\(frameName)' has a single class of \(model.target) "
            + "(\(defaults == 0 ? "no defaults" : "only defaults")): nothing to compare",
          subject: frameName)
      }
    }

    var defaultRate: Double { Double(labels.filter { $0 }.count) / Double(labels.count) }
  }

  static func waterfall(
    _ model: CreditModel, _ modelName: String, _ frame: DataFrame, _ frameName: String,
    _ c: CommandContext, _ options: PlotOptions
  ) throws -> DrawnChart {
    let (row, id) = try c.clientRow(in: frame, named: frameName)
    let matrix = try model.featureMatrix(frame.gather([row]))
    let contributions = try model.contributions(matrix, control: c.control)
    let explanation = explainClient(
      model: model, matrix: matrix, row: 0, contributions: contributions.row(0),
      base: contributions.base, labels: nil)
    let limit = try c.int("limit", default: 12)
    let steps = explanation.contributions.map { ("\($0.name) = \(shortValue($0.valueText))", $0.logOdds) }
    let title = "client \(id): contributions to the score of \(modelName) (log-odds of default)"
    let finalNote =
      "probability of default \(Format.fixed(explanation.pd, 3)), threshold "
      + "\(Format.fixed(model.threshold, 3)) → \(explanation.refused ? "REFUSED" : "GRANTED")"
    return DrawnChart(
      lines: try Waterfall.render(
        base: explanation.base, contributions: steps, final: explanation.raw,
        title: title, finalNote: finalNote, limit: limit, options: options),
      svg: try SVGChart.waterfall(
        base: explanation.base, contributions: steps, title: title,
        finalNote: finalNote, limit: limit))
  }

  static func gauge(
    _ model: CreditModel, _ modelName: String, _ frame: DataFrame, _ frameName: String,
    _ c: CommandContext, _ options: PlotOptions
  ) throws -> DrawnChart {
    let (row, id) = try c.clientRow(in: frame, named: frameName)
    let pd = try model.probabilities(frame.gather([row]))[0]
    let threshold = try c.double("threshold", default: model.threshold)
    return DrawnChart(
      lines: try Gauge.render(probability: pd, threshold: threshold, client: id, options: options),
      svg: try SVGChart.gauge(probability: pd, threshold: threshold, client: id))
  }

  /// `bar importance M [on X]`: mean |SHAP| on a frame, or split gain from training without one.
  static func importance(_ c: CommandContext, _ options: PlotOptions) throws -> DrawnChart {
    let (model, modelName) = try c.model()
    let limit = try c.int("limit", default: 20)
    let names = model.features.map(\.name)
    if c.keyword("on") {
      let (frame, frameName) = try c.frame("a frame to explain")
      let matrix = try model.featureMatrix(frame)
      let contributions = try model.contributions(matrix, control: c.control)
      let meanAbs = meanAbsoluteContributions(contributions.values, rows: matrix.rowCount, features: names.count)
      let title =
        "importance of \(modelName) on \(frameName): mean |contribution| (log-odds), "
        + "\(Format.count(matrix.rowCount)) rows"
      let bars = zip(names, meanAbs).map { ($0.0, $0.1) }
      return DrawnChart(
        lines: try BarChart.render(bars: bars, title: title, valueStyle: .number, limit: limit, options: options),
        svg: try SVGChart.bars(largest(bars, limit), title: title, values: .magnitude("log-odds")))
    }
    guard let (gain, _) = model.splitImportance() else {
      throw c.error(
        "plot-ascii bar importance: a \(model.kindName) model has no split gain; "
          + "add 'on FRAME' for mean contributions")
    }
    let title = "importance of \(modelName): total split gain in training"
    let bars = zip(names, gain).map { ($0.0, $0.1) }
    return DrawnChart(
      lines: try BarChart.render(bars: bars, title: title, valueStyle: .number, limit: limit, options: options),
      svg: try SVGChart.bars(largest(bars, limit), title: title, values: .magnitude("split gain")))
  }

  /// The `limit` largest bars, largest first (the SVG shows what the terminal chart shows).
  static func largest(_ bars: [(String, Double)], _ limit: Int) -> [(label: String, value: Double)] {
    Array(bars.sorted { $0.1 > $1.1 }.prefix(max(1, limit)).map { (label: $0.0, value: $0.1) })
  }

  /// A feature value short enough for a chart label: numbers in compact form (150750 → 151k) so
  /// a label cut to fit never shows a different number; categories as they are.
  static func shortValue(_ text: String) -> String {
    guard let v = Double(text), v.isFinite, abs(v) >= 1000 else { return text }
    return Format.compact(v)
  }
}

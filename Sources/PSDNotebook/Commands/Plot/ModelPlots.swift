import PSDCore
import PSDData
import PSDLanguage
import PSDModels
import PSDPlots

/// Charts of a model on a frame: the curves it is judged by, one client's contributions and
/// decision, and global importance. The numbers come from PSDModels (metrics, threshold search,
/// reliability table, TreeSHAP); this file only gathers them for PSDPlots.
enum ModelPlots {
  static func chart(_ kind: String, _ c: CommandContext, _ options: PlotOptions) throws -> [String] {
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
    var lines: [String]
    switch kind {
    case "roc":
      let points = curvePoints(scores: outcome.scores, labels: outcome.labels)
      lines = try CurveCharts.roc(falsePositiveRate: points.map(\.falsePositiveRate),
                                  truePositiveRate: points.map(\.truePositiveRate),
                                  auc: rocAUC(scores: outcome.scores, labels: outcome.labels),
                                  model: modelName, options: options)
    case "pr":
      // The "refuse nobody" point has no precision: start at the first refusal.
      let points = curvePoints(scores: outcome.scores, labels: outcome.labels).dropFirst()
      lines = try CurveCharts.precisionRecall(
        recall: points.map(\.truePositiveRate), precision: points.map(\.precision),
        defaultRate: outcome.defaultRate, averagePrecision: averagePrecision(scores: outcome.scores, labels: outcome.labels),
        model: modelName, options: options)
    case "cost":
      let fn = try c.double("fn", default: 10), fp = try c.double("fp", default: 1)
      guard fn >= 0, fp >= 0, fn + fp > 0 else {
        throw c.error("plot-ascii cost: fn= and fp= must be ≥ 0 and not both 0", at: c.option("fn")?.value)
      }
      let choice = chooseThreshold(scores: outcome.scores, labels: outcome.labels,
                                   cost: BusinessCost(falseNegative: fn, falsePositive: fp))
      // Every threshold above the highest score means "grant everybody": put that point just
      // above the highest score, so the chart zooms on the scores that occur.
      var curve = choice.curve.map { ($0.threshold, $0.cost) }
      if curve.count > 1, curve[0].0 > curve[1].0 { curve[0].0 = curve[1].0.nextUp }
      lines = try CurveCharts.cost(
        thresholds: curve.map(\.0), costs: curve.map(\.1),
        costLabel: "cost \(Format.number(fn))×FN + \(Format.number(fp))×FP", chosen: model.threshold,
        model: modelName, options: options)
    case "scores":
      let threshold = try c.double("threshold", default: model.threshold)
      var good: [Double] = [], bad: [Double] = []
      for (s, l) in zip(outcome.scores, outcome.labels) { if l { bad.append(s) } else { good.append(s) } }
      lines = try CurveCharts.scoreDensities(
        good: good, bad: bad, threshold: threshold, goodLabel: "repaid (\(model.target)=0)",
        badLabel: "defaulted (\(model.target)=1)", model: modelName, options: options)
    case "calibration":
      let groups = try c.int("bins", default: 10)
      guard groups >= 2 && groups <= 100 else {
        throw c.error("plot-ascii calibration: bins= must be between 2 and 100", at: c.option("bins")?.value)
      }
      let table = ReliabilityTable(probabilities: outcome.scores, labels: outcome.labels, groups: groups)
      lines = try CurveCharts.calibration(
        predicted: table.bins.map(\.meanPredicted), observed: table.bins.map(\.observedRate),
        counts: table.bins.map(\.count), model: modelName, options: options)
      lines.append("expected calibration error \(Format.fixed(table.expectedCalibrationError))")
    default:
      throw c.error("plot-ascii: no chart '\(kind)'")
    }
    if outcome.unlabelled > 0 {
      lines.append("\(Format.count(outcome.unlabelled)) rows with no \(model.target) not shown")
    }
    return lines
  }

  /// Scores and outcomes of the rows whose target is known.
  /// `plot-ascii roc [m1, m2] on te`: the models' ROC curves on one chart.
  static func rocOverlay(_ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    let models = try CompareCommand.models(c)
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame to score")
    let series = try models.map { m, name in
      let outcome = try Outcomes(model: m, frame: frame, frameName: frameName, control: c.control)
      let points = curvePoints(scores: outcome.scores, labels: outcome.labels)
      return CurveCharts.ROCSeries(name: name, falsePositiveRate: points.map(\.falsePositiveRate),
                                   truePositiveRate: points.map(\.truePositiveRate),
                                   auc: rocAUC(scores: outcome.scores, labels: outcome.labels))
    }
    return try CurveCharts.rocOverlay(series, options: options)
  }

  struct Outcomes {
    var scores: [Double] = []
    var labels: [Bool] = []
    var unlabelled = 0

    init(model: CreditModel, frame: DataFrame, frameName: String, control: TaskControl) throws {
      guard let target = frame[model.target] else {
        throw PSDError.data("'\(frameName)' has no column '\(model.target)': this chart compares scores with outcomes",
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
        throw PSDError.data("'\(frameName)' has a single class of \(model.target) "
                            + "(\(defaults == 0 ? "no defaults" : "only defaults")): nothing to compare",
                            subject: frameName)
      }
    }

    var defaultRate: Double { Double(labels.filter { $0 }.count) / Double(labels.count) }
  }

  static func waterfall(_ model: CreditModel, _ modelName: String, _ frame: DataFrame, _ frameName: String,
                        _ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    let (row, id) = try ClientLookup.row(c, frame, frameName)
    let matrix = try model.featureMatrix(frame.gather([row]))
    let contributions = try model.contributions(matrix, control: c.control)
    let explanation = explainClient(model: model, matrix: matrix, row: 0, contributions: contributions.row(0),
                                    base: contributions.base, labels: nil)
    let limit = try c.int("limit", default: 12)
    return try Waterfall.render(
      base: explanation.base,
      contributions: explanation.contributions.map { ("\($0.name) = \(shortValue($0.valueText))", $0.logOdds) },
      final: explanation.raw,
      title: "client \(id): contributions to the score of \(modelName) (log-odds of default)",
      finalNote: "probability of default \(Format.fixed(explanation.pd, 3)), threshold "
        + "\(Format.fixed(model.threshold, 3)) → \(explanation.refused ? "REFUSED" : "GRANTED")",
      limit: limit, options: options)
  }

  static func gauge(_ model: CreditModel, _ modelName: String, _ frame: DataFrame, _ frameName: String,
                    _ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    let (row, id) = try ClientLookup.row(c, frame, frameName)
    let pd = try model.probabilities(frame.gather([row]))[0]
    let threshold = try c.double("threshold", default: model.threshold)
    return try Gauge.render(probability: pd, threshold: threshold, client: id, options: options)
  }

  /// `bar importance M [on X]`: mean |SHAP| on a frame, or split gain from training without one.
  static func importance(_ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    let (model, modelName) = try c.model()
    let limit = try c.int("limit", default: 20)
    let names = model.features.map(\.name)
    if c.keyword("on") {
      let (frame, frameName) = try c.frame("a frame to explain")
      let matrix = try model.featureMatrix(frame)
      let contributions = try model.contributions(matrix, control: c.control)
      let meanAbs = meanAbsoluteContributions(contributions.values, rows: matrix.rowCount, features: names.count)
      return try BarChart.render(
        bars: zip(names, meanAbs).map { ($0.0, $0.1) },
        title: "importance of \(modelName) on \(frameName): mean |contribution| (log-odds), "
          + "\(Format.count(matrix.rowCount)) rows",
        valueStyle: .number, limit: limit, options: options)
    }
    guard let (gain, _) = model.splitImportance() else {
      throw c.error("plot-ascii bar importance: a \(model.kindName) model has no split gain; "
                    + "add 'on FRAME' for mean contributions")
    }
    return try BarChart.render(
      bars: zip(names, gain).map { ($0.0, $0.1) },
      title: "importance of \(modelName): total split gain in training", valueStyle: .number,
      limit: limit, options: options)
  }

  /// A feature value short enough for a chart label: numbers in compact form (150750 → 151k) so
  /// a label cut to fit never shows a different number; categories as they are.
  static func shortValue(_ text: String) -> String {
    guard let v = Double(text), v.isFinite, abs(v) >= 1000 else { return text }
    return NumberFormat.compact(v)
  }
}

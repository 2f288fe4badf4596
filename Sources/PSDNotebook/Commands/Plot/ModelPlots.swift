import PSDCore
import PSDData
import PSDModels
import PSDPlots

/// Charts of a model on a frame: the curves it is judged by, one client's contributions and
/// decision, and global importance. The numbers come from PSDModels (metrics, threshold search,
/// reliability table, TreeSHAP); this file only gathers them for PSDPlots.
enum ModelPlots {
  static func chart(_ kind: String, _ c: CommandContext, _ options: PlotOptions) throws -> [String] {
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
    case "scores":
      let threshold = try c.double("threshold", default: model.threshold)
      var good: [Double] = [], bad: [Double] = []
      for (s, l) in zip(outcome.scores, outcome.labels) { if l { bad.append(s) } else { good.append(s) } }
      lines = try CurveCharts.scoreDensities(
        good: good, bad: bad, threshold: threshold, goodLabel: "repaid (\(model.target)=0)",
        badLabel: "defaulted (\(model.target)=1)", model: modelName, options: options)
    default:
      // ROC, PR, cost and calibration points come from the decision metrics (not merged yet).
      throw c.error("plot-ascii \(kind): not available in this build yet (needs the decision metrics)")
    }
    if outcome.unlabelled > 0 {
      lines.append("\(Format.count(outcome.unlabelled)) rows with no \(model.target) not shown")
    }
    return lines
  }

  /// Scores and outcomes of the rows whose target is known.
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
    throw c.error("plot-ascii waterfall: not available in this build yet (needs the model explanations)")
  }

  static func gauge(_ model: CreditModel, _ modelName: String, _ frame: DataFrame, _ frameName: String,
                    _ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    let (row, id) = try ClientLookup.row(c, frame, frameName)
    let pd = try model.probabilities(frame.gather([row]))[0]
    let threshold = try c.double("threshold", default: model.threshold)
    return try Gauge.render(probability: pd, threshold: threshold, client: id, options: options)
  }

  static func importance(_ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    throw c.error("plot-ascii bar importance: not available in this build yet (needs the model explanations)")
  }
}

import Foundation
import PSDCore
import PSDData
import PSDModels

/// `evaluate M on X`: discrimination and calibration metrics, and the confusion matrix at the
/// model's threshold.
enum EvaluateCommand {
  static let spec = CommandSpec(
    name: "evaluate", topic: "decision",
    usage: ["evaluate MODEL on FRAME", "E = evaluate MODEL on FRAME"],
    summary: "ROC AUC, Gini, KS, PR-AUC, log-loss, Brier and the confusion matrix at the model's threshold",
    details: """
      The frame needs the model's target column. ROC AUC is exact with ties (a tied defaulter/good pair \
      counts one half); Gini = 2·AUC − 1; KS is the largest gap between the PD distributions of defaulters \
      and good clients; PR-AUC is the average precision (step-wise, ties as one step). log-loss and Brier \
      read the PD as a probability, so they show whether it is calibrated. The confusion matrix is at the \
      model's threshold (0.5 until `threshold` sets one): a client is refused when PD ≥ threshold. \
      Bound to a name, the result is an evaluation whose fields read like numbers: e.auc, e.gini, \
      e.ks, e.pr_auc, e.logloss, e.brier, e.threshold, e.rows, e.defaults, e.default_rate, e.tn, e.fp, \
      e.fn, e.tp, e.refusal_rate, e.recall, e.precision, and e.cost = cost_fn·FN + cost_fp·FP at the \
      threshold, with the costs `threshold` stored in the model (10 and 1 until it has).
      """,
    examples: ["evaluate m on te"],
    keywords: ["on"],
    run: run)

  static func run(_ c: CommandContext) throws {
    let input = try c.modelOnFrame()
    let (model, modelName, frame, frameName) = (input.model, input.modelName, input.frame, input.frameName)
    let (labels, pd) = try input.labelsAndProbabilities()
    c.warnIfTrainingRows(input)
    let e = BinaryEvaluation(probabilities: pd, labels: labels, threshold: model.threshold)
    c.print("\(modelName) on \(frameName): \(Format.count(e.rows)) rows, \(Format.count(e.defaults)) defaults (\(Format.percent(Double(e.defaults) / Double(max(1, e.rows)))))")
    let metrics: [(String, Double, String)] = [
      ("ROC AUC", e.auc ?? .nan, "ranking: chance 0.5, perfect 1"),
      ("Gini", e.gini ?? .nan, "2·AUC − 1"),
      ("KS", e.ks ?? .nan, "largest TPR − FPR gap"),
      ("PR-AUC", e.averagePrecision ?? .nan, "average precision; base rate \(Format.fixed(Double(e.defaults) / Double(max(1, e.rows))))"),
      ("log-loss", e.logLoss, "lower is better"),
      ("Brier", e.brier, "mean squared PD error"),
    ]
    for (name, value, note) in metrics {
      c.print("  \(Format.pad(name, 10)) \(Format.fixed(value))   \(note)")
    }
    c.print("confusion matrix at threshold \(Format.fixed(model.threshold)) (refused when PD ≥ threshold):")
    for line in confusionLines(e.confusion) { c.print(line) }
    c.result(.record(record(e, threshold: model.threshold, model: model)))
  }

  /// The evaluation as a value: `e = evaluate m on te`, then `e.auc`, `e.cost`, ...
  static func record(_ e: BinaryEvaluation, threshold: Double, model: CreditModel) -> Record {
    let m = e.confusion
    let fn = model.summary["cost_fn"].flatMap(Double.init) ?? 10
    let fp = model.summary["cost_fp"].flatMap(Double.init) ?? 1
    let fields: [(String, Double)] = [
      ("auc", e.auc ?? .nan), ("gini", e.gini ?? .nan), ("ks", e.ks ?? .nan), ("pr_auc", e.averagePrecision ?? .nan),
      ("logloss", e.logLoss), ("brier", e.brier), ("threshold", threshold),
      ("rows", Double(e.rows)), ("defaults", Double(e.defaults)), ("default_rate", Double(e.defaults) / Double(max(1, e.rows))),
      ("tn", Double(m.trueNegatives)), ("fp", Double(m.falsePositives)), ("fn", Double(m.falseNegatives)),
      ("tp", Double(m.truePositives)), ("refusal_rate", m.refusalRate), ("recall", m.recall), ("precision", m.precision),
      ("cost", fn * Double(m.falseNegatives) + fp * Double(m.falsePositives)), ("cost_fn", fn), ("cost_fp", fp),
    ]
    return Record(kind: "evaluation", fields: fields.map { ($0.0, $0.1.isNaN ? Value.missing : .number($0.1)) })
  }

  /// The confusion matrix as a small table with refusal rate, recall and precision.
  static func confusionLines(_ m: ConfusionMatrix, indent: String = "  ") -> [String] {
    let w = max(9, Format.count(m.total).count + 1)
    func cell(_ n: Int) -> String { Format.pad(Format.count(n), w, right: true) }
    return [
      indent + Format.pad("", 20) + Format.pad("granted", w, right: true) + Format.pad("refused", w, right: true),
      indent + Format.pad("good (TARGET=0)", 20) + cell(m.trueNegatives) + cell(m.falsePositives),
      indent + Format.pad("default (TARGET=1)", 20) + cell(m.falseNegatives) + cell(m.truePositives),
      indent + "refusal rate \(Format.percent(m.refusalRate)), defaulters refused (recall) \(Format.percent(m.recall)), "
        + "refused who default (precision) \(Format.percent(m.precision))",
    ]
  }
}

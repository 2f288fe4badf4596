import Foundation
import PSDCore
import PSDData
import PSDModels

/// `evaluate M on X`: discrimination and calibration metrics, and the confusion matrix at the
/// model's threshold.
enum EvaluateCommand {
  static let spec = CommandSpec(
    name: "evaluate", topic: "decision",
    usage: ["evaluate MODEL on FRAME", "evaluate MODEL on FRAME cost fn=10 fp=1", "E = evaluate MODEL on FRAME"],
    summary: "ROC AUC, Gini, KS, PR-AUC, log-loss, Brier and the confusion matrix at the model's threshold",
    details: """
      The frame needs the model's target column. ROC AUC is exact with ties (a tied defaulter/good pair \
      counts one half); Gini = 2·AUC − 1; KS is the largest gap between the PD distributions of defaulters \
      and good clients; PR-AUC is the average precision (step-wise, ties as one step). log-loss and Brier \
      read the PD as a probability, so they show whether it is calibrated. The confusion matrix is at the \
      model's threshold (0.5 until `threshold` sets one): a client is refused when PD ≥ threshold. \
      `cost fn=10 fp=1` adds the decisions at that threshold in money: accuracy (the share of right \
      decisions, next to what granting everybody scores: why accuracy misleads), total cost \
      fn·FN + fp·FP, cost per application, and the normalised cost, cost / the cheaper trivial policy \
      (grant all or refuse all; below 1 the model pays for itself), as `threshold` prints them. \
      Bound to a name, the result is an evaluation whose fields read like numbers: e.auc, e.gini, \
      e.ks, e.pr_auc, e.logloss, e.brier, e.threshold, e.rows, e.defaults, e.default_rate, e.tn, e.fp, \
      e.fn, e.tp, e.refusal_rate, e.recall, e.precision, and e.cost = cost_fn·FN + cost_fp·FP at the \
      threshold, with the costs given after `cost` (else those `threshold` stored in the model, 10 and 1 \
      until it has); with `cost`, also e.accuracy, e.cost_per_application and e.normalised_cost.
      """,
    options: [
      OptionSpec("fn", .number(.atLeast(0)), default: 10, "with cost: cost of granting a defaulter", as: "COST"),
      OptionSpec("fp", .number(.atLeast(0)), default: 1, "with cost: cost of refusing a good client", as: "COST")
    ],
    examples: ["evaluate m on te", "evaluate m on te cost fn=10 fp=1"],
    keywords: ["on", "cost"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let input = try c.modelOnFrame()
    let (model, modelName, frameName) = (input.model, input.modelName, input.frameName)
    let withCost = c.keyword("cost")
    if !withCost, let given = c.option("fn") ?? c.option("fp") {
      throw c.error(
        "evaluate: fn= and fp= price the decisions after the word cost", at: given.value,
        notes: ["evaluate \(modelName) on \(frameName) cost fn=10 fp=1"])
    }
    let fn = try c.doubleValue("fn"), fp = try c.doubleValue("fp")
    guard fn + fp > 0 else {  // each is 0 or more (declared)
      throw c.error(
        "costs must be non-negative numbers, not both zero", at: c.option("fn")?.value ?? c.option("fp")?.value)
    }
    let (labels, pd) = try input.labelsAndProbabilities()
    c.warnIfTrainingRows(input)
    let e = BinaryEvaluation(probabilities: pd, labels: labels, threshold: model.threshold)
    c.print(
      "\(modelName) on \(frameName): \(Format.count(e.rows)) rows, \(Format.count(e.defaults)) defaults (\(Format.percent(Double(e.defaults) / Double(max(1, e.rows)))))"
    )
    let metrics: [(String, Double, String)] = [
      ("ROC AUC", e.auc ?? .nan, "ranking: chance 0.5, perfect 1"),
      ("Gini", e.gini ?? .nan, "2·AUC − 1"),
      ("KS", e.ks ?? .nan, "largest TPR − FPR gap"),
      (
        "PR-AUC", e.averagePrecision ?? .nan,
        "average precision; base rate \(Format.fixed(Double(e.defaults) / Double(max(1, e.rows))))"
      ),
      ("log-loss", e.logLoss, "lower is better"),
      ("Brier", e.brier, "mean squared PD error")
    ]
    for (name, value, note) in metrics {
      c.print("  \(Format.pad(name, 10)) \(Format.fixed(value))   \(note)")
    }
    c.print("confusion matrix at threshold \(Format.fixed(model.threshold)) (refused when PD ≥ threshold):")
    for line in confusionLines(e.confusion) { c.print(line) }
    if withCost {
      let cost = costFigures(e.confusion, fn: fn, fp: fp)
      c.print("cost at threshold \(Format.fixed(model.threshold)): \(Format.number(fn))·FN + \(Format.number(fp))·FP")
      let rows: [(String, String, String)] = [
        (
          "accuracy", Format.percent(cost.accuracy, digits: 1),
          "share of right decisions; grant-all scores \(Format.percent(cost.grantAllAccuracy, digits: 1))"
        ),
        (
          "total cost", Format.number(cost.total),
          "\(Format.number(fn))·\(Format.count(e.confusion.falseNegatives)) + \(Format.number(fp))·\(Format.count(e.confusion.falsePositives))"
        ),
        ("cost per application", Format.fixed(cost.perApplication), "over \(Format.count(e.rows)) applications"),
        (
          "normalised cost", Format.fixed(cost.normalised, 3),
          "cost / \(Format.number(cost.trivial)) (\(cost.trivialPolicy)); below 1 the model pays for itself"
        )
      ]
      for (name, value, note) in rows {
        c.print("  \(Format.pad(name, 21)) \(Format.pad(value, 8, right: true))   \(note)")
      }
    }
    c.result(.record(record(e, threshold: model.threshold, model: model, cost: withCost ? (fn, fp) : nil)))
  }

  /// The evaluation as a value: `e = evaluate m on te`, then `e.auc`, `e.cost`, ...
  /// `cost`: the prices given on the statement (then the cost figures join the fields).
  static func record(
    _ e: BinaryEvaluation, threshold: Double, model: CreditModel,
    cost given: (fn: Double, fp: Double)? = nil
  ) -> Record {
    let m = e.confusion
    let fn = given?.fn ?? model.summary["cost_fn"].flatMap(Double.init) ?? 10
    let fp = given?.fp ?? model.summary["cost_fp"].flatMap(Double.init) ?? 1
    var fields: [(String, Double)] = [
      ("auc", e.auc ?? .nan), ("gini", e.gini ?? .nan), ("ks", e.ks ?? .nan), ("pr_auc", e.averagePrecision ?? .nan),
      ("logloss", e.logLoss), ("brier", e.brier), ("threshold", threshold),
      ("rows", Double(e.rows)), ("defaults", Double(e.defaults)),
      ("default_rate", Double(e.defaults) / Double(max(1, e.rows))),
      ("tn", Double(m.trueNegatives)), ("fp", Double(m.falsePositives)), ("fn", Double(m.falseNegatives)),
      ("tp", Double(m.truePositives)), ("refusal_rate", m.refusalRate), ("recall", m.recall),
      ("precision", m.precision),
      ("cost", fn * Double(m.falseNegatives) + fp * Double(m.falsePositives)), ("cost_fn", fn), ("cost_fp", fp)
    ]
    if given != nil {
      let figures = costFigures(m, fn: fn, fp: fp)
      fields += [
        ("accuracy", figures.accuracy), ("cost_per_application", figures.perApplication),
        ("normalised_cost", figures.normalised)
      ]
    }
    return Record(kind: "evaluation", fields: fields.map { ($0.0, $0.1.isNaN ? Value.missing : .number($0.1)) })
  }

  /// A decision policy priced: accuracy, fn·FN + fp·FP, per application, and normalised by the
  /// cheaper of granting everybody and refusing everybody (the definitions `threshold` uses).
  static func costFigures(_ m: ConfusionMatrix, fn: Double, fp: Double)
    -> (
      accuracy: Double, grantAllAccuracy: Double, total: Double, perApplication: Double, normalised: Double,
      trivial: Double, trivialPolicy: String
    )
  {
    let n = Double(max(1, m.total))
    let defaults = m.truePositives + m.falseNegatives, good = m.trueNegatives + m.falsePositives
    let total = m.cost(fn: fn, fp: fp)
    let grantAll = fn * Double(defaults), refuseAll = fp * Double(good)
    let trivial = min(grantAll, refuseAll)
    return (
      Double(m.trueNegatives + m.truePositives) / n, Double(good) / n, total, total / n,
      trivial == 0 ? 0 : total / trivial, trivial, grantAll <= refuseAll ? "grant all" : "refuse all"
    )
  }

  /// The confusion matrix as a small table with refusal rate, recall and precision.
  static func confusionLines(_ m: ConfusionMatrix, indent: String = "  ") -> [String] {
    let w = max(9, Format.count(m.total).count + 1)
    func cell(_ n: Int) -> String { Format.pad(Format.count(n), w, right: true) }
    return [
      indent + Format.pad("", 20) + Format.pad("granted", w, right: true) + Format.pad("refused", w, right: true),
      indent + Format.pad("good (TARGET=0)", 20) + cell(m.trueNegatives) + cell(m.falsePositives),
      indent + Format.pad("default (TARGET=1)", 20) + cell(m.falseNegatives) + cell(m.truePositives),
      indent
        + "refusal rate \(Format.percent(m.refusalRate)), defaulters refused (recall) \(Format.percent(m.recall)), "
        + "refused who default (precision) \(Format.percent(m.precision))"
    ]
  }
}

import Foundation
import PSDCore
import PSDData
import PSDModels

/// `mt = threshold M on X cost fn=10 fp=1 [out="cost.csv"]`: the decision threshold that
/// minimises the business cost, in a new model (M itself is never changed).
enum ThresholdCommand {
  static let spec = CommandSpec(
    name: "threshold", topic: "decision",
    usage: [
      "MT = threshold MODEL on FRAME cost fn=10 fp=1", "MT, T = threshold MODEL on FRAME cost fn=10 fp=1",
      "threshold MODEL on FRAME cost fn=10 fp=1 out=\"cost.csv\""
    ],
    summary: "the threshold minimising fn·FN + fp·FP over every distinct PD, in a copy of the model",
    details: """
      A granted defaulter (false negative) costs fn, a refused good client (false positive) costs fp. \
      Rows are sorted by PD together with their labels and every distinct PD is tried as \
      "refuse PD ≥ this value" (tied PDs always fall on the same side), plus "refuse nobody": the search \
      is exact, O(n log n). Prints the cost, the cost per application, the cost normalised by the better \
      trivial policy (grant all or refuse all: below 1 the model pays for itself), the confusion matrix \
      and refusal rate, and the same at 0.5. The result is a new model: MODEL with this threshold (so \
      score, evaluate, explain and save of the new model use it); `MT, T = threshold ...` also returns \
      the threshold as a number. MODEL itself is never changed, so `evaluate MODEL on FRAME` gives the \
      same figures before and after; `m = threshold m on va ...` is the explicit way to replace m. \
      out= writes the cost curve, one row per candidate threshold, atomically. Pick the threshold on \
      rows the model was not trained on.
      """,
    options: [
      OptionSpec("fn", .number(.atLeast(0)), default: 10, "cost of granting a defaulter", as: "COST"),
      OptionSpec("fp", .number(.atLeast(0)), default: 1, "cost of refusing a good client", as: "COST"),
      OptionSpec("out", .path, "write the cost curve (CSV)")
    ],
    examples: [
      "mt = threshold m on va cost fn=10 fp=1", "mt, t = threshold m on va cost fn=10 fp=1",
      "threshold m on va cost fn=10 fp=1 out=\"cost.csv\""
    ],
    keywords: ["on", "cost"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let input = try c.modelOnFrame()
    let (model, modelName, frameName) = (input.model, input.modelName, input.frameName)
    _ = c.keyword("cost")
    let fn = try c.doubleValue("fn"), fp = try c.doubleValue("fp")
    guard fn + fp > 0 else {  // each is 0 or more (declared)
      throw c.error(
        "costs must be non-negative numbers, not both zero", at: c.option("fn")?.value ?? c.option("fp")?.value)
    }
    let (labels, pd) = try input.labelsAndProbabilities()
    c.warnIfTrainingRows(input)
    c.warnIfUncalibratedWeights(model, name: modelName)
    let choice = chooseThreshold(scores: pd, labels: labels, cost: BusinessCost(falseNegative: fn, falsePositive: fp))

    c.print(
      "threshold for \(modelName) on \(frameName): cost \(Format.number(fn))·FN + \(Format.number(fp))·FP over \(Format.count(choice.rows)) applications (\(Format.count(choice.curve.count - 1)) distinct PDs tried)"
    )
    let rows: [(String, String, String)] = [
      ("threshold", Format.fixed(choice.threshold), Format.fixed(0.5)),
      ("total cost", Format.number(choice.totalCost), Format.number(choice.costAtHalf)),
      ("cost per application", Format.fixed(choice.costPerApplication), Format.fixed(choice.costPerApplicationAtHalf)),
      ("normalised cost", Format.fixed(choice.normalisedCost, 3), Format.fixed(choice.normalisedCostAtHalf, 3)),
      ("refusal rate", Format.percent(choice.confusion.refusalRate), Format.percent(choice.atHalf.refusalRate)),
      ("defaulters refused", Format.percent(choice.confusion.recall), Format.percent(choice.atHalf.recall)),
      (
        "good clients refused", Format.percent(1 - choice.confusion.specificity),
        Format.percent(1 - choice.atHalf.specificity)
      ),
      (
        "FN / FP",
        "\(Format.count(choice.confusion.falseNegatives)) / \(Format.count(choice.confusion.falsePositives))",
        "\(Format.count(choice.atHalf.falseNegatives)) / \(Format.count(choice.atHalf.falsePositives))"
      )
    ]
    c.print("  " + Format.pad("", 22) + Format.pad("best", 14, right: true) + Format.pad("at 0.5", 14, right: true))
    for (name, best, half) in rows {
      c.print("  " + Format.pad(name, 22) + Format.pad(best, 14, right: true) + Format.pad(half, 14, right: true))
    }
    c.print(
      "  normalised cost = cost / \(Format.number(choice.trivialCost)), the cost of the better trivial policy (\(choice.trivialPolicy))"
    )
    c.print("confusion matrix at \(Format.fixed(choice.threshold)):")
    for line in EvaluateCommand.confusionLines(choice.confusion) { c.print(line) }

    if let out = try c.string("out") {
      var text = "threshold,refused,refusal_rate,tp,fp,fn,tn,cost,cost_per_application\n"
      let n = Double(max(1, choice.rows))
      for p in choice.curve {
        let m = p.confusion
        text += "\(p.threshold),\(m.refused),\(Double(m.refused) / n),\(m.truePositives),\(m.falsePositives),"
        text += "\(m.falseNegatives),\(m.trueNegatives),\(p.cost),\(p.cost / n)\n"
      }
      try c.checkArgumentsRead()
      try AtomicFile.write(Data(text.utf8), to: c.session.resolvePath(out))
      c.print("wrote the cost curve (\(Format.count(choice.curve.count)) thresholds) to \(out)")
    }

    var updated = model
    updated.threshold = choice.threshold
    // Kept with the model so the scoring API can say why the threshold is where it is.
    updated.summary["cost_fn"] = String(fn)
    updated.summary["cost_fp"] = String(fp)
    let refuses = "refuses when PD ≥ \(Format.fixed(choice.threshold)) (score, evaluate, explain and save use it)"
    let targets = c.statement.targets.map(\.name)
    if let target = targets.first {
      c.print(
        target == modelName
          ? "\(modelName) now \(refuses)"
          : "\(target) is \(modelName) that \(refuses); \(modelName) is unchanged")
    } else {
      c.print(
        "\(modelName) is unchanged (threshold \(Format.fixed(model.threshold))): bind the result to keep this threshold: "
          + "\(modelName)_t = threshold \(modelName) on \(frameName) cost fn=\(Format.number(fn)) fp=\(Format.number(fp))"
      )
    }
    if targets.count == 2 {
      c.result(.model(updated), .number(choice.threshold))
    } else {
      c.result(.model(updated))
    }
  }
}

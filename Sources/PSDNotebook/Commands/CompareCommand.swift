import Foundation
import PSDCore
import PSDData
import PSDLanguage
import PSDModels

/// `compare [m1, m2, lr] on te cost fn=10 fp=1`: the models' metrics side by side and DeLong's
/// test for every difference of AUC.
enum CompareCommand {
  static let spec = CommandSpec(
    name: "compare", topic: "decision",
    usage: [
      "compare [MODEL, MODEL, ...] on FRAME cost fn=10 fp=1", "C = compare [MODELS] on FRAME",
      "C, TESTS = compare [MODELS] on FRAME"
    ],
    summary: "models side by side: AUC, Gini, KS, PR-AUC, Brier, log-loss, cost at each threshold, DeLong's test",
    details: """
      Every model scores the same rows (the frame needs their target column). The metrics are those of \
      `evaluate`; the cost fn·FN + fp·FP (default 10 and 1) is at each model's own threshold, so run \
      `threshold` on a validation frame first. DeLong's test (DeLong, DeLong & Clarke-Pearson 1988) \
      compares the AUCs of two models scored on the same rows: the variance of the difference comes \
      from each defaulter's and good client's share of pairs won by each model, so it accounts for the \
      two AUCs being correlated; z = ΔAUC / √var, two-sided p-value. The AUC's standard error and 95 % \
      interval come from the same covariance. Bound to one name, the result is a frame with one row per \
      model; to two names, a second frame with one row per pair.
      """,
    options: [
      OptionSpec("fn", .number(.atLeast(0)), default: 10, "cost of granting a defaulter", as: "COST"),
      OptionSpec("fp", .number(.atLeast(0)), default: 1, "cost of refusing a good client", as: "COST")
    ],
    examples: ["compare [m, mono, lr] on te cost fn=10 fp=1", "cmp, tests = compare [m, lr] on te"],
    keywords: ["on", "cost"],
    run: run)

  /// The models of a `[m1, m2]` list (or a single name), with their names.
  static func models(_ c: CommandContext) throws -> [(model: CreditModel, name: String)] {
    let expr = try c.take("a list of models like [m, lr]")
    let items: [Expr]
    if case .list(let list) = expr.kind { items = list } else { items = [expr] }
    var out: [(model: CreditModel, name: String)] = []
    for item in items {
      guard let name = item.name else {
        throw c.error("\(c.spec.name): expected the name of a model, found \(item.text)", at: item)
      }
      guard case .model(let m) = try c.session.lookup(name, at: item) else {
        throw c.error(
          "'\(name)' is not a model", at: item, notes: ["train one first: m = train gbdt on FRAME target=TARGET"])
      }
      if out.contains(where: { $0.name == name }) { throw c.error("'\(name)' is listed twice", at: item) }
      out.append((m, name))
    }
    if out.isEmpty { throw c.error("\(c.spec.name): the list of models is empty", at: expr) }
    return out
  }

  /// Labels and each model's PDs on `frame`; the models must predict the same target.
  static func outcomes(
    _ c: CommandContext, _ models: [(model: CreditModel, name: String)], frame: DataFrame,
    frameName: String
  ) throws -> (labels: [Bool], pds: [[Double]]) {
    let target = models[0].model.target
    for (m, name) in models where m.target != target {
      throw c.error(
        "'\(name)' predicts \(m.target) but '\(models[0].name)' predicts \(target); compare models of one target")
    }
    let labels = try FeatureMatrix.targetLabels(frame, target: target, frameName: frameName)
    var pds: [[Double]] = []
    for (m, _) in models {
      try c.control.checkCancelled()
      pds.append(try m.probabilities(frame))
    }
    return (labels, pds)
  }

  @Sendable static func run(_ c: CommandContext) throws {
    let models = try self.models(c)
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame with the target column")
    _ = c.keyword("cost")
    let fn = try c.doubleValue("fn"), fp = try c.doubleValue("fp")
    guard fn + fp > 0 else {  // each is 0 or more (declared)
      throw c.error(
        "costs must be non-negative numbers, not both zero", at: c.option("fn")?.value ?? c.option("fp")?.value)
    }
    if c.statement.targets.count > 2 {
      throw c.error(
        "compare returns at most two frames (metrics, tests), but \(c.statement.targets.count) names are given")
    }
    let (labels, pds) = try outcomes(c, models, frame: frame, frameName: frameName)
    let evaluations = zip(models, pds).map {
      BinaryEvaluation(probabilities: $1, labels: labels, threshold: $0.model.threshold)
    }
    guard let delong = deLongComparison(scores: pds, labels: labels) else {
      throw PSDError.data(
        "\(frameName) holds only one class of \(models[0].model.target); comparing AUCs needs defaults and good clients"
      )
    }
    let e0 = evaluations[0]
    c.print(
      "\(Format.count(models.count, "model")) on \(frameName): \(Format.count(e0.rows)) rows, \(Format.count(e0.defaults)) defaults (\(Format.percent(Double(e0.defaults) / Double(max(1, e0.rows))))); cost \(Format.number(fn))·FN + \(Format.number(fp))·FP at each model's threshold"
    )
    let costs = evaluations.map { $0.confusion.cost(fn: fn, fp: fp) }
    let se = models.indices.map { delong.standardError($0) }
    let rows: [(String, [String])] = [
      ("ROC AUC", evaluations.map { Format.fixed($0.auc ?? .nan) }),
      (
        "AUC 95 % CI",
        models.indices.map {
          "\(Format.fixed(delong.aucs[$0] - 1.96 * se[$0], 3))–\(Format.fixed(delong.aucs[$0] + 1.96 * se[$0], 3))"
        }
      ),
      ("Gini", evaluations.map { Format.fixed($0.gini ?? .nan) }),
      ("KS", evaluations.map { Format.fixed($0.ks ?? .nan) }),
      ("PR-AUC", evaluations.map { Format.fixed($0.averagePrecision ?? .nan) }),
      ("Brier", evaluations.map { Format.fixed($0.brier) }),
      ("log-loss", evaluations.map { Format.fixed($0.logLoss) }),
      ("threshold", evaluations.map { Format.fixed($0.threshold) }),
      ("refusal rate", evaluations.map { Format.percent($0.confusion.refusalRate) }),
      ("cost", costs.map { Format.number($0) }),
      ("cost / application", zip(costs, evaluations).map { Format.fixed($0 / Double(max(1, $1.rows))) })
    ]
    let table = TableRenderer(
      columns: [.init("", .left)] + models.map { .init($0.name) }, rows: rows.map { [$0.0] + $0.1 })
    for line in table.render(width: c.settings.width).text.split(separator: "\n") { c.print("  " + line) }
    let best = costs.indices.min { costs[$0] < costs[$1] }!
    if models.count > 1 { c.print("  cheapest at its threshold: \(models[best].name)") }

    let pairs = delong.pairs
    if !pairs.isEmpty {
      c.print(
        "DeLong's test of equal AUC (\(Format.count(delong.positives)) defaults × \(Format.count(delong.negatives)) good clients, two-sided):"
      )
      let pairRows = pairs.map { p -> [String] in
        [
          models[p.a].name + " − " + models[p.b].name, signed(p.difference), Format.number(p.variance, digits: 4),
          Format.fixed(p.z, 3), Format.fixed(p.pValue), p.pValue < 0.05 ? "differ at 5 %" : "not significant"
        ]
      }
      let pairTable = TableRenderer(
        columns: [
          .init("pair", .left), .init("ΔAUC"), .init("var(Δ)"), .init("z"), .init("p-value"),
          .init("", .left)
        ], rows: pairRows)
      for line in pairTable.render(width: c.settings.width).text.split(separator: "\n") { c.print("  " + line) }
    }

    let metrics = try DataFrame(columns: [
      .category("MODEL", strings: models.map(\.name)),
      .float("AUC", evaluations.map { $0.auc ?? .nan }),
      .float("AUC_SE", se),
      .float("GINI", evaluations.map { $0.gini ?? .nan }),
      .float("KS", evaluations.map { $0.ks ?? .nan }),
      .float("PR_AUC", evaluations.map { $0.averagePrecision ?? .nan }),
      .float("BRIER", evaluations.map(\.brier)),
      .float("LOG_LOSS", evaluations.map(\.logLoss)),
      .float("THRESHOLD", evaluations.map(\.threshold)),
      .float("REFUSAL_RATE", evaluations.map(\.confusion.refusalRate)),
      .float("COST", costs)
    ])
    if c.statement.targets.count == 2 {
      let tests = try DataFrame(columns: [
        .category("MODEL_A", strings: pairs.map { models[$0.a].name }),
        .category("MODEL_B", strings: pairs.map { models[$0.b].name }),
        .float("AUC_DIFF", pairs.map(\.difference)),
        .float("VARIANCE", pairs.map(\.variance)),
        .float("Z", pairs.map(\.z)),
        .float("P_VALUE", pairs.map(\.pValue))
      ])
      c.result(.frame(metrics), .frame(tests))
    } else {
      c.result(.frame(metrics))
    }
  }

  static func signed(_ v: Double) -> String { (v >= 0 ? "+" : "") + Format.fixed(v) }
}

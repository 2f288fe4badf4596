import PSDCore
import PSDData
import PSDModels

/// The scorecard branch of `train`: its options, and what it prints (the selection, the fit).
enum TrainScorecard {
  static let options = [
    OptionSpec("pdo", "P", "scorecard: points to double the good:bad odds (default 20)"),
    OptionSpec("score", "S", "scorecard: the score at the base odds (default 600)"),
    OptionSpec("odds", "O", "scorecard: good:bad odds at the base score (default 50, i.e. 50:1)"),
    OptionSpec("iv_min", "F", "scorecard: leave out features with a lower IV (default 0.02)"),
    OptionSpec("corr_max", "R", "scorecard: of two features whose WoE correlate above R, keep the higher IV (default 0.7)"),
    OptionSpec("select", "bic|aic|none", "scorecard: forward stepwise on BIC (default) or AIC, or keep every filtered feature"),
    OptionSpec("max_features", "N", "scorecard: most characteristics (default: no limit)"),
  ]

  static func read(_ c: CommandContext, target: String, exclude: [String],
                   scalePos: Double) throws -> (ScorecardOptions, Binning) {
    guard let binsOption = c.option("bins") else {
      throw c.error("train scorecard needs bins=BINNING", notes: ["bin the training frame first: b = bin tr by \(target)"])
    }
    guard case .binning(var binning) = try c.session.evaluate(binsOption.value) else {
      throw c.error("option 'bins' of a scorecard expects a binning (from bin)", at: binsOption.value,
                    notes: ["b = bin tr by \(target), then bins=b"])
    }
    if binning.target != target {
      c.warn("the binning was fitted against \(binning.target), the scorecard predicts \(target)")
    }
    binning.features.removeAll { exclude.contains($0.feature) || $0.feature == target }
    var o = ScorecardOptions()
    o.scaling = ScorecardScaling(pdo: try c.double("pdo", default: 20), score: try c.double("score", default: 600),
                                 odds: try c.double("odds", default: 50))
    o.minIV = try c.double("iv_min", default: o.minIV)
    o.maxCorrelation = try c.double("corr_max", default: o.maxCorrelation)
    if !(o.maxCorrelation > 0 && o.maxCorrelation <= 1) {
      throw c.error("option 'corr_max' must be above 0 and at most 1", at: c.option("corr_max")?.value)
    }
    o.selection = ScorecardOptions.Selection(rawValue: try c.choice("select", ScorecardOptions.Selection.allCases.map(\.rawValue), default: "bic"))!
    o.maxFeatures = try c.int("max_features", default: 0)
    if o.maxFeatures < 0 { throw c.error("option 'max_features' must be 0 or more", at: c.option("max_features")?.value) }
    o.logistic.l2 = try c.double("l2", default: o.logistic.l2)
    o.logistic.balanceWeights = try c.choice("balance", ["none", "weights"], default: "none") == "weights"
    o.logistic.scalePos = scalePos
    o.logistic.iterations = try c.int("iterations", default: o.logistic.iterations)
    o.logistic.tolerance = try c.double("tolerance", default: o.logistic.tolerance)
    return (o, binning)
  }

  static func run(_ c: CommandContext, _ r: TrainCommand.Request, _ o: ScorecardOptions, _ binning: Binning) throws {
    var (model, selection) = try CreditModel.trainScorecard(on: r.frame, target: r.target, binning: binning, options: o,
                                                            frameName: r.frameName, control: c.control)
    guard case .scorecard(let card) = model.estimator else { return }
    // Like gbdt and logistic: the recipe (score sc with application=..., recipe sc, the API), the
    // training ranges and distributions, and the guard-rail checks.
    try TrainCommand.attachRecipe(&model, r, c)
    c.print("trained scorecard on \(r.frameName): \(Format.count(r.frame.rowCount, "row")), \(Format.count(binning.features.count, "binned feature")) → \(Format.count(card.binnings.count, "characteristic"))")
    let stepwise = o.selection == .none ? "no stepwise" : "forward stepwise on \(o.selection.rawValue.uppercased())"
    c.print("selection: IV ≥ \(Format.number(o.minIV)), WoE correlation ≤ \(Format.number(o.maxCorrelation)), \(stepwise), coefficients of the right sign")
    // The kept characteristics in a table; the others by reason, named (a wide frame has many).
    let kept = selection.steps.filter(\.kept)
    let rows = kept.map { [$0.feature, Format.fixed($0.iv), Binning.band($0.iv)] }
    for line in TableRenderer(columns: [.init("characteristic", .left), .init("IV"), .init("band", .left)], rows: rows,
                              ascii: c.settings.charset == "ascii").render(width: c.settings.width).text.split(separator: "\n") {
      c.print("  " + line)
    }
    var reasons: [String] = []
    var left: [String: [String]] = [:]
    for step in selection.steps where !step.kept {
      let reason = step.outcome.hasPrefix("WoE correlated") ? "WoE correlated above \(Format.number(o.maxCorrelation)) with a stronger feature"
        : step.outcome.hasPrefix("IV below") ? "IV below \(Format.number(o.minIV))" : step.outcome
      if left[reason] == nil { reasons.append(reason) }
      left[reason, default: []].append(step.outcome.hasPrefix("WoE correlated") ? "\(step.feature) (\(step.outcome.dropFirst(15)))" : step.feature)
    }
    for reason in reasons {
      let names = left[reason]!
      let shown = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", … \(names.count - 6) more" : "")
      c.print("  left out, \(reason): \(names.count) — \(shown)")
    }
    let range = ScorecardCommand.scoreRange(card)
    c.print("points: PDO \(Format.number(o.scaling.pdo)), \(Format.number(o.scaling.score)) at odds \(Format.number(o.scaling.odds)):1; scores from \(Format.fixed(range.lowest, 0)) to \(Format.fixed(range.highest, 0)) (scorecard \(c.statement.targets.first?.name ?? "M") prints the card)")
    if model.summary["converged"] == "no" {
      c.warn("the solver did not converge; raise iterations= or l2=")
    }
    c.result(.model(model))
  }
}

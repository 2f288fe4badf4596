import PSDCore
import PSDData
import PSDModels

/// The scorecard branch of `train`: its options, and what it prints (the selection, the fit).
enum TrainScorecard {
  /// scorecard's own options; its regression's (l2, balance, iterations, tolerance, scale_pos)
  /// come from LogisticOptions.parameters with the scorecard's defaults (TrainCommand merges them).
  static let options: [OptionSpec] = {
    let d = ScorecardOptions()
    return [
      OptionSpec(
        "pdo", .number(.above(0)), default: .value(.number(d.scaling.pdo)),
        "scorecard: points to double the good:bad odds", as: "P"),
      OptionSpec(
        "score", .number(.any), default: .value(.number(d.scaling.score)), "scorecard: the score at the base odds",
        as: "S"),
      OptionSpec(
        "odds", .number(.above(0)), default: .value(.number(d.scaling.odds)),
        "scorecard: good:bad odds at the base score (50 means 50:1)", as: "O"),
      OptionSpec(
        "iv_min", .number(.atLeast(0)), default: .value(.number(d.minIV)),
        "scorecard: leave out features with a lower IV", as: "F"),
      OptionSpec(
        "corr_max", .number(.fraction), default: .value(.number(d.maxCorrelation)),
        "scorecard: of two features whose WoE correlate above R, keep the higher IV", as: "R"),
      OptionSpec(
        "select", .choice(ScorecardOptions.Selection.self), default: .text(d.selection.rawValue),
        "scorecard: forward stepwise on BIC or AIC, or keep every filtered feature"),
      OptionSpec(
        "max_features", .integer(.atLeast(0)), default: .value(.integer(d.maxFeatures)),
        "scorecard: most characteristics, 0 = no limit")
    ]
  }()
  /// The regression parameters of a scorecard, with its defaults (a tighter tolerance).
  static let regressionOptions = ModelParameterOptions.options(
    LogisticOptions.self, defaults: ScorecardOptions().logistic)

  static func read(_ c: CommandContext, target: String, exclude: [String]) throws -> (ScorecardOptions, Binning) {
    guard let binsOption = c.option("bins") else {
      throw c.error(
        "train scorecard needs bins=BINNING", notes: ["bin the training frame first: b = bin tr by \(target)"])
    }
    guard case .binning(var binning) = try c.session.evaluate(binsOption.value) else {
      throw c.error(
        "option 'bins' of a scorecard expects a binning (from bin)", at: binsOption.value,
        notes: ["b = bin tr by \(target), then bins=b"])
    }
    if binning.target != target {
      c.warn("the binning was fitted against \(binning.target), the scorecard predicts \(target)")
    }
    binning.features.removeAll { exclude.contains($0.feature) || $0.feature == target }
    var o = ScorecardOptions()
    o.scaling = ScorecardScaling(
      pdo: try c.double("pdo") ?? o.scaling.pdo, score: try c.double("score") ?? o.scaling.score,
      odds: try c.double("odds") ?? o.scaling.odds)
    o.minIV = try c.double("iv_min") ?? o.minIV
    o.maxCorrelation = try c.double("corr_max") ?? o.maxCorrelation
    o.selection = try c.choice("select")
    o.maxFeatures = try c.int("max_features") ?? o.maxFeatures
    try c.readParameters(into: &o.logistic)
    return (o, binning)
  }

  static func run(_ c: CommandContext, _ r: TrainCommand.Request, _ o: ScorecardOptions, _ binning: Binning) throws {
    var (model, selection) = try CreditModel.trainScorecard(
      on: r.frame, target: r.target, binning: binning, options: o,
      frameName: r.frameName, control: c.control)
    guard case .scorecard(let card) = model.estimator else { return }
    // Like gbdt and logistic: the recipe (score sc with application=..., recipe sc, the API), the
    // training ranges and distributions, and the guard-rail checks.
    try TrainCommand.attachRecipe(&model, r, c)
    c.print(
      "trained scorecard on \(r.frameName): \(Format.count(r.frame.rowCount, "row")), \(Format.count(binning.features.count, "binned feature")) → \(Format.count(card.binnings.count, "characteristic"))"
    )
    let stepwise = o.selection == .none ? "no stepwise" : "forward stepwise on \(o.selection.rawValue.uppercased())"
    c.print(
      "selection: IV ≥ \(Format.number(o.minIV)), WoE correlation ≤ \(Format.number(o.maxCorrelation)), \(stepwise), coefficients of the right sign"
    )
    // The kept characteristics in a table; the others by reason, named (a wide frame has many).
    let kept = selection.steps.filter(\.kept)
    let rows = kept.map { [$0.feature, Format.fixed($0.iv), Binning.band($0.iv)] }
    for line in TableRenderer(
      columns: [.init("characteristic", .left), .init("IV"), .init("band", .left)], rows: rows,
      ascii: c.settings.charset == "ascii"
    ).render(width: c.settings.width).text.split(separator: "\n") {
      c.print("  " + line)
    }
    var reasons: [String] = []
    var left: [String: [String]] = [:]
    for step in selection.steps where !step.kept {
      let reason =
        step.outcome.hasPrefix("WoE correlated")
        ? "WoE correlated above \(Format.number(o.maxCorrelation)) with a stronger feature"
        : step.outcome.hasPrefix("IV below") ? "IV below \(Format.number(o.minIV))" : step.outcome
      if left[reason] == nil { reasons.append(reason) }
      left[reason, default: []].append(
        step.outcome.hasPrefix("WoE correlated") ? "\(step.feature) (\(step.outcome.dropFirst(15)))" : step.feature)
    }
    for reason in reasons {
      let names = left[reason]!
      let shown = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", … \(names.count - 6) more" : "")
      c.print("  left out, \(reason): \(names.count) — \(shown)")
    }
    let range = ScorecardCommand.scoreRange(card)
    c.print(
      "points: PDO \(Format.number(o.scaling.pdo)), \(Format.number(o.scaling.score)) at odds \(Format.number(o.scaling.odds)):1; scores from \(Format.fixed(range.lowest, 0)) to \(Format.fixed(range.highest, 0)) (scorecard \(c.statement.targets.first?.name ?? "M") prints the card)"
    )
    if model.summary["converged"] == "no" {
      c.warn("the solver did not converge; raise iterations= or l2=")
    }
    c.result(.model(model))
  }
}

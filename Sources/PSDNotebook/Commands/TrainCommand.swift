import Foundation
import PSDCore
import PSDData
import PSDLanguage
import PSDModels
import PSDScoring

/// `m = train gbdt on X target=TARGET exclude=[SK_ID_CURR] trees=500 rate=0.05 leaves=31 ...`
/// `m = train logistic on X target=TARGET exclude=[SK_ID_CURR] l2=1 balance=weights`
enum TrainCommand {
  /// What every model command reads besides the learner's parameters.
  static let commonOptions = [
    OptionSpec("target", .column, default: .text("TARGET"), "the 0/1 column to predict"),
    OptionSpec("exclude", .columns, "columns that are not features (ids, leaks)"),
    OptionSpec("seed", .integer(.any), default: .described("the session seed"), "random seed")
  ]
  /// The learners' parameters, declared in their tables (GBDTOptions.parameters,
  /// LogisticOptions.parameters), as one list: l2, balance and scale_pos are shared.
  static let parameterOptions = ModelParameterOptions.merged([
    ("gbdt", ModelParameterOptions.options(GBDTOptions.self)),
    ("logistic", ModelParameterOptions.options(LogisticOptions.self)),
    ("scorecard", TrainScorecard.regressionOptions)
  ])
  /// gbdt options that are not numbers of its table.
  static let gbdtExtraOptions = [
    OptionSpec("valid", .frame, "validation frame: AUC after every tree, early stopping"),
    OptionSpec(
      "monotone", .structured("[COL:1, COL:-1]"), "PD never falls (1) or never rises (-1) as a numeric feature grows")
  ]
  /// `bins` is gbdt's histogram bins and scorecard's binning: one option of both kinds.
  static let options: [OptionSpec] = {
    var all = commonOptions + parameterOptions + gbdtExtraOptions
    if let i = all.firstIndex(where: { $0.name == "bins" }), case .integer(let range) = all[i].kind {
      all[i].kind = .countOrBinning(range)
      all[i].summary = "gbdt: \(all[i].summary); scorecard: the binning (from bin), required"
      all[i].defaultValue = .described("\(all[i].defaultValue.text ?? "") (gbdt)")
    }
    return all + TrainScorecard.options
  }()
  static let gbdtOnly = Set(GBDTOptions.parameters.map(\.name)).subtracting(LogisticOptions.parameters.map(\.name))
    .union(gbdtExtraOptions.map(\.name))
  static let scorecardOnly = Set(TrainScorecard.options.map(\.name))
  static let logisticOnly = Set(LogisticOptions.parameters.map(\.name)).subtracting(GBDTOptions.parameters.map(\.name))

  static let spec = CommandSpec(
    name: "train", topic: "models",
    usage: [
      "M = train gbdt on FRAME target=TARGET exclude=[COLUMNS] trees=N rate=R leaves=N ...",
      "M = train logistic on FRAME target=TARGET exclude=[COLUMNS] l2=L balance=weights",
      "M = train scorecard on FRAME target=TARGET bins=BINNING pdo=20 score=600 odds=50"
    ],
    summary: "train a probability-of-default model: gradient-boosted trees, logistic regression or a points scorecard",
    details: """
      Every column but the target and the excluded ones is a feature; category columns are used natively \
      (gbdt: splits on groups of categories ordered by default rate; logistic: one-hot). \
      gbdt is histogram gradient boosting on log-loss, grown leaf-wise like LightGBM, with the same defaults; \
      missing values get their own bin and a learned direction at each split. With valid=FRAME it prints \
      the validation AUC as it goes and keeps the trees up to the best AUC. \
      logistic standardises the inputs, imputes missing numbers with the mean plus a missing indicator, \
      and fits an L2-penalised model with L-BFGS; it warns when the solver did not converge. \
      scorecard fits a logistic regression on the WoE of the bins of bins=BINNING (see `bin`), after an IV \
      floor, a correlation filter and forward stepwise selection on BIC (select=aic: AIC), and turns it into points per bin \
      (see `scorecard` and Docs/scorecards.md). \
      Training is deterministic: the same data, options and seed give the same model. See Docs/modelling.md.
      """,
    options: options,
    examples: [
      "m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=400 rate=0.05 leaves=31 balance=weights",
      "m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=2000 valid=te stop=50",
      "lr = train logistic on tr target=TARGET exclude=[SK_ID_CURR] balance=weights",
      "sc = train scorecard on tr target=TARGET bins=b pdo=20 score=600 odds=50"
    ],
    keywords: ["gbdt", "logistic", "scorecard", "on"],
    run: run)

  enum Learner {
    case gbdt(GBDTOptions, validation: (DataFrame, String)?)
    case logistic(LogisticOptions)
    case scorecard(ScorecardOptions, Binning)
  }

  /// What every model command reads first: `gbdt|logistic on FRAME` and the learner's options.
  struct Request {
    var learner: Learner
    var kind: String
    var frame: DataFrame
    var frameName: String
    var target: String
    var exclude: [String]
  }

  static func request(_ c: CommandContext, allowValidation: Bool = true) throws -> Request {
    let (kind, kindExpr) = try c.word("gbdt, logistic or scorecard")
    guard kind == "gbdt" || kind == "logistic" || kind == "scorecard" else {
      var notes = ["models: gbdt, logistic, scorecard"]
      if let best = Suggestions.closest(to: kind, among: ["gbdt", "logistic", "scorecard"]) {
        notes.insert("did you mean '\(best)'?", at: 0)
      }
      throw c.error("\(c.spec.name): unknown model kind '\(kind)'", at: kindExpr, notes: notes)
    }
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame to train on")
    let target = try c.columns("target", of: frame, named: frameName)?.first ?? "TARGET"
    if frame[target] == nil {
      throw PSDError.unknown("column", target, in: frameName, candidates: frame.columnNames)
    }
    let exclude = try c.columns("exclude", of: frame, named: frameName) ?? []
    let foreign =
      kind == "gbdt"
      ? logisticOnly.union(scorecardOnly)
      : kind == "logistic" ? gbdtOnly.union(scorecardOnly) : gbdtOnly.subtracting(["bins"])
    for name in foreign.sorted() where c.hasOption(name) {
      throw c.error("option '\(name)' does not apply to \(kind) models", at: c.option(name)?.value)
    }
    let seed = UInt64(bitPattern: Int64(try c.int("seed", default: c.settings.seed)))
    if kind == "scorecard" {
      let (o, binning) = try TrainScorecard.read(c, target: target, exclude: exclude)
      return Request(
        learner: .scorecard(o, binning), kind: kind, frame: frame, frameName: frameName, target: target,
        exclude: exclude)
    }
    if kind == "logistic" {
      var o = LogisticOptions()
      try c.readParameters(into: &o)
      return Request(
        learner: .logistic(o), kind: kind, frame: frame, frameName: frameName, target: target, exclude: exclude)
    }
    var o = GBDTOptions()
    try c.readParameters(into: &o)
    o.seed = seed
    o.monotone = try monotone(c, frame: frame, frameName: frameName)
    var validation: (DataFrame, String)? = nil
    if let v = try c.frame(option: "valid") {
      if !allowValidation {
        throw c.error(
          "option 'valid' does not apply here: each fold is validated on the rows left out",
          at: c.option("valid")?.value)
      }
      validation = v
    } else if c.hasOption("stop") {
      throw c.error("option 'stop' needs a validation frame: add valid=FRAME", at: c.option("stop")?.value)
    }
    return Request(
      learner: .gbdt(o, validation: validation), kind: kind, frame: frame, frameName: frameName,
      target: target, exclude: exclude)
  }

  /// `monotone=[EXT_SOURCE_3: -1, DAYS_EMPLOYED: 1]`: feature name to direction.
  static func monotone(_ c: CommandContext, frame: DataFrame, frameName: String) throws -> [String: Int] {
    guard let option = c.option("monotone") else { return [:] }
    let items: [Expr]
    if case .list(let list) = option.value.kind { items = list } else { items = [option.value] }
    var result: [String: Int] = [:]
    for item in items {
      guard case .binary(":", let key, let value) = item.kind else {
        throw c.error(
          "monotone: expected COLUMN: 1 or COLUMN: -1, found \(item.text)", at: item,
          notes: ["example: monotone=[EXT_SOURCE_3: -1, DAYS_EMPLOYED: 1]"])
      }
      let column = try c.session.columnName(key, in: frame, frameName: frameName)
      guard case .number(let d) = try c.session.evaluate(value), d == 1 || d == -1 else {
        throw c.error(
          "monotone: the direction of \(column) must be 1 (PD rises with it) or -1 (PD falls), found \(value.text)",
          at: value)
      }
      if result[column] != nil { throw c.error("monotone: \(column) is given twice", at: key) }
      result[column] = Int(d)
    }
    return result
  }

  /// Trains the requested learner on `frame` (the request's frame, or a fold of it).
  static func fit(_ r: Request, on frame: DataFrame, control: TaskControl) throws -> CreditModel {
    switch r.learner {
    case .gbdt(let o, let validation):
      return try CreditModel.trainGBDT(
        on: frame, target: r.target, exclude: r.exclude, options: o,
        validation: validation?.0, frameName: r.frameName, control: control)
    case .logistic(let o):
      return try CreditModel.trainLogistic(
        on: frame, target: r.target, exclude: r.exclude, options: o,
        frameName: r.frameName, control: control)
    case .scorecard(let o, let binning):
      return try CreditModel.trainScorecard(
        on: frame, target: r.target, binning: binning, options: o,
        frameName: r.frameName, control: control
      ).model
    }
  }

  /// Keeps with the model what scoring raw applications needs (the recipe, training ranges and
  /// distributions) and what the guard rails check later (the training rows, the balance).
  static func attachRecipe(_ model: inout CreditModel, _ r: Request, _ c: CommandContext) throws {
    model.trainingRows = r.frame.lineage
    switch r.learner {
    case .gbdt(let o, _) where o.balance == .weights: model.summary["balance"] = "weights"
    case .logistic(let o) where o.balanceWeights: model.summary["balance"] = "weights"
    case .scorecard(let o, _) where o.logistic.balanceWeights: model.summary["balance"] = "weights"
    default: break
    }
    // Checks and distributions read an evenly spaced sample: a full copy of a big frame costs GBs.
    let labelsAll = try FeatureMatrix.targetLabels(r.frame, target: r.target, frameName: r.frameName)
    let sample = TrainingReference.sampleRows(r.frame.rowCount)
    let matrix = try model.featureMatrix(sample.count == r.frame.rowCount ? r.frame : r.frame.gather(sample))
    let labels = sample.map { labelsAll[$0] }
    for name in TrainingChecks.idLikeFeatures(r.frame, features: model.features) {
      c.warn(
        "\(name) looks like an identifier (an ID name, or a different whole number on every row) and is used as a feature; add it to exclude=[...]"
      )
    }
    let sorted = ClassSortedValues(matrix, labels: labels)
    for (name, auc) in TrainingChecks.leakingFeatures(matrix, labels: labels, sorted: sorted) {
      c.warn(
        "\(name) alone separates \(r.target) almost perfectly (AUC \(Format.fixed(auc))): probably a leak of the target; check how it was built"
      )
    }
    guard let lineage = r.frame.lineage,
      var recipe = try? FeatureRecipe(lineage: lineage, target: r.target, idCandidates: r.exclude + ["SK_ID_CURR"])
    else { return }  // `recipe m` says why there is none
    TrainingReference.fill(&recipe, frame: r.frame, sample: matrix, labels: labels, sorted: sorted)
    model.recipe = recipe
  }

  @Sendable static func run(_ c: CommandContext) throws {
    let r = try request(c)
    if case .scorecard(let o, let binning) = r.learner { return try TrainScorecard.run(c, r, o, binning) }
    var model = try fit(r, on: r.frame, control: c.control)
    try attachRecipe(&model, r, c)
    let shape = "\(Format.count(r.frame.rowCount, "row")) × \(Format.count(model.features.count, "feature"))"
    switch model.estimator {
    case .gbdt(let b):
      guard case .gbdt(let o, let validation) = r.learner else { break }
      c.print(
        "trained gbdt on \(r.frameName): \(shape), \(b.trees.count) trees (\(o.leaves) leaves, rate \(Format.number(o.rate)))"
      )
      if let constraints = model.summary["monotone"] { c.print("monotone constraints: \(constraints)") }
      if let validation, let best = b.bestIteration, let auc = b.bestValidationAUC {
        c.print("validation on \(validation.1): best AUC \(Format.fixed(auc)) at tree \(best); later trees dropped")
      }
    case .logistic(let l):
      c.print("trained logistic on \(r.frameName): \(shape) → \(l.terms.count) terms")
      if l.converged {
        c.print("the solver converged in \(l.iterations) iterations")
      } else {
        c.warn("the solver did not converge in \(l.iterations) iterations; raise iterations= or l2=")
      }
    case .scorecard: break
    }
    c.result(.model(model))
  }
}

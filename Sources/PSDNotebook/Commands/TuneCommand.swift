import Foundation
import PSDCore
import PSDData
import PSDModels

/// `m = tune gbdt on X target=TARGET exclude=[SK_ID_CURR] budget=120s folds=5 [trials=N] [seed=N]`
enum TuneCommand {
  static let spec = CommandSpec(
    name: "tune", topic: "models",
    usage: [
      "M = tune gbdt on FRAME target=TARGET exclude=[COLUMNS] budget=120s folds=5",
      "M = tune gbdt on FRAME target=TARGET exclude=[COLUMNS] trials=30 seed=1"
    ],
    summary: "search GBDT parameters by cross-validated AUC, then refit the best on all rows",
    details: """
      Tries sets of rate, leaves, min_leaf, colsample, subsample, l2 and cat_min_rows by stratified k-fold \
      cross-validation (the same folds for every trial), each fold with early stopping on the rows \
      it left out. A trial's CV AUC is the best of the folds' mean AUC after each tree, and that \
      number of trees is the refit's. Trial 1 is psd's defaults; the next are drawn at random, later \
      half of them near the best so far; from the sixth on, a trial doing worse than the median of the \
      finished ones on its first folds is pruned. It prints each trial (parameters, CV AUC ± sd over \
      the folds, trees, seconds) and returns the best one refit on all rows. The search stops when the time budget would be exceeded or after \
      trials=N; Ctrl-C stops it too and keeps the best trial so far (a second Ctrl-C cancels the \
      refit). Deterministic for a seed and a number of trials: use trials=N (not budget=) when the \
      result must be reproduced, since how many trials fit in a budget depends on the machine. \
      See Docs/modelling.md.
      """,
    options: {
      let d = GBDTTuner.Settings()
      return [
        OptionSpec(
          "budget", .duration(.above(0)), default: .described("120s; none with trials= alone"),
          "time for the search: 120s, 5m"),
        OptionSpec("trials", .integer(.atLeast(1)), "at most N trials: the same trials on every machine"),
        OptionSpec("folds", .integer(.atLeast(2)), default: .value(.integer(d.folds)), "cross-validation folds"),
        OptionSpec(
          "max_trees", .integer(.atLeast(1)), default: .value(.integer(d.maxTrees)),
          "most trees per fold before early stopping"),
        OptionSpec(
          "stop", .integer(.atLeast(1)), default: .value(.integer(d.stop)),
          "early stopping: trees without a better fold AUC")
      ]
        + TrainCommand.commonOptions
        + ModelParameterOptions.options(GBDTOptions.self, only: ["balance", "scale_pos", "bins", "cat_smooth"])
    }(),
    examples: [
      "m = tune gbdt on tr target=TARGET exclude=[SK_ID_CURR] budget=120s folds=5",
      "m = tune gbdt on tr target=TARGET exclude=[SK_ID_CURR] trials=20 folds=3 seed=7"
    ],
    keywords: ["gbdt", "on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (kind, kindExpr) = try c.word("gbdt")
    guard kind == "gbdt" else {
      throw c.error(
        "tune: only gbdt models are tuned, found '\(kind)'", at: kindExpr,
        notes: kind == "logistic"
          ? ["logistic regression has one parameter: compare l2 values with cv"] : ["write: tune gbdt on FRAME ..."])
    }
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame to tune on")
    let target = try c.columns("target", of: frame, named: frameName)?.first ?? "TARGET"
    if frame[target] == nil { throw PSDError.unknown("column", target, in: frameName, candidates: frame.columnNames) }
    let exclude = try c.columns("exclude", of: frame, named: frameName) ?? []

    // The tuner sets the tuned parameters; the few tune declares from GBDTOptions.parameters
    // (balance, scale_pos, bins, cat_smooth) are the base of every trial.
    var base = GBDTOptions()
    try c.readParameters(into: &base)
    var settings = GBDTTuner.Settings()
    settings.seed = UInt64(bitPattern: Int64(try c.int("seed", default: c.settings.seed)))
    settings.folds = try c.int("folds") ?? settings.folds
    settings.maxTrees = try c.int("max_trees") ?? settings.maxTrees
    settings.stop = try c.int("stop") ?? settings.stop
    settings.trials = try c.int("trials")
    settings.budget = try c.double("budget") ?? (settings.trials == nil ? 120 : nil)

    let (x, labels) = try FeatureMatrix.training(frame, target: target, exclude: exclude, frameName: frameName)
    let limit = settings.trials.map { "\($0) trials" } ?? ""
    let time = settings.budget.map { "a \(Format.number($0))-second budget" } ?? ""
    c.print(
      "tuning gbdt on \(frameName): \(Format.count(x.rowCount, "row")) × \(Format.count(x.features.count, "feature")), \(settings.folds)-fold CV, \([limit, time].filter { !$0.isEmpty }.joined(separator: " or "))"
    )
    c.print(
      row(["trial", "rate", "leaves", "min_leaf", "colsample", "subsample", "l2", "trees", "CV AUC ± sd", "time"]))
    let result: GBDTTuner.Result
    do {
      result = try GBDTTuner.search(x, labels: labels, base: base, settings: settings, control: c.control) { k, trial in
        c.print(row(cells(k, trial)))
      }
    } catch let e as PSDError where e.subject == "folds" {
      throw c.error(e.message, at: c.option("folds")?.value, notes: e.notes)
    }
    if result.interrupted {
      // Ctrl-C ended the search: keep what was found; a second Ctrl-C cancels the refit.
      c.control.interrupt?.clear()
      c.warn("interrupted after \(Format.count(result.trials.count, "trial")): keeping the best so far")
    }
    let best = result.trials[result.best]
    var options = best.options
    options.trees = best.trees
    c.print(
      "best: trial \(result.best + 1), CV AUC \(Format.fixed(best.meanAUC)) ± \(Format.fixed(best.stdAUC)) (trial 1, psd's defaults: \(Format.fixed(result.trials[0].meanAUC)))"
    )
    let model = try CreditModel.trainGBDT(
      on: frame, target: target, exclude: exclude, options: options,
      frameName: frameName, control: c.control)
    var tuned = model
    // Like train: the recipe (score with raw tables, the API), training ranges, guard rails.
    try TrainCommand.attachRecipe(
      &tuned,
      TrainCommand.Request(
        learner: .gbdt(options, validation: nil), kind: "gbdt",
        frame: frame, frameName: frameName, target: target,
        exclude: exclude), c)
    tuned.summary["min_leaf"] = String(options.minLeaf)
    tuned.summary["colsample"] = Format.number(options.colsample, digits: 3)
    tuned.summary["subsample"] = Format.number(options.subsample, digits: 3)
    tuned.summary["l2"] = Format.number(options.l2, digits: 3)
    tuned.summary["cat_min_rows"] = String(options.catMinRows)
    tuned.summary["tuned"] =
      "\(result.trials.count) trials, \(settings.folds)-fold CV AUC \(Format.fixed(best.meanAUC))"
    c.print(
      "refit on all \(Format.count(frame.rowCount)) rows: \(options.trees) trees, \(options.leaves) leaves, rate \(Format.number(options.rate, digits: 3)), min_leaf \(options.minLeaf), colsample \(Format.number(options.colsample, digits: 2)), subsample \(Format.number(options.subsample, digits: 2)), l2 \(Format.number(options.l2, digits: 3)), cat_min_rows \(options.catMinRows)"
    )
    c.result(.model(tuned))
  }

  static let widths = [5, 7, 6, 8, 9, 9, 7, 5, 15, 6]

  static func row(_ cells: [String]) -> String {
    zip(cells, widths).map { Format.pad($0, $1, right: true) }.joined(separator: "  ")
  }

  static func cells(_ k: Int, _ t: TuningTrial) -> [String] {
    let o = t.options
    return [
      String(k + 1), Format.number(o.rate, digits: 3), String(o.leaves), String(o.minLeaf),
      Format.fixed(o.colsample, 2), Format.fixed(o.subsample, 2), Format.number(o.l2, digits: 2),
      t.prunedAfter == nil ? String(t.trees) : "–",
      t.prunedAfter.map { "pruned (\($0) folds)" } ?? "\(Format.fixed(t.meanAUC)) ± \(Format.fixed(t.stdAUC))",
      String(format: "%.1fs", t.seconds)
    ]
  }
}

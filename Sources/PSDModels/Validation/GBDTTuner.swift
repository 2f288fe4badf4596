import Foundation
import PSDCore

/// One set of GBDT parameters tried by the tuner and how it cross-validated.
package struct TuningTrial: Sendable {
  package var options: GBDTOptions
  /// Validation AUC of each fold at `trees` trees (the best number for the folds' mean AUC);
  /// for a pruned trial, each fold's best AUC over the folds it ran.
  package var foldAUC: [Double]
  /// Trees kept by early stopping in each fold (the fold's own best).
  package var foldTrees: [Int]
  /// Each fold's own best validation AUC (what pruning compares, fold by fold).
  package var foldBestAUC: [Double]
  package var seconds: Double
  /// Trees for a refit on all rows: the number with the best mean validation AUC over the folds
  /// (as lgb.cv picks it), nil for a pruned trial.
  package var bestTrees: Int?
  /// Folds run before the trial was stopped for doing worse than most trials on the same folds
  /// (nil: it ran them all). A pruned trial is never the best.
  package var prunedAfter: Int?

  package init(
    options: GBDTOptions, foldAUC: [Double], foldTrees: [Int], foldBestAUC: [Double]? = nil,
    seconds: Double, bestTrees: Int? = nil, prunedAfter: Int? = nil
  ) {
    self.options = options
    self.foldAUC = foldAUC
    self.foldTrees = foldTrees
    self.foldBestAUC = foldBestAUC ?? foldAUC
    self.seconds = seconds
    self.bestTrees = bestTrees
    self.prunedAfter = prunedAfter
  }

  package var meanAUC: Double { CrossValidationResult.mean(foldAUC) }
  /// Sample standard deviation (n − 1) of the fold AUCs.
  package var stdAUC: Double { CrossValidationResult.standardDeviation(foldAUC) }
  /// Trees for a refit on all rows.
  package var trees: Int {
    bestTrees ?? max(1, Int((Double(foldTrees.reduce(0, +)) / Double(foldTrees.count)).rounded()))
  }
}

/// Searches GBDT parameters (rate, leaves, min_leaf, colsample, subsample, l2, cat_min_rows)
/// by stratified k-fold cross-validation (the same folds for every trial) with early stopping
/// inside each fold. A trial's score is the best of the folds' **mean** validation AUC curve, at
/// one number of trees for all folds (not each fold at its own best tree, which flatters noisy
/// trials), and that number of trees is the refit's. Trial 1 is psd's defaults; the next ones are
/// drawn at random (log scale for rate, leaves, min_leaf, l2 and cat_min_rows), then half of the
/// draws perturb the best trial so far. From the sixth trial on, a trial whose folds so far do
/// worse than the median of the finished trials on the same folds is stopped (median pruning like
/// Optuna's MedianPruner, but stricter: pruned trials do not lower the median, so as good trials
/// accumulate most random draws stop after two folds): the time goes to more promising trials. Every draw comes from the seed,
/// so the same seed and number of trials give the same trials and the same model; a time budget
/// only decides how many trials run.
package enum GBDTTuner {
  package struct Settings: Sendable {
    package var folds = 5
    package var seed: UInt64 = 0
    /// Stop starting trials when the next one would likely end past this many seconds.
    package var budget: Double? = 120
    /// At most this many trials (deterministic whatever the machine).
    package var trials: Int? = nil
    /// Most trees per fold; early stopping usually ends sooner.
    package var maxTrees = 2000
    /// Early stopping: each fold stops after twice this many trees without a better AUC of its
    /// own; the trial's trees are the best of the folds' mean curve up to the shortest fold.
    package var stop = 50
    /// Median pruning: finished trials needed before any trial is pruned (0 turns it off).
    package var pruneAfterTrials = 5
    package init() {}
  }

  package struct Result: Sendable {
    package var trials: [TuningTrial]
    package var best: Int
    /// Whether Ctrl-C ended the search (the trials before it are kept).
    package var interrupted: Bool
  }

  /// Runs the search. `base` carries what is not searched (balance, scale_pos, bins, ...).
  /// `trialDone(k, trial)` is told after each trial. With a raised interrupt flag, the search
  /// stops and returns the trials done so far (none done: the cancellation is rethrown).
  package static func search(
    _ x: FeatureMatrix, labels: [Bool], base: GBDTOptions, settings: Settings,
    control: TaskControl = .none,
    trialDone: (Int, TuningTrial) -> Void = { _, _ in }
  ) throws -> Result {
    let fold = try CrossValidation.checkedFolds(labels: labels, folds: settings.folds, seed: settings.seed)
    let splits = (0..<settings.folds).map { k in
      (train: labels.indices.filter { fold[$0] != k }, valid: labels.indices.filter { fold[$0] == k })
    }
    var generator = ModelRandom(seed: settings.seed &+ 0x7475_6e65)
    var trials: [TuningTrial] = []
    var best = 0
    let start = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var interrupted = false
    search: while true {
      if let limit = settings.trials, trials.count >= limit { break }
      if let budget = settings.budget, !trials.isEmpty {
        let perTrial = elapsed() / Double(trials.count)
        if elapsed() + perTrial > budget { break }
      }
      var options = base
      options.seed = settings.seed
      options.trees = settings.maxTrees
      options.stop = settings.stop
      if !trials.isEmpty {
        let around = trials.count >= 8 && generator.unit() < 0.5 ? trials[best].options : nil
        draw(&options, around: around, &generator)
      }
      control.report(
        "tuning gbdt", done: Double(trials.count), total: settings.trials.map(Double.init),
        detail: "trial \(trials.count + 1)")
      // Each fold runs on for twice the patience: the folds' mean curve is known only up to the
      // shortest fold, and one fold's noise should not end it (lgb.cv stops on the mean curve).
      var foldOptions = options
      foldOptions.stop = 2 * settings.stop
      let began = elapsed()
      var curves: [[Double]] = [], foldTrees: [Int] = []
      var pruned: Int? = nil
      do {
        for (k, split) in splits.enumerated() {
          try control.checkCancelled()
          let valid = (x.gather(split.valid), split.valid.map { labels[$0] })
          var curve: [Double] = []
          let boosted = try GBDTTrainer.train(
            x.gather(split.train), labels: split.train.map { labels[$0] },
            options: foldOptions, validation: valid, control: control,
            validationAUC: { curve.append($0) })
          foldTrees.append(boosted.trees.count)
          curves.append(curve)
          // Pruning: the mean of the folds' own best AUCs so far, against the finished trials'
          // on the same folds.
          let finished = trials.filter { $0.prunedAfter == nil }
          if settings.pruneAfterTrials > 0, finished.count >= settings.pruneAfterTrials, k >= 1, k + 1 < settings.folds,
            runningMean(curves.map { $0.max() ?? 0.5 }, folds: k + 1)
              < median(finished.map { runningMean($0.foldBestAUC, folds: k + 1) })
          {
            pruned = k + 1
            break
          }
        }
      } catch let e as PSDError where e.kind == .cancelled && !trials.isEmpty {
        interrupted = true
        break search
      }
      let trial: TuningTrial
      if let pruned {
        trial = TuningTrial(
          options: options, foldAUC: curves.map { $0.max() ?? 0.5 }, foldTrees: foldTrees,
          seconds: elapsed() - began, prunedAfter: pruned)
      } else {
        // The folds' mean AUC curve over the trees every fold grew; its best is the trial's.
        let length = curves.map(\.count).min() ?? 0
        var bestT = 0, bestMean = -Double.infinity
        for t in 0..<length {
          let m = CrossValidationResult.mean(curves.map { $0[t] })
          if m > bestMean { bestMean = m; bestT = t }
        }
        trial = TuningTrial(
          options: options, foldAUC: curves.map { $0.isEmpty ? 0.5 : $0[bestT] }, foldTrees: foldTrees,
          foldBestAUC: curves.map { $0.max() ?? 0.5 }, seconds: elapsed() - began,
          bestTrees: bestT + 1)
      }
      trials.append(trial)
      if trial.prunedAfter == nil && (trials[best].prunedAfter != nil || trial.meanAUC > trials[best].meanAUC) {
        best = trials.count - 1
      }
      trialDone(trials.count - 1, trial)
    }
    return Result(trials: trials, best: best, interrupted: interrupted)
  }

  /// Mean of the first `folds` values.
  static func runningMean(_ values: [Double], folds: Int) -> Double {
    CrossValidationResult.mean(Array(values.prefix(folds)))
  }

  static func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  /// The ranges searched. A fresh draw covers them all; around a good trial, each parameter
  /// moves a little (a factor of about 1.5 for the log-scale ones).
  static func draw(_ o: inout GBDTOptions, around: GBDTOptions?, _ g: inout ModelRandom) {
    func logUniform(_ lo: Double, _ hi: Double) -> Double { exp(log(lo) + g.unit() * (log(hi) - log(lo))) }
    func clamp(_ v: Double, _ lo: Double, _ hi: Double) -> Double { min(max(v, lo), hi) }
    if let c = around {
      func nudge(_ v: Double) -> Double { v * exp((g.unit() - 0.5) * 0.8) }
      o.rate = clamp(nudge(c.rate), 0.005, 0.3)
      o.leaves = Int(clamp(nudge(Double(c.leaves)).rounded(), 2, 128))
      o.minLeaf = Int(clamp(nudge(Double(c.minLeaf)).rounded(), 2, 400))
      o.colsample = clamp(c.colsample + (g.unit() - 0.5) * 0.2, 0.2, 1)
      o.subsample = clamp(c.subsample + (g.unit() - 0.5) * 0.2, 0.4, 1)
      o.l2 = c.l2 == 0 ? (g.unit() < 0.5 ? 0 : logUniform(0.01, 1)) : clamp(nudge(c.l2), 0, 100)
      o.catMinRows = Int(clamp(nudge(Double(c.catMinRows)).rounded(), 2, 200))
      return
    }
    o.rate = logUniform(0.01, 0.2)
    o.leaves = Int(logUniform(3, 96).rounded())
    o.minLeaf = Int(logUniform(3, 200).rounded())
    o.colsample = 0.3 + 0.7 * g.unit()
    o.subsample = 0.5 + 0.5 * g.unit()
    o.l2 = g.unit() < 0.3 ? 0 : logUniform(0.01, 30)
    // Small data: the default 100 rows per category keeps most levels out of category splits.
    o.catMinRows = Int(logUniform(5, 100).rounded())
  }
}

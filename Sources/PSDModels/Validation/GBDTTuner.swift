import Foundation
import PSDCore

/// One set of GBDT parameters tried by the tuner and how it cross-validated.
public struct TuningTrial: Sendable {
  public var options: GBDTOptions
  /// Validation AUC of each fold at its best tree (early stopping on that fold).
  public var foldAUC: [Double]
  /// Trees kept by early stopping in each fold.
  public var foldTrees: [Int]
  public var seconds: Double

  public var meanAUC: Double { CrossValidationResult.mean(foldAUC) }
  /// Sample standard deviation (n − 1) of the fold AUCs.
  public var stdAUC: Double { CrossValidationResult.standardDeviation(foldAUC) }
  /// Trees for a refit on all rows: the folds' mean best count.
  public var trees: Int { max(1, Int((Double(foldTrees.reduce(0, +)) / Double(foldTrees.count)).rounded())) }
}

/// Searches GBDT parameters (rate, leaves, min_leaf, colsample, subsample, l2, cat_min_rows)
/// by stratified k-fold cross-validation (`CrossValidation`, the same folds for every trial)
/// with early stopping inside each fold. Trial 1 is psd's defaults; the next ones are drawn at
/// random (log scale for rate, leaves, min_leaf, l2 and cat_min_rows), then half of the draws
/// perturb the best trial so far. Every draw comes from the seed, so the same seed
/// and number of trials give the same trials and the same model; a time budget only decides
/// how many trials run.
public enum GBDTTuner {
  public struct Settings: Sendable {
    public var folds = 5
    public var seed: UInt64 = 0
    /// Stop starting trials when the next one would likely end past this many seconds.
    public var budget: Double? = 120
    /// At most this many trials (deterministic whatever the machine).
    public var trials: Int? = nil
    /// Most trees per fold; early stopping usually ends sooner.
    public var maxTrees = 2000
    /// Early stopping patience (trees without a better fold AUC).
    public var stop = 50
    public init() {}
  }

  public struct Result: Sendable {
    public var trials: [TuningTrial]
    public var best: Int
    /// Whether Ctrl-C ended the search (the trials before it are kept).
    public var interrupted: Bool
  }

  /// Runs the search. `base` carries what is not searched (balance, scale_pos, bins, ...).
  /// `trialDone(k, trial)` is told after each trial. With a raised interrupt flag, the search
  /// stops and returns the trials done so far (none done: the cancellation is rethrown).
  public static func search(_ x: FeatureMatrix, labels: [Bool], base: GBDTOptions, settings: Settings,
                            control: TaskControl = .none,
                            trialDone: (Int, TuningTrial) -> Void = { _, _ in }) throws -> Result {
    var generator = ModelRandom(seed: settings.seed &+ 0x7475_6e65)
    var trials: [TuningTrial] = []
    var best = 0
    let start = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var interrupted = false
    while true {
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
      control.report("tuning gbdt", done: Double(trials.count), total: settings.trials.map(Double.init),
                     detail: "trial \(trials.count + 1)")
      let began = elapsed()
      var foldTrees: [Int] = []
      let cv: CrossValidationResult
      do {
        cv = try CrossValidation.run(labels: labels, folds: settings.folds, seed: settings.seed, control: control,
          fitAndPredict: { trainRows, validRows in
            let valid = (x.gather(validRows), validRows.map { labels[$0] })
            let boosted = try GBDTTrainer.train(x.gather(trainRows), labels: trainRows.map { labels[$0] },
                                                options: options, validation: valid, control: control)
            foldTrees.append(boosted.trees.count)
            return boosted.rawScores(valid.0)
          })
      } catch let e as PSDError where e.kind == .cancelled && !trials.isEmpty {
        interrupted = true
        break
      }
      let trial = TuningTrial(options: options, foldAUC: cv.foldAUC, foldTrees: foldTrees, seconds: elapsed() - began)
      trials.append(trial)
      if trial.meanAUC > trials[best].meanAUC { best = trials.count - 1 }
      trialDone(trials.count - 1, trial)
    }
    return Result(trials: trials, best: best, interrupted: interrupted)
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

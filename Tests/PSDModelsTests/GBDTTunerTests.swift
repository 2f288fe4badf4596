import Foundation
import Testing
import PSDCore
@testable import PSDModels

/// The tuner: the same seed and number of trials give the same search; Ctrl-C keeps the trials
/// done; a budget stops it; the best trial is the best CV AUC.
@Suite struct GBDTTunerTests {
  static func settings(trials: Int?, budget: Double? = nil) -> GBDTTuner.Settings {
    var s = GBDTTuner.Settings()
    s.folds = 3
    s.seed = 5
    s.trials = trials
    s.budget = budget
    s.maxTrees = 60
    s.stop = 10
    return s
  }

  @Test("the same seed and trials give the same trials, trial 1 is the defaults, the best is the best")
  func deterministic() throws {
    let (x, labels, _) = ModelTestData.piecewise(rows: 600, seed: 3)
    let a = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: 5))
    let b = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: 5))
    #expect(a.trials.count == 5 && !a.interrupted)
    #expect(a.trials.map(\.foldAUC) == b.trials.map(\.foldAUC))
    #expect(a.trials.map(\.options) == b.trials.map(\.options))
    #expect(a.best == b.best)
    let first = a.trials[0].options
    #expect(first.rate == 0.1 && first.leaves == 31 && first.minLeaf == 20 && first.colsample == 1 && first.l2 == 0)
    // Later trials differ from the defaults, inside the searched ranges.
    #expect(Set(a.trials.map(\.options.rate)).count == 5)
    for t in a.trials.dropFirst() {
      #expect(t.options.rate >= 0.005 && t.options.rate <= 0.3 && t.options.leaves >= 2 && t.options.colsample <= 1)
      #expect(t.foldTrees.count == 3 && t.foldTrees.allSatisfy { $0 >= 1 && $0 <= 60 })
    }
    #expect(a.trials.allSatisfy { $0.meanAUC <= a.trials[a.best].meanAUC })
    // Another seed: other draws.
    var other = Self.settings(trials: 5)
    other.seed = 6
    let c = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: other)
    #expect(c.trials[1].options != a.trials[1].options)
  }

  @Test("a trial's CV AUC is the best of the folds' mean AUC curve, and its trees are that curve's argmax")
  func meanCurveChoosesTheTrees() throws {
    let (x, labels, _) = ModelTestData.piecewise(rows: 600, seed: 3)
    let settings = Self.settings(trials: 2)
    let r = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: settings)
    let fold = CrossValidation.stratifiedFolds(labels: labels, folds: 3, seed: settings.seed)
    for trial in r.trials {
      // The same folds and options by hand: every fold's AUC after each tree.
      var curves: [[Double]] = []
      for k in 0..<3 {
        let train = labels.indices.filter { fold[$0] != k }, valid = labels.indices.filter { fold[$0] == k }
        var curve: [Double] = []
        var options = trial.options
        options.stop = 2 * settings.stop  // each fold runs on for twice the patience
        _ = try GBDTTrainer.train(
          x.gather(train), labels: train.map { labels[$0] }, options: options,
          validation: (x.gather(valid), valid.map { labels[$0] }), validationAUC: { curve.append($0) })
        curves.append(curve)
      }
      let length = curves.map(\.count).min()!
      let means = (0..<length).map { t in curves.map { $0[t] }.reduce(0, +) / 3 }
      let best = means.indices.max { means[$0] < means[$1] || (means[$0] == means[$1] && $0 > $1) }!
      #expect(trial.bestTrees == best + 1 && trial.trees == best + 1)
      #expect(trial.foldAUC == curves.map { $0[best] })
      #expect(abs(trial.meanAUC - means[best]) < 1e-15)
      // Never above the folds' own bests (what the tuner used to report).
      #expect(trial.meanAUC <= curves.map { $0.max()! }.reduce(0, +) / 3)
      func firstBest(_ c: [Double]) -> Int { c.indices.max { c[$0] < c[$1] || (c[$0] == c[$1] && $0 > $1) }! }
      #expect(trial.foldTrees == curves.map { firstBest($0) + 1 })
      #expect(trial.foldBestAUC == curves.map { $0.max()! })
    }
  }

  @Test("median pruning stops trials that do worse than most on the same folds; a pruned trial is never the best")
  func pruning() throws {
    let (x, labels, _) = ModelTestData.piecewise(rows: 600, seed: 3)
    let r = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: 14))
    #expect(r.trials.count == 14)
    #expect(r.trials.prefix(5).allSatisfy { $0.prunedAfter == nil }, "five finished trials come first")
    let pruned = r.trials.filter { $0.prunedAfter != nil }
    #expect(!pruned.isEmpty, "some of 14 trials should be pruned")
    for (k, t) in r.trials.enumerated() where t.prunedAfter != nil {
      #expect(t.prunedAfter == 2 && t.foldAUC.count == 2 && t.bestTrees == nil)
      // Below the median of the finished trials before it, on its first two folds.
      let finished = r.trials.prefix(k).filter { $0.prunedAfter == nil }
      #expect(finished.count >= 5)
      // Pruning compares the folds' own best AUCs: below the median of the finished trials'.
      let mine = (t.foldBestAUC[0] + t.foldBestAUC[1]) / 2
      let theirs = finished.map { ($0.foldBestAUC[0] + $0.foldBestAUC[1]) / 2 }.sorted()
      let median =
        theirs.count % 2 == 1 ? theirs[theirs.count / 2] : (theirs[theirs.count / 2 - 1] + theirs[theirs.count / 2]) / 2
      #expect(mine < median)
    }
    #expect(r.trials[r.best].prunedAfter == nil)
    var off = Self.settings(trials: 14)
    off.pruneAfterTrials = 0
    let full = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: off)
    #expect(full.trials.allSatisfy { $0.prunedAfter == nil })
  }

  @Test("Ctrl-C after two trials keeps them; before any trial it cancels")
  func interruptKeepsTheBest() throws {
    let (x, labels, _) = ModelTestData.piecewise(rows: 400, seed: 4)
    let flag = InterruptFlag()
    let control = TaskControl(interrupt: flag)
    let r = try GBDTTuner.search(
      x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: 10),
      control: control
    ) { k, _ in if k == 1 { flag.raise() } }
    #expect(r.interrupted)
    #expect(r.trials.count == 2)
    #expect(r.best < 2)
    #expect(throws: PSDError.self) {
      _ = try GBDTTuner.search(
        x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: 3),
        control: control)
    }
  }

  @Test("a budget too small for a second trial stops after the first")
  func budgetStops() throws {
    let (x, labels, _) = ModelTestData.piecewise(rows: 300, seed: 5)
    let r = try GBDTTuner.search(
      x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: nil, budget: 1e-9))
    #expect(r.trials.count == 1)
  }
}

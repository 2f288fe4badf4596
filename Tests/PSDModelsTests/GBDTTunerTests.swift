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

  @Test("Ctrl-C after two trials keeps them; before any trial it cancels")
  func interruptKeepsTheBest() throws {
    let (x, labels, _) = ModelTestData.piecewise(rows: 400, seed: 4)
    let flag = InterruptFlag()
    let control = TaskControl(interrupt: flag)
    let r = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: 10),
                                 control: control) { k, _ in if k == 1 { flag.raise() } }
    #expect(r.interrupted)
    #expect(r.trials.count == 2)
    #expect(r.best < 2)
    #expect(throws: PSDError.self) {
      _ = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: 3),
                               control: control)
    }
  }

  @Test("a budget too small for a second trial stops after the first")
  func budgetStops() throws {
    let (x, labels, _) = ModelTestData.piecewise(rows: 300, seed: 5)
    let r = try GBDTTuner.search(x, labels: labels, base: GBDTOptions(), settings: Self.settings(trials: nil, budget: 1e-9))
    #expect(r.trials.count == 1)
  }
}

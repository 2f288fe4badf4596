import Foundation
import Testing
import PSDCore
@testable import PSDModels

@Test func rocAUCMatchesABruteForcePairCount() {
  var g = ModelRandom(seed: 21)
  // Coarse scores, so many ties between a default and a non-default.
  let scores = (0..<300).map { _ in Double(g.below(12)) / 4 }
  let labels = (0..<300).map { _ in g.unit() < 0.3 }
  var wins = 0.0, pairs = 0.0
  for i in scores.indices where labels[i] {
    for j in scores.indices where !labels[j] {
      pairs += 1
      if scores[i] > scores[j] { wins += 1 } else if scores[i] == scores[j] { wins += 0.5 }
    }
  }
  let auc = rocAUC(scores: scores, labels: labels)!
  #expect(abs(auc - wins / pairs) < 1e-12)
}

@Test func trainingReportsProgressAndStopsWhenInterrupted() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 500, seed: 22)
  let (vx, vy, _) = ModelTestData.piecewise(rows: 300, seed: 23)
  final class Log: @unchecked Sendable {
    let lock = NSLock()
    var events: [ProgressEvent] = []
    func add(_ e: ProgressEvent) { lock.lock(); events.append(e); lock.unlock() }
  }
  let log = Log()
  var o = GBDTOptions()
  o.trees = 5
  o.stop = 100
  _ = try GBDTTrainer.train(
    x, labels: labels, options: o, validation: (vx, vy),
    control: TaskControl(progress: { log.add($0) }))
  #expect(log.events.count == 5)
  #expect(log.events.last?.done == 5)
  #expect(log.events.last?.detail.contains("validation AUC") == true)

  let flag = InterruptFlag()
  flag.raise()
  #expect(throws: PSDError(.cancelled, "interrupted")) {
    try GBDTTrainer.train(x, labels: labels, options: o, control: TaskControl(interrupt: flag))
  }
  #expect(throws: PSDError(.cancelled, "interrupted")) {
    try LogisticTrainer.train(x, labels: labels, control: TaskControl(interrupt: flag))
  }
}

@Test func depthAndLeafLimitsHold() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 3000, seed: 24)
  var o = GBDTOptions()
  o.trees = 5
  o.leaves = 31
  o.depth = 2
  o.minLeaf = 5
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  for tree in model.trees {
    #expect(tree.nodes.filter(\.isLeaf).count <= 4)
  }
  o.depth = 0
  o.leaves = 7
  let wide = try GBDTTrainer.train(x, labels: labels, options: o)
  for tree in wide.trees {
    #expect(tree.nodes.filter(\.isLeaf).count <= 7)
  }
  #expect(wide.trees.contains { $0.nodes.filter(\.isLeaf).count == 7 })
}

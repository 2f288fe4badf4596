import Testing
@testable import PSDModels

/// The brute-force reference: try every distinct score (and "refuse nobody") directly.
private func bruteForceBest(_ s: [Double], _ y: [Bool], fn: Double, fp: Double) -> (Double, Double) {
  var candidates = Array(Set(s)).sorted(by: >)
  candidates.insert(2, at: 0)
  var best = (Double.infinity, Double.infinity)
  for t in candidates {
    let c = confusionMatrix(scores: s, labels: y, threshold: t).cost(fn: fn, fp: fp)
    if c < best.1 { best = (t, c) }
  }
  return best
}

@Test func thresholdEqualsBruteForceOnRandomDataWithTies() {
  var rng = DecisionRNG(seed: 11)
  for trial in 0..<40 {
    let n = 1 + rng.int(200)
    let levels = 1 + rng.int(30)  // few levels -> many ties
    let s = (0..<n).map { _ in Double(rng.int(levels)) / Double(levels) }
    let y = s.map { rng.uniform() < 0.15 + 0.6 * $0 }
    let fn = Double(1 + rng.int(12)), fp = Double(1 + rng.int(3))
    let choice = chooseThreshold(scores: s, labels: y, cost: BusinessCost(falseNegative: fn, falsePositive: fp))
    let (_, bestCost) = bruteForceBest(s, y, fn: fn, fp: fp)
    #expect(choice.totalCost == bestCost, "trial \(trial)")
    // The reported matrix is the one the threshold really gives on the data.
    let direct = confusionMatrix(scores: s, labels: y, threshold: choice.threshold)
    #expect(direct == choice.confusion, "trial \(trial)")
    #expect(direct.cost(fn: fn, fp: fp) == choice.totalCost)
    // Every curve row is exact too, and ties are never split.
    for point in choice.curve {
      #expect(confusionMatrix(scores: s, labels: y, threshold: point.threshold) == point.confusion)
    }
    #expect(choice.curve.count == Set(s).count + 1)
  }
}

/// The seed study's bug: probabilities sorted on their own, labels left in row order. On data
/// where the model separates the classes perfectly, the right search finds a zero-cost threshold;
/// comparing sorted scores with unsorted labels cannot.
@Test func thresholdKeepsScoresWithTheirLabels() {
  let s = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.05, 0.95]
  let y = [true, false, true, false, true, false, false, true]
  let choice = chooseThreshold(scores: s, labels: y, cost: BusinessCost(falseNegative: 10, falsePositive: 1))
  #expect(choice.totalCost == 0)
  #expect(choice.threshold > 0.3 && choice.threshold <= 0.7)
  #expect(choice.confusion == ConfusionMatrix(trueNegatives: 4, falsePositives: 0, falseNegatives: 0, truePositives: 4))

  // The result must not depend on row order: shuffle rows (scores and labels together).
  var rng = DecisionRNG(seed: 5)
  var rows = Array(zip(s, y))
  for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, rng.int(i + 1)) }
  let shuffled = chooseThreshold(
    scores: rows.map(\.0), labels: rows.map(\.1),
    cost: BusinessCost(falseNegative: 10, falsePositive: 1))
  #expect(shuffled.threshold == choice.threshold)
  #expect(shuffled.confusion == choice.confusion)
}

@Test func thresholdReportsTrivialPoliciesAndHalf() {
  // 2 defaulters, 8 good clients: grant all costs 10·2 = 20, refuse all 1·8 = 8.
  let s = [0.6, 0.4, 0.1, 0.2, 0.3, 0.45, 0.55, 0.05, 0.15, 0.25]
  let y = [true, true, false, false, false, false, false, false, false, false]
  let c = chooseThreshold(scores: s, labels: y, cost: BusinessCost(falseNegative: 10, falsePositive: 1))
  #expect(c.trivialCost == 8)
  #expect(c.trivialPolicy == "refuse all")
  #expect(c.atHalf == confusionMatrix(scores: s, labels: y, threshold: 0.5))
  #expect(c.costAtHalf == 10 * 1 + 1 * 1)
  // Best: refuse 0.4 and above -> FP 2 (0.45, 0.55), FN 0.
  #expect(c.threshold == 0.4)
  #expect(c.totalCost == 2)
  #expect(abs(c.normalisedCost - 0.25) < 1e-12)
  #expect(abs(c.costPerApplication - 0.2) < 1e-12)
}

@Test func grantAllWhenDefaultsAreCheap() {
  let c = chooseThreshold(
    scores: [0.9, 0.8, 0.1], labels: [false, false, true],
    cost: BusinessCost(falseNegative: 1, falsePositive: 5))
  #expect(c.confusion.refused == 0)
  #expect(c.totalCost == 1)
  #expect(confusionMatrix(scores: [0.9, 0.8, 0.1], labels: [false, false, true], threshold: c.threshold).refused == 0)
}

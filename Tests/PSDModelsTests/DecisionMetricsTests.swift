import Testing
@testable import PSDModels

@Test func confusionMatrixRefusesAtOrAboveThreshold() {
  let m = confusionMatrix(scores: [0.1, 0.5, 0.5, 0.9], labels: [false, true, false, true], threshold: 0.5)
  #expect(m == ConfusionMatrix(trueNegatives: 1, falsePositives: 1, falseNegatives: 0, truePositives: 2))
  #expect(m.refusalRate == 0.75)
}

@Test func ksAndAveragePrecisionOnAHandCase() {
  // Descending: 0.9 (1), 0.8 (0), 0.7 (1), 0.2 (0).
  let s = [0.2, 0.9, 0.7, 0.8], y = [false, true, true, false]
  // TPR-FPR after each step: 0.5-0, 0.5-0.5, 1-0.5, 1-1 -> KS 0.5.
  #expect(abs(ksStatistic(scores: s, labels: y)! - 0.5) < 1e-12)
  // AP = 0.5·1 + 0.5·(2/3).
  #expect(abs(averagePrecision(scores: s, labels: y)! - (0.5 + 1.0 / 3)) < 1e-12)
  #expect(abs(giniCoefficient(scores: s, labels: y)! - 0.5) < 1e-12)
}

@Test func averagePrecisionTreatsTiesAsOneStep() {
  // All tied: one step to recall 1 at precision = base rate.
  let ap = averagePrecision(scores: [0.3, 0.3, 0.3, 0.3], labels: [true, false, false, false])!
  #expect(abs(ap - 0.25) < 1e-12)
}

@Test func aucMatchesPairCountWithTies() {
  var rng = DecisionRNG(seed: 7)
  let s = (0..<300).map { _ in Double(rng.int(20)) / 20 }
  let y = (0..<300).map { _ in rng.uniform() < 0.3 }
  var wins = 0.0, pairs = 0.0
  for i in s.indices where y[i] {
    for j in s.indices where !y[j] {
      pairs += 1
      wins += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0)
    }
  }
  #expect(abs(rocAUC(scores: s, labels: y)! - wins / pairs) < 1e-12)
}

/// The leak check's AUC (two sorted classes, one merge walk) is the general one, bit for bit,
/// with ties inside and across the classes, a class of one, and continuous scores.
@Test func aucFromSortedClassesEqualsTheIndexSortAUC() {
  var rng = DecisionRNG(seed: 11)
  for trial in 0..<40 {
    let n = 1 + rng.int(400)
    let levels = trial % 2 == 0 ? 7 : 1_000_000
    let s = (0..<n).map { _ in Double(rng.int(levels)) / Double(levels) - 0.3 }
    let y = (0..<n).map { _ in rng.uniform() < 0.2 }
    let negatives = zip(s, y).filter { !$0.1 }.map(\.0).sorted()
    let positives = zip(s, y).filter { $0.1 }.map(\.0).sorted()
    let general = rocAUC(scores: s, labels: y)
    let merged = rocAUC(sortedNegatives: negatives, sortedPositives: positives)
    #expect(
      general?.bitPattern == merged?.bitPattern,
      "trial \(trial): \(String(describing: general)) vs \(String(describing: merged))")
  }
}

@Test func logLossAndBrier() {
  let p = [0.8, 0.3], y = [true, false]
  #expect(abs(logLoss(probabilities: p, labels: y) - (-(log(0.8) + log(0.7)) / 2)) < 1e-12)
  #expect(abs(brierScore(probabilities: p, labels: y) - (0.04 + 0.09) / 2) < 1e-12)
}

@Test func reliabilityTableKeepsTiesAndCounts() {
  var rng = DecisionRNG(seed: 3)
  let p = (0..<1000).map { _ in Double(rng.int(37)) / 37 }
  let y = p.map { _ in rng.uniform() < 0.2 }
  let table = ReliabilityTable(probabilities: p, labels: y)
  #expect(table.bins.reduce(0) { $0 + $1.count } == 1000)
  for k in 1..<table.bins.count { #expect(table.bins[k].lower > table.bins[k - 1].upper) }
  // The observed rates, weighted by count, add back up to the overall default rate.
  let defaults = table.bins.reduce(0.0) { $0 + $1.observedRate * Double($1.count) }
  #expect(abs(defaults - Double(y.filter { $0 }.count)) < 1e-9)
}

import Foundation

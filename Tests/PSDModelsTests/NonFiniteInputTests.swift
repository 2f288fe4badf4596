import Foundation
import Testing
import PSDCore
import PSDData
@testable import PSDModels

// Issue 13: a NaN probability of default made evaluate, cv and isotonic calibrate loop forever
// (NaN != NaN ended no tie walk) and threshold crash. Every metric is total on NaN, and
// non-finite parameters and values are refused where they enter.

private let labels: [Bool] = [false, true, false, true, false, true]
private let withNaN: [Double] = [0.1, .nan, 0.3, 0.8, .nan, 0.6]

@Test func metricsAreTotalOnNaNScores() {
  #expect(rocAUC(scores: withNaN, labels: labels) == nil)
  #expect(curvePoints(scores: withNaN, labels: labels).isEmpty)
  #expect(ksStatistic(scores: withNaN, labels: labels) == nil)
  #expect(averagePrecision(scores: withNaN, labels: labels) == nil)
  let all = [Double](repeating: .nan, count: labels.count)
  #expect(rocAUC(scores: all, labels: labels) == nil)
  let e = BinaryEvaluation(probabilities: withNaN, labels: labels, threshold: 0.5)
  #expect(e.auc == nil)
  #expect(e.confusion.total == labels.count)
}

@Test func thresholdOnNaNScoresGrantsThoseRowsInsteadOfCrashing() {
  let choice = chooseThreshold(scores: withNaN, labels: labels, cost: BusinessCost(falseNegative: 10, falsePositive: 1))
  // The two NaN rows (one defaulter, one good client) are granted at every threshold.
  #expect(choice.confusion.total == labels.count)
  #expect(choice.confusion.falseNegatives >= 1)
  #expect(choice.confusion.trueNegatives >= 1)
  #expect(choice.threshold.isFinite)
}

@Test func isotonicFitSkipsNaNProbabilities() {
  let fit = ProbabilityCalibration.fitIsotonic(probabilities: withNaN, labels: labels)
  guard case .isotonic(let x, let y) = fit else { Issue.record("not isotonic"); return }
  #expect(!x.contains { $0.isNaN })
  #expect(x.count == y.count)
  #expect(x == x.sorted())
}

@Test func nanProbabilitiesAreAClearErrorForEveryCommand() {
  #expect(throws: Never.self) { try CreditModel.checkProbabilities([0.1, 0.9], rows: "rows") }
  do {
    try CreditModel.checkProbabilities(withNaN, rows: "rows")
    Issue.record("NaN accepted")
  } catch let error as PSDError {
    #expect(error.kind == .model)
    #expect(error.message.hasPrefix("the model gives no probability of default (NaN) for 2 of 6 rows"))
  } catch { Issue.record("\(error)") }
}

@Test func crossValidationStopsOnNaNProbabilities() {
  let y = (0..<20).map { $0 % 2 == 0 }
  #expect(throws: PSDError.self) {
    _ = try CrossValidation.run(labels: y, folds: 2, seed: 1) { _, valid in valid.map { _ in .nan } }
  }
}

private func frame(x: [Double]) throws -> DataFrame {
  try DataFrame(columns: [.float("X", x), .int("TARGET", (0..<x.count).map { Int64($0 % 2) })])
}

@Test func nonFiniteTrainingOptionsAreRefused() throws {
  let f = try frame(x: (0..<40).map { Double($0) })
  var o = GBDTOptions()
  o.scalePos = .infinity
  #expect(throws: PSDError.self) { _ = try CreditModel.trainGBDT(on: f, target: "TARGET", options: o) }
  var l = LogisticOptions()
  l.scalePos = .infinity
  #expect(throws: PSDError.self) { _ = try CreditModel.trainLogistic(on: f, target: "TARGET", options: l) }
  l = LogisticOptions()
  l.l2 = .nan
  #expect(throws: PSDError.self) { _ = try CreditModel.trainLogistic(on: f, target: "TARGET", options: l) }
}

@Test func logisticSaysWhichFeatureItCannotStandardise() throws {
  // One inf used to drop the feature silently; ±1e308 made every PD NaN.
  for (values, phrase) in [
    ([1, 2, .infinity, 4, 5, 6, 7, 8] as [Double], "has 1 infinite value"),
    ([1e308, -1e308, 1e308, -1e308, 1e308, -1e308, 1e308, -1e308], "has values too large to standardise")
  ] {
    do {
      _ = try CreditModel.trainLogistic(on: try frame(x: values), target: "TARGET")
      Issue.record("trained on \(values)")
    } catch let error as PSDError {
      #expect(
        error.message == "feature 'X' \(phrase)" + (phrase.hasPrefix("has 1") ? "" : " (its variance overflows)")
          + ": a logistic model cannot use it")
    }
  }
}

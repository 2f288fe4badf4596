import Foundation
import Testing
import PSDCore
@testable import PSDModels

/// Four numeric features whose true effect on the log-odds is not monotone in X0 and X1 (a
/// bump and a wave), with interactions and some missing values, so an unconstrained model does
/// break monotonicity and the constraint has work to do.
private func wavyData(rows: Int, seed: UInt64) -> (FeatureMatrix, [Bool]) {
  var g = ModelRandom(seed: seed)
  var columns = [[Double]](repeating: [], count: 4)
  var labels: [Bool] = []
  for _ in 0..<rows {
    let x = (0..<4).map { _ in g.unit() * 10 }
    let logOdds =
      0.4 * x[0] - 1.5 * sin(x[0] * 1.3) - 0.3 * x[1] + 1.2 * cos(x[1]) + 0.8 * (x[2] > 5 ? 1 : -1)
      + 0.1 * x[0] * (x[3] > 5 ? 1 : -1) - 2
    labels.append(g.unit() < sigmoid(logOdds))
    for f in 0..<4 { columns[f].append(g.unit() < 0.05 ? .nan : x[f]) }
  }
  let features = (0..<4).map { FeatureSpec(name: "X\($0)") }
  return (FeatureMatrix(features: features, columns: columns, rowCount: rows), labels)
}

/// The largest step against `direction` (+1: must not fall, -1: must not rise) of the model's
/// raw score as feature `f` sweeps a grid, over random rows (other features drawn at random,
/// some missing).
private func worstViolation(_ model: BoostedTrees, feature f: Int, direction: Double, seed: UInt64) -> Double {
  var g = ModelRandom(seed: seed)
  let grid = stride(from: -1.0, through: 11.0, by: 0.05).map { $0 }
  var worst = 0.0
  for _ in 0..<60 {
    var row = (0..<4).map { _ in g.unit() < 0.1 ? Double.nan : g.unit() * 10 }
    var previous = -Double.infinity * direction
    for v in grid {
      row[f] = v
      let m = FeatureMatrix(
        features: (0..<4).map { FeatureSpec(name: "X\($0)") }, columns: row.map { [$0] }, rowCount: 1)
      let s = model.rawScores(m)[0]
      if previous.isFinite { worst = max(worst, (previous - s) * direction) }
      previous = s
    }
  }
  return worst
}

@Test(arguments: [HistogramLayout.columns, HistogramLayout.rows])
func monotoneConstraintsHoldAlongEachConstrainedFeature(layout: HistogramLayout) throws {
  let (x, labels) = wavyData(rows: 4000, seed: 7)
  var o = GBDTOptions()
  o.trees = 80
  o.leaves = 15
  o.minLeaf = 10
  o.histogramLayout = layout
  o.monotone = ["X0": 1, "X1": -1]
  let constrained = try GBDTTrainer.train(x, labels: labels, options: o)
  #expect(worstViolation(constrained, feature: 0, direction: 1, seed: 1) <= 1e-12)
  #expect(worstViolation(constrained, feature: 1, direction: -1, seed: 2) <= 1e-12)

  // The same data without constraints does break both: the check above can fail.
  o.monotone = [:]
  let free = try GBDTTrainer.train(x, labels: labels, options: o)
  #expect(worstViolation(free, feature: 0, direction: 1, seed: 1) > 0.01)
  #expect(worstViolation(free, feature: 1, direction: -1, seed: 2) > 0.01)
}

@Test func monotoneConstraintsHoldWithSamplingAndPenalties() throws {
  let (x, labels) = wavyData(rows: 3000, seed: 11)
  var o = GBDTOptions()
  o.trees = 50
  o.leaves = 31
  o.minLeaf = 5
  o.subsample = 0.7
  o.colsample = 0.75
  o.l1 = 0.5
  o.l2 = 1
  o.seed = 3
  o.monotone = ["X0": -1, "X3": 1]
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  #expect(worstViolation(model, feature: 0, direction: -1, seed: 4) <= 1e-12)
  #expect(worstViolation(model, feature: 3, direction: 1, seed: 5) <= 1e-12)
}

@Test func monotoneConstraintsStillLearnTheAllowedTrend() throws {
  // The true effect of X0 rises overall (0.4·x), so an increasing constraint keeps most of the
  // signal: the constrained model's training AUC stays well above chance.
  let (x, labels) = wavyData(rows: 3000, seed: 5)
  var o = GBDTOptions()
  o.trees = 60
  o.monotone = ["X0": 1]
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  let auc = rocAUC(scores: model.rawScores(x), labels: labels) ?? 0
  #expect(auc > 0.75, "training AUC \(auc)")
}

@Test func monotoneConstraintsNameNumericFeatures() throws {
  let (x, labels) = wavyData(rows: 500, seed: 1)
  var o = GBDTOptions()
  o.trees = 2
  o.monotone = ["X9": 1]
  #expect(throws: PSDError.self) { try GBDTTrainer.train(x, labels: labels, options: o) }
  o.monotone = ["X0": 2]
  #expect(throws: PSDError.self) { try GBDTTrainer.train(x, labels: labels, options: o) }
  let categorical = FeatureMatrix(
    features: [FeatureSpec(name: "C", levels: ["a", "b"]), x.features[0]],
    columns: [x.columns[0].map { $0.isNaN ? .nan : Double(Int($0) % 2) }, x.columns[0]],
    rowCount: x.rowCount)
  o.monotone = ["C": 1]
  #expect(throws: PSDError.self) { try GBDTTrainer.train(categorical, labels: labels, options: o) }
}

import Foundation
import Testing
import PSDCore
@testable import PSDModels

private func logisticData(rows: Int, seed: UInt64) -> (FeatureMatrix, [Bool]) {
  var g = ModelRandom(seed: seed)
  var a: [Double] = [], b: [Double] = [], c: [Double] = [], labels: [Bool] = []
  for _ in 0..<rows {
    let x1 = g.unit() * 4 - 2, x2 = g.unit() * 100
    let level = g.below(3)
    let missing = g.unit() < 0.2
    let z = -1 + 1.5 * x1 + 0.02 * (x2 - 50) + [0.0, 1.0, -1.0][level] + (missing ? 0.8 : 0)
    a.append(x1); b.append(missing ? .nan : x2); c.append(Double(level))
    labels.append(g.unit() < sigmoid(z))
  }
  let m = FeatureMatrix(
    features: [
      FeatureSpec(name: "A"), FeatureSpec(name: "B"),
      FeatureSpec(name: "C", levels: ["x", "y", "z"])
    ],
    columns: [a, b, c], rowCount: rows)
  return (m, labels)
}

@Test func logisticRecoversTheGeneratingCoefficients() throws {
  let (x, labels) = logisticData(rows: 6000, seed: 1)
  var o = LogisticOptions()
  o.l2 = 1e-6
  let model = try LogisticTrainer.train(x, labels: labels, options: o)
  #expect(model.converged)
  let names = model.termNames(x.features)
  #expect(names == ["A", "B", "B (missing)", "C=x", "C=y", "C=z"])
  // Back on the raw scale: coefficient / scale.
  let a = model.coefficients[0] / model.terms[0].scale
  let b = model.coefficients[1] / model.terms[1].scale
  #expect(abs(a - 1.5) < 0.15, "A: \(a)")
  #expect(abs(b - 0.02) < 0.005, "B: \(b)")
  // Missing B raises the log-odds (0.8 in the generator).
  let missing = model.coefficients[2] / model.terms[2].scale
  #expect(abs(missing - 0.8) < 0.25, "missing: \(missing)")
}

@Test func logisticContributionsAddUpExactly() throws {
  let (x, labels) = logisticData(rows: 500, seed: 2)
  let model = try LogisticTrainer.train(x, labels: labels)
  let raw = model.rawScores(x)
  for row in [0, 17, 123, 499] {
    let c = model.contributions(x, row: row)
    var sum = c.base
    for v in c.perFeature { sum += v }
    #expect(sum == raw[row])
    #expect(c.perFeature.count == 3)
  }
}

@Test func logisticSaysWhenItDidNotConverge() throws {
  let (x, labels) = logisticData(rows: 500, seed: 3)
  var o = LogisticOptions()
  o.iterations = 1
  let model = try LogisticTrainer.train(x, labels: labels, options: o)
  #expect(!model.converged)
  #expect(model.iterations == 1)
}

@Test func logisticClassWeightsRaiseTheAverageProbability() throws {
  let (x, labels) = logisticData(rows: 2000, seed: 4)
  let plain = try LogisticTrainer.train(x, labels: labels)
  var o = LogisticOptions()
  o.balanceWeights = true
  let weighted = try LogisticTrainer.train(x, labels: labels, options: o)
  let mean = { (v: [Double]) in v.map(sigmoid).reduce(0, +) / Double(v.count) }
  let rate = Double(labels.filter { $0 }.count) / Double(labels.count)
  #expect(rate < 0.5)
  #expect(mean(weighted.rawScores(x)) > mean(plain.rawScores(x)) + 0.02)
}

@Test func logisticMatchesANewtonSolutionOnOneFeature() throws {
  // One standardised feature, no penalty: compare with a few Newton steps done here.
  var g = ModelRandom(seed: 5)
  var xs: [Double] = [], ys: [Bool] = []
  for _ in 0..<400 {
    let v = g.unit() * 2 - 1
    xs.append(v)
    ys.append(g.unit() < sigmoid(0.3 + 2 * v))
  }
  let x = FeatureMatrix(features: [FeatureSpec(name: "V")], columns: [xs], rowCount: xs.count)
  var o = LogisticOptions()
  o.l2 = 0
  o.tolerance = 1e-10
  let model = try LogisticTrainer.train(x, labels: ys, options: o)
  let term = model.terms[0]
  let z = xs.map { ($0 - term.mean) / term.scale }
  var b0 = 0.0, b1 = 0.0
  for _ in 0..<30 {
    var g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0
    for (zi, yi) in zip(z, ys) {
      let p = sigmoid(b0 + b1 * zi), r = p - (yi ? 1 : 0), w = p * (1 - p)
      g0 += r; g1 += r * zi; h00 += w; h01 += w * zi; h11 += w * zi * zi
    }
    let det = h00 * h11 - h01 * h01
    b0 -= (h11 * g0 - h01 * g1) / det
    b1 -= (h00 * g1 - h01 * g0) / det
  }
  #expect(abs(model.intercept - b0) < 1e-5)
  #expect(abs(model.coefficients[0] - b1) < 1e-5)
}

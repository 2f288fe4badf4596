import Foundation
import Testing
@testable import PSDModels

// DeLong's test, worked by hand (Docs/decision.md shows the same figures).
// Defaulters A: 0.8, 0.4; good: 0.6, 0.2 → components V10 = [1, 0.5], V01 = [0.5, 1], AUC 0.75.
// Defaulters B: 0.7, 0.3; good: 0.5, 0.3 (a tie) → V10 = [1, 0.25], V01 = [0.5, 0.75], AUC 0.625.
// S10 = [[0.125, 0.1875], [0.1875, 0.28125]], S01 = [[0.125, 0.0625], [0.0625, 0.03125]];
// S = S10/2 + S01/2 = [[0.125, 0.125], [0.125, 0.15625]]; var(Δ) = 0.125 + 0.15625 − 0.25 = 0.03125;
// z = 0.125 / √0.03125 = 0.70711; p = erfc(0.5) = 0.47950.
@Test func deLongMatchesAHandWorkedCase() throws {
  let labels = [true, true, false, false]
  let a = [0.8, 0.4, 0.6, 0.2], b = [0.7, 0.3, 0.5, 0.3]
  let d = try #require(deLongComparison(scores: [a, b], labels: labels))
  #expect(d.aucs == [0.75, 0.625])
  #expect(abs(d.covariance[0][0] - 0.125) < 1e-12)
  #expect(abs(d.covariance[1][1] - 0.15625) < 1e-12)
  #expect(abs(d.covariance[0][1] - 0.125) < 1e-12)
  let p = d.pair(0, 1)
  #expect(abs(p.difference - 0.125) < 1e-12)
  #expect(abs(p.variance - 0.03125) < 1e-12)
  #expect(abs(p.z - 0.7071067811865476) < 1e-9)
  #expect(abs(p.pValue - 0.4795001221869535) < 1e-9)
}

@Test func deLongAUCsEqualTheMannWhitneyAUC() throws {
  var g = ModelRandom(seed: 3)
  let labels = (0..<500).map { _ in g.unit() < 0.2 }
  // Coarse scores, so ties are common.
  let s1 = labels.map { ($0 ? 0.6 : 0.4) + (g.unit() * 10).rounded() / 10 }
  let s2 = labels.map { ($0 ? 0.55 : 0.45) + g.unit() }
  let d = try #require(deLongComparison(scores: [s1, s2], labels: labels))
  #expect(abs(d.aucs[0] - rocAUC(scores: s1, labels: labels)!) < 1e-12)
  #expect(abs(d.aucs[1] - rocAUC(scores: s2, labels: labels)!) < 1e-12)
  // A model compared with itself: no difference, p = 1.
  let same = try #require(deLongComparison(scores: [s1, s1], labels: labels)).pair(0, 1)
  #expect(same.variance == 0 && same.z == 0 && same.pValue == 1)
  #expect(deLongComparison(scores: [s1], labels: labels.map { _ in true }) == nil)
}

@Test func gainsTableCountsAndCumulates() {
  // 10 rows, PD 1.0 ... 0.1; defaults at the 1st, 2nd and 4th highest PDs; 5 bands of 2 rows.
  let scores = (1...10).map { Double(11 - $0) / 10 }
  let labels = [true, true, false, true, false, false, false, false, false, false]
  let t = gainsTable(scores: scores, labels: labels, bands: 5)
  #expect(t.map(\.rows) == [2, 2, 2, 2, 2])
  #expect(t.map(\.defaults) == [2, 1, 0, 0, 0])
  #expect(abs(t[0].lift - 1.0 / 0.3) < 1e-12)
  #expect(abs(t[1].cumulativeCapture - 1) < 1e-12)
  #expect(abs(t[1].cumulativeGood - 1.0 / 7) < 1e-12)
  #expect(abs(t[1].ks - 6.0 / 7) < 1e-12)
  #expect(t[4].cumulativeCapture == 1 && abs(t[4].cumulativeLift - 1) < 1e-12)
  #expect(t[0].minScore == 0.9 && t[0].maxScore == 1.0)
  // 11 rows in 5 bands: the first band gets the extra row.
  #expect(gainsTable(scores: scores + [0.05], labels: labels + [false], bands: 5).map(\.rows) == [3, 2, 2, 2, 2])
}

@Test func correlationPearsonSpearmanAndMissing() {
  let x = (1...20).map(Double.init)
  let cube = x.map { $0 * $0 * $0 }
  var gappy = x.map { -$0 }
  gappy[3] = .nan
  let constant = x.map { _ in 2.0 }
  let r = correlationMatrix([x, cube, gappy, constant], method: .pearson)
  #expect(abs(r[0][0] - 1) < 1e-12)
  #expect(r[0][1] < 0.95 && r[0][1] > 0.85)  // a cube is not linear
  #expect(abs(r[0][2] + 1) < 1e-12)  // pairwise complete: the gap is skipped
  #expect(r[0][3].isNaN)
  let s = correlationMatrix([x, cube, gappy], method: .spearman)
  #expect(abs(s[0][1] - 1) < 1e-12)  // any increasing relation has rank correlation 1
  #expect(abs(s[1][2] + 1) < 1e-12)
  // Ties: midranks. x = [1, 2, 2, 3], y = [1, 2, 3, 4] → ranks [1, 2.5, 2.5, 4] vs [1, 2, 3, 4].
  let t = correlationMatrix([[1, 2, 2, 3], [1, 2, 3, 4]], method: .spearman)
  #expect(abs(t[0][1] - 4.5 / (4.5 * 5).squareRoot()) < 1e-12)
  let pairs = strongestPairs(r, limit: 2)
  #expect(pairs.count == 2 && pairs[0].a == 0 && pairs[0].b == 2)
}

@Test func varianceInflationOfTwoAndOfCollinearColumns() {
  var g = ModelRandom(seed: 9)
  let a = (0..<400).map { _ in g.unit() }
  let b = a.map { $0 + g.unit() }
  let r = correlationMatrix([a, b], method: .pearson)[0][1]
  let v = varianceInflation([a, b])
  // With two columns, each VIF is 1 / (1 − r²).
  #expect(abs(v.vif[0] - 1 / (1 - r * r)) < 1e-9)
  #expect(abs(v.vif[1] - 1 / (1 - r * r)) < 1e-9)
  // c = a + b exactly: infinite, and the others are then computed without it.
  var c = zip(a, b).map { $0 + $1 }
  let w = varianceInflation([a, b, c])
  #expect(w.vif[2] == .infinity)
  #expect(abs(w.vif[0] - v.vif[0]) < 1e-9)
  // Rows with a gap are left out of every column's regression.
  c[0] = .nan
  #expect(varianceInflation([a, b, c]).rows == 399)
}

@Test func logisticStandardErrorsMatchTheTwoByTwoFormula() throws {
  // One binary input, no penalty: the coefficient is the log odds ratio of the 2×2 table and its
  // standard error √(1/a + 1/b + 1/c + 1/d) (per unit of x; per standard deviation × sd).
  let cells = (x0y0: 300, x0y1: 40, x1y0: 150, x1y1: 60)
  var x: [Double] = [], labels: [Bool] = []
  for _ in 0..<cells.x0y0 { x.append(0); labels.append(false) }
  for _ in 0..<cells.x0y1 { x.append(0); labels.append(true) }
  for _ in 0..<cells.x1y0 { x.append(1); labels.append(false) }
  for _ in 0..<cells.x1y1 { x.append(1); labels.append(true) }
  let m = FeatureMatrix(features: [FeatureSpec(name: "FLAG")], columns: [x], rowCount: x.count)
  var o = LogisticOptions()
  o.l2 = 0
  o.tolerance = 1e-10
  let model = try LogisticTrainer.train(m, labels: labels, options: o)
  let inference = try model.inference(m, labels: labels, l2: 0)
  let sd = model.terms[0].scale
  let logOddsRatio = log(Double(cells.x1y1 * cells.x0y0) / Double(cells.x1y0 * cells.x0y1))
  let se = (1 / 300.0 + 1 / 40.0 + 1 / 150.0 + 1 / 60.0).squareRoot()
  #expect(abs(model.coefficients[0] / sd - logOddsRatio) < 1e-5)
  #expect(abs(inference.terms[0].standardError / sd - se) < 1e-6)
  #expect(abs(inference.terms[0].z - logOddsRatio / se) < 1e-4)
  #expect(abs(inference.terms[0].pValue - erfc(abs(logOddsRatio / se) / 2.0.squareRoot())) < 1e-6)
}

@Test func fairnessGroupsCountDecisionsAndErrors() {
  // Threshold 0.5: approved when PD < 0.5.
  let groups = ["F", "F", "F", "F", "M", "M", "M", "M"]
  let labels = [true, false, false, false, true, true, false, false]
  let pd = [0.7, 0.2, 0.6, 0.1, 0.4, 0.8, 0.9, 0.3]
  let t = fairnessGroups(groups: groups, labels: labels, probabilities: pd, threshold: 0.5)
  #expect(t.map(\.group) == ["F", "M"])
  #expect(t[0].approved == 2 && t[0].approvalRate == 0.5 && t[0].approvedDefaultRate == 0)
  #expect(t[0].truePositiveRate == 1 && abs(t[0].falsePositiveRate - 1.0 / 3) < 1e-12)
  #expect(t[1].approved == 2 && t[1].approvedDefaultRate == 0.5)
  #expect(t[1].truePositiveRate == 0.5 && t[1].falsePositiveRate == 0.5)
  #expect(failsFourFifthsRule(approvalRate: 0.39, reference: 0.5))
  #expect(!failsFourFifthsRule(approvalRate: 0.4, reference: 0.5))
}

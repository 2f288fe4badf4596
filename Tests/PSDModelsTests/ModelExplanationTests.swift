import Foundation
import Testing
import PSDData
@testable import PSDModels

private func matrix(_ rng: inout DecisionRNG, rows: Int, features: [FeatureSpec]) -> FeatureMatrix {
  let data = (0..<rows).map { _ in randomRow(&rng, features: features.count) }
  return FeatureMatrix(
    features: features, columns: (0..<features.count).map { f in data.map { $0[f] } },
    rowCount: rows)
}

private let specs =
  [FeatureSpec(name: "NAME_INCOME_TYPE", levels: ["a", "b", "c", "d", "e", "f"])]
  + (1..<5).map { FeatureSpec(name: "X\($0)") }

@Test func gbdtContributionsAddUpToTheModelsRawScore() throws {
  var rng = DecisionRNG(seed: 31)
  let trees = (0..<40).map { _ in randomTree(&rng, features: specs.count, depth: 6) }
  let model = CreditModel(
    estimator: .gbdt(BoostedTrees(trees: trees, baseScore: -2.2)),
    target: "TARGET", features: specs)
  let m = matrix(&rng, rows: 200, features: specs)
  let c = try model.contributions(m)
  let raw = model.rawScores(m)
  for r in 0..<m.rowCount {
    #expect(abs(c.base + c.row(r).reduce(0, +) - raw[r]) < 1e-9)
  }
}

@Test func logisticContributionsAreTheLinearTerms() throws {
  var rng = DecisionRNG(seed: 32)
  let terms = [
    LogisticModel.Term(feature: 0, kind: .level(2), mean: 0.2, scale: 0.4),
    LogisticModel.Term(feature: 0, kind: .level(-1), mean: 0.1, scale: 0.3),
    LogisticModel.Term(feature: 1, kind: .value, mean: 0.5, scale: 0.3),
    LogisticModel.Term(feature: 1, kind: .missingIndicator, mean: 0.15, scale: 0.35),
    LogisticModel.Term(feature: 3, kind: .value, mean: 0.4, scale: 0.2)
  ]
  let logistic = LogisticModel(
    intercept: -2, terms: terms, coefficients: [0.3, -0.2, 1.1, 0.4, -0.7],
    featureCount: specs.count, converged: true, iterations: 5)
  let model = CreditModel(estimator: .logistic(logistic), target: "TARGET", features: specs)
  let m = matrix(&rng, rows: 100, features: specs)
  let c = try model.contributions(m)
  let raw = model.rawScores(m)
  #expect(c.base == -2)
  for r in 0..<m.rowCount {
    #expect(abs(c.base + c.row(r).reduce(0, +) - raw[r]) < 1e-12)
    #expect(c.row(r)[c.row(r).startIndex + 2] == 0)  // feature 2 has no term
    let x1 = m.columns[1][r]
    let expected1 = 1.1 * ((x1.isNaN ? 0.5 : x1) - 0.5) / 0.3 + 0.4 * ((x1.isNaN ? 1 : 0) - 0.15) / 0.35
    #expect(abs(c.row(r)[c.row(r).startIndex + 1] - expected1) < 1e-12)
  }
}

@Test func clientExplanationAddsUpAndGivesAReason() throws {
  var rng = DecisionRNG(seed: 33)
  let trees = (0..<30).map { _ in randomTree(&rng, features: specs.count, depth: 5) }
  var model = CreditModel(
    estimator: .gbdt(BoostedTrees(trees: trees, baseScore: -1)),
    target: "TARGET", features: specs)
  let m = matrix(&rng, rows: 300, features: specs)
  let labels = (0..<300).map { _ in rng.uniform() < 0.3 }
  let c = try model.contributions(m)
  let pds = model.probabilities(m)
  model.threshold = pds.sorted()[150]
  for row in [0, 7, 42] {
    let e = explainClient(
      model: model, matrix: m, row: row, contributions: c.row(row), base: c.base,
      labels: labels)
    #expect(abs(e.pd - pds[row]) < 1e-12)
    #expect(e.refused == (pds[row] >= model.threshold))
    #expect(abs(e.contributions.reduce(0) { $0 + $1.probabilityChange } - (e.pd - e.basePD)) < 1e-9)
    for k in 1..<e.contributions.count {
      #expect(abs(e.contributions[k].logOdds) <= abs(e.contributions[k - 1].logOdds))
    }
    let reason = e.reason()
    #expect(reason.hasPrefix(e.refused ? "refused" : "granted"))
    let lead = e.contributions.first { e.refused ? $0.logOdds > 0 : $0.logOdds < 0 }
    if let lead { #expect(reason.contains(lead.name)) }
    // Percentiles: among good clients, from the frame itself.
    let numeric = e.contributions.first { !$0.isCategorical && $0.valueText != "missing" }!
    let v = m.columns[numeric.feature][row]
    let good = (0..<300).filter { !labels[$0] && !m.columns[numeric.feature][$0].isNaN }
      .map { m.columns[numeric.feature][$0] }
    let expected =
      100 * (Double(good.filter { $0 < v }.count) + Double(good.filter { $0 == v }.count) / 2)
      / Double(good.count)
    if let got = numeric.amongGood { #expect(abs(got - expected) < 1e-9) }
  }
}

import Foundation
import Testing
@testable import PSDModels

/// Scores of a model trained with class weights: too high, but ordered.
private func overconfident(seed: UInt64, n: Int) -> ([Double], [Bool]) {
  var rng = DecisionRNG(seed: seed)
  var p: [Double] = [], y: [Bool] = []
  for _ in 0..<n {
    let z = -2.5 + 2 * (rng.uniform() - 0.5) * 3
    let truePD = 1 / (1 + exp(-z))
    y.append(rng.uniform() < truePD)
    p.append(Double(Int((1 / (1 + exp(-(z + 2)))) * 200)) / 200)  // shifted, and with ties
  }
  return (p, y)
}

@Test func isotonicIsMonotoneAndFitsTheBlocks() {
  let (p, y) = overconfident(seed: 1, n: 3000)
  let cal = ProbabilityCalibration.fitIsotonic(probabilities: p, labels: y)
  guard case .isotonic(let xs, let ys) = cal else { Issue.record("not isotonic"); return }
  for k in 1..<xs.count { #expect(xs[k] >= xs[k - 1]); #expect(ys[k] >= ys[k - 1]) }
  var last = -1.0
  for i in 0...1000 {
    let v = cal.apply(Double(i) / 1000)
    #expect(v >= last - 1e-15)
    last = v
  }
  // PAV preserves the total: calibrated PDs on the fitting rows sum to the defaults.
  let total = p.reduce(0.0) { $0 + cal.apply($1) }
  #expect(abs(total - Double(y.filter { $0 }.count)) < 1e-6)
  // And it fixes the overconfidence.
  let before = brierScore(probabilities: p, labels: y)
  let after = brierScore(probabilities: p.map(cal.apply), labels: y)
  #expect(after < before)
}

@Test func isotonicPoolsViolators() {
  let cal = ProbabilityCalibration.fitIsotonic(
    probabilities: [0.1, 0.2, 0.3, 0.4],
    labels: [false, true, false, true])
  // Blocks: {0.1}:0, {0.2,0.3}:0.5, {0.4}:1.
  #expect(cal.apply(0.1) == 0)
  #expect(cal.apply(0.25) == 0.5)
  #expect(cal.apply(0.4) == 1)
}

@Test func plattIsMonotoneAndMinimisesLogLoss() {
  let (p, y) = overconfident(seed: 2, n: 3000)
  let cal = ProbabilityCalibration.fitPlatt(probabilities: p, labels: y)
  guard case .platt(let a, let b) = cal else { Issue.record("not platt"); return }
  #expect(a > 0)
  var last = -1.0
  for i in 1..<1000 {
    let v = cal.apply(Double(i) / 1000)
    #expect(v > last)
    last = v
  }
  // At the optimum, nudging either parameter cannot lower the log-loss.
  func ll(_ a: Double, _ b: Double) -> Double {
    logLoss(probabilities: p.map { ProbabilityCalibration.platt(a: a, b: b).apply($0) }, labels: y)
  }
  let best = ll(a, b)
  for (da, db) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
    #expect(ll(a + da, b + db) >= best - 1e-12)
  }
  #expect(best < logLoss(probabilities: p, labels: y))
}

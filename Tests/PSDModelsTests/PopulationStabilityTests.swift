import Foundation
import Testing
import PSDData
@testable import PSDModels

@Test func psiIsZeroForTheSameFrameAndGrowsWithShift() throws {
  var rng = DecisionRNG(seed: 8)
  let a = (0..<2000).map { _ in rng.uniform() }
  let b = (0..<2000).map { _ in rng.uniform() + 0.3 }
  let cats = (0..<2000).map { i -> String? in i % 10 == 0 ? nil : ["M", "F"][i % 2] }
  let ref = try DataFrame(columns: [.float("x", a), .category("g", strings: cats)])
  let same = populationStability(reference: ref, current: ref)
  #expect(same.allSatisfy { $0.psi == 0 && $0.band == "stable" })
  // Current frame with levels in another order plus a new level, shifted numbers.
  let cur = try DataFrame(columns: [
    .float("x", b),
    .category("g", strings: (0..<2000).map { i in ["F", "M", "X"][i % 3] })
  ])
  let shifted = populationStability(reference: ref, current: cur)
  #expect(shifted.count == 2)
  #expect(shifted[0].psi >= shifted[1].psi)
  let x = shifted.first { $0.feature == "x" }!
  #expect(x.psi > 0.25)
  #expect(x.band == "major shift")
  // Hand value for the categorical column: A = M .40 (even rows less the missing tenth),
  // F .50, X 0, missing .10; B = F 667, M 667, X 666 of 2000, missing 0 (floored at 1e-4).
  let pa = [0.4, 0.5, 1e-4, 0.1], pb = [667.0 / 2000, 667.0 / 2000, 666.0 / 2000, 1e-4]
  var expected = 0.0
  for i in 0..<4 { expected += (pb[i] - pa[i]) * log(pb[i] / pa[i]) }
  let g = shifted.first { $0.feature == "g" }!
  #expect(abs(g.psi - expected) < 1e-12)
}

@Test func decileEdgesSplitTheReferenceIntoTenths() {
  let values = (0..<1000).map(Double.init)
  let shares = numericShares(values, edges: decileEdges(values))
  // Nine inner edges: ten bins of 10 % each, empty missing bin.
  #expect(shares.count == 11)
  for k in 0..<10 { #expect(abs(shares[k] - 0.1) < 0.002) }
  #expect(shares[10] == 0)
}

import Foundation
@testable import PSDModels

/// Small deterministic data sets for model tests.
enum ModelTestData {
  /// y = 1 with probability p(x0, x1): a step function of x0 (three pieces) shifted by x1 > 0.5.
  static func piecewise(rows: Int, seed: UInt64) -> (FeatureMatrix, [Bool], truth: [Double]) {
    var g = ModelRandom(seed: seed)
    var x0: [Double] = [], x1: [Double] = [], labels: [Bool] = [], truth: [Double] = []
    for _ in 0..<rows {
      let a = g.unit() * 10, b = g.unit()
      let p = logOdds(a, b)
      x0.append(a); x1.append(b)
      truth.append(p)
      labels.append(g.unit() < sigmoid(p))
    }
    let m = FeatureMatrix(
      features: [FeatureSpec(name: "X0"), FeatureSpec(name: "X1")], columns: [x0, x1], rowCount: rows)
    return (m, labels, truth)
  }

  static func logOdds(_ a: Double, _ b: Double) -> Double {
    let step = a < 3 ? -2.0 : (a < 7 ? 0.0 : 2.0)
    return step + (b > 0.5 ? 1 : -1)
  }
}

/// The file with its checksum recomputed, so a damaged body reaches the body's own checks.
func resealed(_ bytes: [UInt8]) -> [UInt8] {
  var sealed = bytes
  let sum = ModelFile.checksum(Array(sealed[ModelFile.headerSize...]))
  for i in 0..<8 { sealed[24 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
  return sealed
}

import Testing
@testable import PSDModels

/// A whole column binned at once (missing values and zeros set aside, the others searched eight at
/// a time with branch-free steps from the sign of a difference) against one value at a time: the
/// same bins for missing values, infinities, signed zeros, the bounds themselves (-inf included),
/// their neighbours, and a column whose searched values are not a multiple of eight.
@Test func binningAColumnGivesEachValueItsOwnBin() {
  var g = ModelRandom(seed: 3)
  let sample = (0..<5_000).map { i in i % 9 == 0 ? Double(i % 4) - 1.5 : (g.unit() - 0.5) * 1e6 }
  // Few distinct values with -inf among them (a ratio divided by zero): the first bound is -inf.
  let withInfinity = (0..<300).map { [-Double.infinity, 0, 1, 2.5, .infinity][$0 % 5] }
  #expect(FeatureBinner.numeric(sample: withInfinity, maxBins: 255).upperBounds.first == -.infinity)
  for (sample, maxBins) in [(sample, 2), (sample, 3), (sample, 16), (sample, 255), (withInfinity, 255)] {
    let binner = FeatureBinner.numeric(sample: sample, maxBins: maxBins)
    var values: [Double] = [
      .nan, .infinity, -.infinity, 0, -0.0, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, 1e308, -1e308
    ]
    for b in binner.upperBounds where b.isFinite {
      values += [b, b.nextUp, b.nextDown]
    }
    values += (0..<1_001).map { _ in (g.unit() - 0.5) * 2e6 }
    var out = [UInt8](repeating: 9, count: values.count)
    out.withUnsafeMutableBufferPointer { binner.binColumn(values, into: $0.baseAddress!) }
    let wrong = values.indices.filter { out[$0] != binner.bin(values[$0]) }
    #expect(wrong.isEmpty, "bins \(maxBins): values binned differently: \(wrong.prefix(5).map { values[$0] })")
  }
}

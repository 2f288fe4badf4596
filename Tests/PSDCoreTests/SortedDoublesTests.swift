import Testing
@testable import PSDCore

/// The radix sort against the standard library's sort: the same bits, signed zeros in their order
/// of appearance, infinities, subnormals, repeated values and runs that skip digit passes.
@Test func sortedDoublesEqualTheStandardSortBitForBit() {
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 11
  }
  let specials: [Double] = [
    0, -0.0, .infinity, -.infinity, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, 1, -1, 0.1, 1e300
  ]
  let mixed: [Double] = (0..<5_000).map { _ in specials[Int(next() % UInt64(specials.count))] }
  let eighths: [Double] = (0..<20_000).map { _ in Double(Int(next() % 2001) - 1000) / 8 }
  let anyBits: [Double] = (0..<20_000).map { _ in Double(bitPattern: next() << 11) }.filter { !$0.isNaN }
  let zeros: [Double] = (0..<3_000).map { i in
    let k = i % 3
    return k == 0 ? -0.0 : (k == 1 ? 0 : Double(i % 7) - 3)
  }
  let ones = [Double](repeating: 1, count: 1_000)
  let samples: [[Double]] = [[], [-0.0], mixed, eighths, anyBits, zeros, ones]
  /// How many places two arrays differ at, bit for bit (a short failure message).
  func differences(_ a: [Double], _ b: [Double]) -> Int {
    a.count != b.count ? max(a.count, b.count) : zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
  }
  for values in samples {
    #expect(differences(SortedDoubles.ascending(values), values.sorted()) == 0)
    let withMissing = values + [.nan, .nan]
    #expect(
      differences(SortedDoubles.ascendingDroppingMissing(withMissing), values.map { $0 == 0 ? 0 : $0 }.sorted()) == 0)
  }
}

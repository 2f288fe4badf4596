import Foundation
import PSDTestSupport
import Testing

@testable import PSDData

/// CSVNumber's conversions must give strtod's bits: the one-division fast path, and the exact
/// integer path for 17- to 19-digit mantissas and exponents up to ±27.
@Suite struct CSVNumberTests {
  private func converted(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    var int: Int64 = 0, double = 0.0, bool: Int8 = 0
    let kind = bytes.withUnsafeBufferPointer { b in
      CSVNumber.powersOfTen.withUnsafeBufferPointer { pow10 in
        CSVNumber.classify(
          b.baseAddress!, b.count, pow10: pow10.baseAddress!, int: &int, double: &double, bool: &bool)
      }
    }
    switch kind {
    case .float: return double
    case .int: return Double(int)
    default: return nil
    }
  }

  @Test func agreesWithStrtodBitForBit() {
    var rng = TestGenerator(seed: 20261207)
    var texts: [String] = []
    for i in 0..<60_000 {
      // Shortest round-trip forms (15 to 17 digits, some with exponents), at many magnitudes.
      let x = Double(bitPattern: UInt64.random(in: 0x3C00_0000_0000_0000...0x4700_0000_0000_0000, using: &rng))
      texts.append((i % 2 == 0 ? x : -x).description)
      // Long mantissas at every exponent the exact path takes, and just past it.
      let digits = String(UInt64.random(in: 1...9_999_999_999_999_999_999, using: &rng))
      let e = Int.random(in: -30...30, using: &rng)
      texts.append("\(digits)e\(e)")
      texts.append(String(format: "%.17g", x))
      // Exact ties and near-ties between two doubles: 2^53 + 1 and neighbours, scaled.
      let tie = UInt64(1 << 53) + UInt64(2 * Int.random(in: 0..<1000, using: &rng) + 1)
      texts.append("\(tie)e\(Int.random(in: -27...27, using: &rng))")
    }
    texts += [
      "9007199254740993", "9007199254740993.0", "18446744073709551615e-27", "1e27", "1e-27",
      "0.18571324120786722", "2482991.0200000005", "-992.7647058823529", "4.9e-324"
    ]
    var mismatches: [String] = []
    for text in texts {
      let expected = strtod(text, nil)
      guard let got = converted(text) else {
        mismatches.append("\(text): not a number")
        continue
      }
      if got.bitPattern != expected.bitPattern { mismatches.append("\(text): \(got) != \(expected)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }
}

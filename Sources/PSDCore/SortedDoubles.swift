/// Doubles in increasing order by an LSD radix sort on order-preserving bit keys: several times
/// faster than a comparison sort on the 50,000–200,000 values of a feature that training sorts
/// for its bins and reference distributions.
package enum SortedDoubles {
  /// `values` (no NaN) in increasing order: the same array as `values.sorted()`, bit for bit,
  /// zeros included (-0.0 and 0.0 compare equal, so they keep their order of appearance).
  package static func ascending(_ values: [Double]) -> [Double] {
    var keys: [UInt64] = []
    keys.reserveCapacity(values.count)
    var negatives = 0, negativeZero = false
    for v in values {
      if v < 0 { negatives += 1 }
      if v == 0 && v.sign == .minus { negativeZero = true }
      keys.append(key(v == 0 ? 0 : v))
    }
    sort(&keys)
    var sorted = keys.map(value)
    if negativeZero {
      // The zeros sit right after the negatives, all +0.0 now: give them back their signs in the
      // order they came (the sort is stable, so the zeros kept that order).
      var k = negatives
      for v in values where v == 0 {
        sorted[k] = v
        k += 1
      }
    }
    return sorted
  }

  /// The non-missing values in increasing order, each zero as +0.0 (what the bins of a feature
  /// are cut from: -0.0 and 0.0 fall in the same bin).
  package static func ascendingDroppingMissing(_ values: [Double]) -> [Double] {
    var keys: [UInt64] = []
    keys.reserveCapacity(values.count)
    for v in values where !v.isNaN { keys.append(key(v == 0 ? 0 : v)) }
    sort(&keys)
    return keys.map(value)
  }

  /// An order-preserving key: flip every bit of a negative double, only the sign bit of the others.
  @inline(__always)
  static func key(_ v: Double) -> UInt64 {
    let bits = v.bitPattern
    return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
  }

  @inline(__always)
  static func value(_ k: UInt64) -> Double {
    Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
  }

  /// Stable LSD radix sort of `keys` in six passes of 11 bits. The six digit counts are taken in
  /// one read of the keys, and a pass whose digit is the same for every key is skipped (most
  /// features' values share their high bits, many their low ones).
  static func sort(_ keys: inout [UInt64]) {
    let n = keys.count
    guard n > 1 else { return }
    let digits = 6, radix = 2048
    var counts = [Int](repeating: 0, count: digits * radix)
    counts.withUnsafeMutableBufferPointer { c in
      for k in keys {
        for d in 0..<digits { c[d * radix + Int((k >> UInt64(11 * d)) & 2047)] += 1 }
      }
    }
    var scratch = [UInt64](repeating: 0, count: n)
    for d in 0..<digits {
      let shift = UInt64(11 * d)
      let base = d * radix
      if counts[base + Int((keys[0] >> shift) & 2047)] == n { continue }
      var total = 0
      for i in base..<(base + radix) {
        let c = counts[i]
        counts[i] = total
        total += c
      }
      keys.withUnsafeBufferPointer { from in
        scratch.withUnsafeMutableBufferPointer { to in
          counts.withUnsafeMutableBufferPointer { c in
            for k in from {
              let slot = base + Int((k >> shift) & 2047)
              to[c[slot]] = k
              c[slot] += 1
            }
          }
        }
      }
      swap(&keys, &scratch)
    }
  }
}

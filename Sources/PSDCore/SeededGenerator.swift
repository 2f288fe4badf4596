/// The one seeded random generator of psd: its output depends only on how it was seeded, so
/// splits, model sampling and synthetic data are the same on every run and every machine.
///
/// It has two algorithms, because each seed-dependent output was fixed with one of them and
/// must not change (a saved split, a trained model, a generated data set would differ):
/// - `init(seed:)`: SplitMix64 (Steele, Lea & Flood 2014): the state advances by the golden
///   gamma and each output is a mix of it. `DataFrame.split` draws from it directly; the models
///   (bagging, feature sampling, cross-validation folds, tuning) start one step in.
/// - `init(seed:index:stream:)`: xoshiro256** (Blackman & Vigna 2018), its state filled by
///   SplitMix64 from the seed, an index and a stream number: `psd-synth` gives every applicant
///   and purpose its own stream, which any worker can start without generating the ones before.
///
/// Both share `splitMix64` and the draws below; which algorithm runs is fixed at `init`.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64 = 0
  @usableFromInline var s2: UInt64 = 0
  @usableFromInline var s3: UInt64 = 0
  @usableFromInline let isStream: Bool

  /// SplitMix64 from `seed` (the first output mixes `seed + gamma`).
  @inlinable
  package init(seed: UInt64) {
    s0 = seed
    isStream = false
  }

  /// An xoshiro256** stream for (`seed`, `index`, `stream`), seeded through SplitMix64.
  @inlinable
  package init(seed: UInt64, index: UInt64, stream: UInt64) {
    var x = seed
    let a = Self.splitMix64(&x)
    var y = a ^ (index &* 0xD1B5_4A32_D192_ED03) ^ (stream &* 0x8CB9_2BA7_2F3D_8DD7)
    s0 = Self.splitMix64(&y)
    s1 = Self.splitMix64(&y)
    s2 = Self.splitMix64(&y)
    s3 = Self.splitMix64(&y)
    if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    isStream = true
  }

  /// One SplitMix64 step: advances `x` by the golden gamma and returns the mixed value.
  @inlinable @inline(__always)
  package static func splitMix64(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inlinable @inline(__always)
  package mutating func next() -> UInt64 {
    if !isStream { return Self.splitMix64(&s0) }
    let m = s1 &* 5
    let result = ((m << 7) | (m >> 57)) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// Uniform in [0, 1) with 53 random bits.
  @inlinable @inline(__always)
  package mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform in 0..<bound (bound > 0) without modulo bias, by Lemire's multiply-and-reject
  /// (the draw `DataFrame.split` was fixed with).
  @inlinable
  package mutating func below(_ bound: Int) -> Int {
    let b = UInt64(bound)
    var m = next().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = next().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }

  /// Uniform in 0..<bound (bound > 0) without modulo bias, by rejecting the top partial range
  /// then taking the remainder (the draw the models' sampling was fixed with).
  @inlinable
  package mutating func belowByModulo(_ bound: Int) -> Int {
    let b = UInt64(bound)
    let limit = UInt64.max - UInt64.max % b
    while true {
      let r = next()
      if r < limit { return Int(r % b) }
    }
  }
}

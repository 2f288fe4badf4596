import PSDCore

// Deterministic randomness and math for the generator.
// Everything here uses only IEEE basic operations (+ - * / sqrt, rounding), never the platform
// libm, so the same scale and seed give the same bytes on every machine.

/// One applicant's draws for one purpose: PSDCore's `SeededGenerator` stream for (seed, applicant
/// index, stream), with the distributions the generator needs. Not a generator of its own.
struct SynthRNG {
  private var generator: SeededGenerator
  private var spareNormal: Double = 0
  private var hasSpare = false

  init(seed: UInt64, index: UInt64, stream: UInt64) {
    generator = SeededGenerator(seed: seed, index: index, stream: stream)
  }

  @inline(__always)
  mutating func next() -> UInt64 { generator.next() }

  /// Uniform in [0, 1) with 53 random bits.
  @inline(__always)
  mutating func uniform() -> Double { generator.unit() }

  /// Uniform in (0, 1]: safe for logarithms.
  @inline(__always)
  mutating func uniformPositive() -> Double { 1.0 - uniform() }

  @inline(__always)
  mutating func chance(_ p: Double) -> Bool { uniform() < p }

  /// Uniform integer in lo...hi.
  @inline(__always)
  mutating func int(_ lo: Int, _ hi: Int) -> Int {
    if hi <= lo { return lo }
    let span = UInt64(hi - lo + 1)
    return lo + Int((next() >> 11) % span)
  }

  /// Standard normal by the polar method (needs only log and sqrt).
  mutating func normal() -> Double {
    if hasSpare { hasSpare = false; return spareNormal }
    while true {
      let u = 2 * uniform() - 1, v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let f = (-2 * SynthMath.log(s) / s).squareRoot()
        spareNormal = v * f; hasSpare = true
        return u * f
      }
    }
  }

  @inline(__always)
  mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }

  /// Log-normal with the given median and log-scale sd.
  @inline(__always)
  mutating func logNormal(median: Double, sigma: Double) -> Double {
    median * SynthMath.exp(sigma * normal())
  }

  @inline(__always)
  mutating func exponential(mean: Double) -> Double { -mean * SynthMath.log(uniformPositive()) }

  /// Geometric count on 0, 1, 2, ... with the given mean.
  mutating func geometric(mean: Double) -> Int {
    if mean <= 0 { return 0 }
    let p = 1 / (1 + mean)
    return Int(SynthMath.log(uniformPositive()) / SynthMath.log(1 - p))
  }

  /// Poisson count by inversion (small means only).
  mutating func poisson(_ mean: Double) -> Int {
    if mean <= 0 { return 0 }
    var k = 0
    var p = SynthMath.exp(-mean)
    var cdf = p
    let u = uniform()
    while u > cdf && k < 200 { k += 1; p *= mean / Double(k); cdf += p }
    return k
  }
}

/// Portable log/exp: range reduction plus short series, accurate to ~1e-15 relative.
enum SynthMath {
  static let ln2Hi = 6.93147180369123816490e-01
  static let ln2Lo = 1.90821492927058770002e-10
  static let ln2 = 0.693147180559945309417232

  static func log(_ x: Double) -> Double {
    precondition(x > 0, "log of a non-positive number")
    var bits = x.bitPattern
    var e = Int((bits >> 52) & 0x7FF)
    if e == 0 {  // subnormal: scale up first
      let y = x * 18014398509481984.0  // 2^54
      bits = y.bitPattern
      e = Int((bits >> 52) & 0x7FF) - 54
    }
    e -= 1023
    var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
    if m > 1.4142135623730951 { m *= 0.5; e += 1 }
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    // 2 atanh(s) = 2(s + s^3/3 + s^5/5 + ...), |s| < 0.1716
    var poly = 1.0 / 23.0
    poly = poly * s2 + 1.0 / 21.0
    poly = poly * s2 + 1.0 / 19.0
    poly = poly * s2 + 1.0 / 17.0
    poly = poly * s2 + 1.0 / 15.0
    poly = poly * s2 + 1.0 / 13.0
    poly = poly * s2 + 1.0 / 11.0
    poly = poly * s2 + 1.0 / 9.0
    poly = poly * s2 + 1.0 / 7.0
    poly = poly * s2 + 1.0 / 5.0
    poly = poly * s2 + 1.0 / 3.0
    poly = poly * s2 + 1.0
    let de = Double(e)
    return de * ln2Hi + (2 * s * poly + de * ln2Lo)
  }

  static func exp(_ x: Double) -> Double {
    if x > 709 { return .infinity }
    if x < -708 { return 0 }
    let n = (x / ln2).rounded()
    let r = (x - n * ln2Hi) - n * ln2Lo
    // Taylor series of e^r for |r| <= 0.347
    var t = 1.0 / 479001600.0
    t = t * r + 1.0 / 39916800.0
    t = t * r + 1.0 / 3628800.0
    t = t * r + 1.0 / 362880.0
    t = t * r + 1.0 / 40320.0
    t = t * r + 1.0 / 5040.0
    t = t * r + 1.0 / 720.0
    t = t * r + 1.0 / 120.0
    t = t * r + 1.0 / 24.0
    t = t * r + 1.0 / 6.0
    t = t * r + 0.5
    t = t * r + 1.0
    t = t * r + 1.0
    let k = Int(n)
    return t * Double(bitPattern: UInt64(k + 1023) << 52)
  }

  @inline(__always)
  static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

  @inline(__always)
  static func logit(_ p: Double) -> Double { log(p / (1 - p)) }

  @inline(__always)
  static func clamp(_ x: Double, _ lo: Double, _ hi: Double) -> Double { min(max(x, lo), hi) }
}

/// A categorical distribution over fixed levels, sampled by cumulative weights.
struct Categorical {
  let levels: [String]
  let cumulative: [Double]
  let encoded: EncodedLevels

  init(_ pairs: [(String, Double)]) {
    levels = pairs.map(\.0)
    encoded = EncodedLevels(levels)
    let total = pairs.reduce(0) { $0 + $1.1 }
    var acc = 0.0
    var cum: [Double] = []
    for (_, w) in pairs { acc += w / total; cum.append(acc) }
    cum[cum.count - 1] = 1.0
    cumulative = cum
  }

  @inline(__always)
  func sampleIndex(_ rng: inout SynthRNG) -> Int {
    let u = rng.uniform()
    var i = 0
    while u >= cumulative[i] { i += 1 }
    return i
  }

  func index(of level: String) -> Int { levels.firstIndex(of: level)! }
}

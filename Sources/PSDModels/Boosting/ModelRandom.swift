/// SplitMix64: a small, fast generator whose output depends only on the seed, so sampling,
/// shuffles and splits give the same result on every run and platform.
struct ModelRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in 0..<n (n > 0), by rejection so every value is equally likely.
  mutating func below(_ n: Int) -> Int {
    let bound = UInt64(n)
    let limit = UInt64.max - UInt64.max % bound
    while true {
      let r = next()
      if r < limit { return Int(r % bound) }
    }
  }

  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Fisher-Yates shuffle written out here (not the standard library's), so the order is fixed
  /// by the seed alone.
  mutating func shuffle<T>(_ a: inout [T]) {
    var i = a.count - 1
    while i > 0 {
      let j = below(i + 1)
      if i != j { a.swapAt(i, j) }
      i -= 1
    }
  }

  /// `k` distinct indices from 0..<n, in increasing order.
  mutating func sample(_ k: Int, of n: Int) -> [Int] {
    if k >= n { return Array(0..<n) }
    var all = Array(0..<n)
    for i in 0..<k {
      let j = i + below(n - i)
      all.swapAt(i, j)
    }
    return Array(all[0..<k]).sorted()
  }
}

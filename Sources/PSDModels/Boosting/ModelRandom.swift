import PSDCore

/// The models' draws (bagging, feature sampling, cross-validation folds, tuning) from PSDCore's
/// `SeededGenerator`: its SplitMix64 started one step in, with bounded draws by
/// `belowByModulo`. That is how every model so far was sampled, so the same seed keeps giving
/// the same trees; not a generator of its own.
struct ModelRandom: RandomNumberGenerator, Sendable {
  private var generator: SeededGenerator

  init(seed: UInt64) {
    generator = SeededGenerator(seed: seed)
    _ = generator.next()
  }

  @inline(__always)
  mutating func next() -> UInt64 { generator.next() }

  /// Uniform in 0..<n (n > 0), every value equally likely.
  @inline(__always)
  mutating func below(_ n: Int) -> Int { generator.belowByModulo(n) }

  /// Uniform in [0, 1).
  @inline(__always)
  mutating func unit() -> Double { generator.unit() }

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

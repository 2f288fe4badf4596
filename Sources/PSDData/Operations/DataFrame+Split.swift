import PSDCore

/// SplitMix64: a small, fast, seeded generator. Splits must give the same rows for the same
/// seed on every machine and Swift version, which the system generator does not promise.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in 0..<bound without modulo bias (Lemire's method).
  public mutating func below(_ bound: Int) -> Int {
    let b = UInt64(bound)
    var m = next().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = next().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }
}

extension DataFrame {
  /// Splits rows into two frames: about `ratio` of the rows in the first. With `stratify`,
  /// each class (missing counts as a class of its own) is split separately, so both parts
  /// keep the class balance. Rows keep their original order in each part. The same seed gives
  /// the same split.
  public func split(ratio: Double, stratify: String? = nil, seed: UInt64 = 42,
                    frameName: String? = nil) throws -> (DataFrame, DataFrame) {
    guard ratio > 0, ratio < 1 else {
      throw PSDError.usage("split ratio must be between 0 and 1 (exclusive), got \(ratio)", subject: "ratio")
    }
    var strata: [[Int]]
    if let stratify {
      let c = try column(stratify, frameName: frameName)
      var key = EncodedKey(c)
      // Missing is a class of its own: give it a value no present key uses.
      if let m = key.missing {
        let sentinel = (key.values.max() ?? 0) &+ 1
        for i in 0..<m.count where m[i] { key.values[i] = sentinel }
        key.missing = nil
      }
      let (ids, count) = GroupIndex.factorize(key)
      strata = [[Int]](repeating: [], count: count)
      for (row, g) in ids.enumerated() { strata[Int(g)].append(row) }
    } else {
      strata = [Array(0..<rowCount)]
    }
    var rng = SeededGenerator(seed: seed)
    var first: [Int] = []
    var second: [Int] = []
    for var rows in strata {
      // Fisher-Yates, then the first round(ratio * n) rows go to the first part.
      if rows.count > 1 {
        for i in stride(from: rows.count - 1, to: 0, by: -1) {
          rows.swapAt(i, rng.below(i + 1))
        }
      }
      let take = Int((ratio * Double(rows.count)).rounded())
      first.append(contentsOf: rows[..<take])
      second.append(contentsOf: rows[take...])
    }
    first.sort()
    second.sort()
    return (gatherRows(first), gatherRows(second))
  }
}

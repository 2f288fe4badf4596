import PSDCore

extension DataFrame {
  /// Splits rows into two frames: about `ratio` of the rows in the first. With `stratify`,
  /// each class (missing counts as a class of its own) is split separately, so both parts
  /// keep the class balance. Rows keep their original order in each part. The same seed gives
  /// the same split.
  package func split(
    ratio: Double, stratify: String? = nil, seed: UInt64 = 42,
    frameName: String? = nil
  ) throws -> (DataFrame, DataFrame) {
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
    // PSDCore's SplitMix64 with Lemire draws: splits give the same rows for the same seed on
    // every machine and Swift version, which the system generator does not promise.
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

/// A labelled population's values per feature, split by class and prepared once, so a client's
/// percentile among good clients (TARGET = 0) and among defaulters (TARGET = 1) costs a binary
/// search rather than a sort per request. Numeric features: the mid-rank percentile of the value
/// among each class's non-missing values. Categorical: the share of each class with the same level
/// (missing counts as a level). The explanation of one client and the scoring API both read it.
package struct ClassReference: Sendable {
  package let features: [FeatureSpec]
  /// Sorted non-missing values per numeric feature: [feature][class 0 = good, 1 = bad].
  private var sorted: [[[Double]]]
  /// Categorical features: count per level code, missing last: [feature][class][code].
  private var levelCounts: [[[Int]]]
  /// Rows per class (good, bad).
  package let classSizes: (good: Int, bad: Int)

  /// Prepares `only` the given features (all when nil); the others answer nil.
  package init(matrix m: FeatureMatrix, labels: [Bool], only: [Int]? = nil) {
    precondition(labels.count == m.rowCount)
    features = m.features
    sorted = Array(repeating: [[], []], count: m.features.count)
    levelCounts = Array(repeating: [[], []], count: m.features.count)
    let bad = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    classSizes = (labels.count - bad, bad)
    for f in only ?? Array(m.features.indices) {
      let column = m.columns[f]
      if let levels = m.features[f].levels {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: levels.count + 1), count: 2)
        for r in 0..<m.rowCount {
          let v = column[r]
          let code = v.isNaN || Int(v) < 0 || Int(v) >= levels.count ? levels.count : Int(v)
          counts[labels[r] ? 1 : 0][code] += 1
        }
        levelCounts[f] = counts
      } else {
        var g: [Double] = [], b: [Double] = []
        for r in 0..<m.rowCount where !column[r].isNaN {
          if labels[r] { b.append(column[r]) } else { g.append(column[r]) }
        }
        g.sort(); b.sort()
        sorted[f] = [g, b]
      }
    }
  }

  /// The value's percentile (0–100) among good and among bad clients; nil for a missing numeric
  /// value, an empty class or a feature not prepared.
  package func percentiles(feature f: Int, value v: Double) -> (good: Double?, bad: Double?) {
    if let levels = features[f].levels {
      guard levelCounts[f].count == 2, !levelCounts[f][0].isEmpty else { return (nil, nil) }
      let code = v.isNaN || Int(v) < 0 || Int(v) >= levels.count ? levels.count : Int(v)
      func share(_ k: Int, _ size: Int) -> Double? {
        size > 0 ? 100 * Double(levelCounts[f][k][code]) / Double(size) : nil
      }
      return (share(0, classSizes.good), share(1, classSizes.bad))
    }
    guard sorted[f].count == 2 else { return (nil, nil) }
    return (midRankPercentile(sorted[f][0], v), midRankPercentile(sorted[f][1], v))
  }

  /// The sorted non-missing values of a numeric feature among good (0) or bad (1) clients.
  package func values(feature f: Int, bad: Bool) -> [Double] {
    sorted[f].count == 2 ? sorted[f][bad ? 1 : 0] : []
  }
}

import PSDCore

/// Each numeric feature's present values split by class and sorted: what the leak check's AUC
/// and the training distributions behind a refusal's percentiles both read, so the sample is
/// sorted once per feature (features in parallel) instead of once per use.
package struct ClassSortedValues: Sendable {
  /// Per feature of the matrix: its good (label false) and bad values, ascending; nil for a
  /// categorical feature.
  package let perFeature: [(good: [Double], bad: [Double])?]

  package init(_ m: FeatureMatrix, labels: [Bool]) {
    perFeature = Parallel.map(m.features.count) { f -> (good: [Double], bad: [Double])? in
      guard m.features[f].levels == nil else { return nil }
      // Branch-free (a third of the values can be missing, in no order): each value is written to
      // both classes, and only its own class's count moves past it.
      let column = m.columns[f]
      var goodCount = 0, badCount = 0
      var good = [Double](repeating: 0, count: column.count), bad = good
      good.withUnsafeMutableBufferPointer { g in
        bad.withUnsafeMutableBufferPointer { b in
          for (r, v) in column.enumerated() {
            g[goodCount] = v
            b[badCount] = v
            let isBad = labels[r] ? 1 : 0, kept = v.isNaN ? 0 : 1
            badCount &+= isBad & kept
            goodCount &+= (1 &- isBad) & kept
          }
        }
      }
      good.removeLast(good.count - goodCount)
      bad.removeLast(bad.count - badCount)
      return (SortedDoubles.ascending(good), SortedDoubles.ascending(bad))
    }
  }
}

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
      var good: [Double] = [], bad: [Double] = []
      for (r, v) in m.columns[f].enumerated() where !v.isNaN {
        if labels[r] { bad.append(v) } else { good.append(v) }
      }
      return (SortedDoubles.ascending(good), SortedDoubles.ascending(bad))
    }
  }
}

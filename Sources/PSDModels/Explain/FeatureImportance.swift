/// Global importance of one feature: how much it moves predictions on a frame (mean |SHAP|, in
/// log-odds) and how much loss its splits removed while training (total gain).
package struct FeatureImportance: Sendable, Equatable {
  package var feature: Int
  package var name: String
  package var meanAbsContribution: Double
  package var gain: Double
  package var splits: Int
}

/// Total split gain and split count per feature over all trees.
package func splitGain(trees: [DecisionTree], featureCount: Int) -> (gain: [Double], splits: [Int]) {
  var gain = [Double](repeating: 0, count: featureCount)
  var splits = [Int](repeating: 0, count: featureCount)
  for tree in trees {
    for node in tree.nodes where !node.isLeaf && Int(node.feature) < featureCount {
      gain[Int(node.feature)] += node.gain
      splits[Int(node.feature)] += 1
    }
  }
  return (gain, splits)
}

/// Mean absolute contribution per feature from a row-major contribution matrix.
package func meanAbsoluteContributions(_ contributions: [Double], rows: Int, features: Int) -> [Double] {
  precondition(contributions.count == rows * features)
  var total = [Double](repeating: 0, count: features)
  guard rows > 0 else { return total }
  for r in 0..<rows {
    for f in 0..<features { total[f] += abs(contributions[r * features + f]) }
  }
  return total.map { $0 / Double(rows) }
}

/// Importance table ranked by mean |SHAP| (then gain, then name, for a stable order).
package func rankedImportance(
  names: [String], meanAbs: [Double], gain: [Double]?,
  splits: [Int]?
) -> [FeatureImportance] {
  var rows = names.indices.map {
    FeatureImportance(
      feature: $0, name: names[$0], meanAbsContribution: meanAbs[$0],
      gain: gain?[$0] ?? 0, splits: splits?[$0] ?? 0)
  }
  rows.sort {
    if $0.meanAbsContribution != $1.meanAbsContribution { return $0.meanAbsContribution > $1.meanAbsContribution }
    if $0.gain != $1.gain { return $0.gain > $1.gain }
    return $0.name < $1.name
  }
  return rows
}

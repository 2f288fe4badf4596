import PSDCore

/// A fitted gradient-boosted ensemble: raw score = baseScore + sum of the trees' leaf values
/// (the learning rate is already folded into the leaf values).
package struct BoostedTrees: Sendable {
  package var trees: [DecisionTree]
  /// Log-odds every row starts from (the training default rate, weighted).
  package var baseScore: Double
  /// Trees kept after early stopping (== trees.count), and the validation AUC at that tree.
  package var bestIteration: Int?
  package var bestValidationAUC: Double?

  package init(trees: [DecisionTree], baseScore: Double, bestIteration: Int? = nil, bestValidationAUC: Double? = nil) {
    self.trees = trees
    self.baseScore = baseScore
    self.bestIteration = bestIteration
    self.bestValidationAUC = bestValidationAUC
  }

  /// Log-odds for each row of `m` (columns in the model's feature order).
  package func rawScores(_ m: FeatureMatrix) -> [Double] {
    if m.rowCount == 1 {
      // One application: its row read once into a contiguous vector; the same sum, in the same order.
      let x = m.columns.map { $0[0] }
      var score = baseScore
      for tree in trees { score += tree.predict { x[$0] } }
      return [score]
    }
    if m.rowCount >= 64,
      let scores = Self.blockScores(trees, baseScore: baseScore, columns: m.columns, rowCount: m.rowCount)
    {
      return scores
    }
    var out = [Double](repeating: baseScore, count: m.rowCount)
    let columns = m.columns
    for tree in trees {
      for row in 0..<m.rowCount {
        out[row] += tree.predict { columns[$0][row] }
      }
    }
    return out
  }

  /// Split-gain and split-count importance per feature index.
  package func importance(featureCount: Int) -> (gain: [Double], splits: [Int]) {
    var gain = [Double](repeating: 0, count: featureCount)
    var splits = [Int](repeating: 0, count: featureCount)
    for tree in trees {
      for node in tree.nodes where !node.isLeaf {
        gain[Int(node.feature)] += node.gain
        splits[Int(node.feature)] += 1
      }
    }
    return (gain, splits)
  }
}

/// One node of a fitted tree. Internal nodes send a row left or right; leaves hold the tree's
/// output for the rows that reach them. The layout is shared by the booster, prediction,
/// importance and TreeSHAP, so each of them reads the same fields.
package struct TreeNode: Sendable, Equatable, Codable {
  /// Feature index tested at this node; -1 for a leaf.
  package var feature: Int32 = -1
  /// Numeric split: a value `<= threshold` goes left.
  package var threshold: Double = 0
  /// Where a missing value (NaN) goes. Learned while training.
  package var defaultLeft: Bool = true
  /// Categorical split: category codes in this sorted list go left, all others right.
  /// nil for a numeric split.
  package var categoriesLeft: [Int32]? = nil
  package var left: Int32 = -1
  package var right: Int32 = -1
  /// Raw-score output (log-odds) for a leaf; for an internal node, the value it would have as a leaf.
  package var value: Double = 0
  /// Training weight (number of rows, times class weights) that reached the node.
  /// TreeSHAP's path-dependent algorithm weighs the unknown branch by it.
  package var cover: Double = 0
  /// Loss reduction of the split (0 for leaves): split-gain importance.
  package var gain: Double = 0
  /// Zero counts as missing too: |x| <= 1e-35 takes the `defaultLeft` side, like NaN. Only
  /// models read from LightGBM (trained with zero_as_missing) set it; psd's trainer never does.
  package var zeroAsMissing: Bool = false

  package init() {}
  package var isLeaf: Bool { feature < 0 }
  /// LightGBM's kZeroThreshold: what `zeroAsMissing` counts as zero.
  package static let zeroThreshold = 1e-35
}

/// A binary decision tree whose root is node 0.
package struct DecisionTree: Sendable, Equatable, Codable {
  package var nodes: [TreeNode]

  package init(nodes: [TreeNode]) { self.nodes = nodes }

  /// Whether value `x` (NaN = missing; categories as codes) goes to the left child of `node`.
  @inline(__always)
  package func goesLeft(_ node: TreeNode, _ x: Double) -> Bool {
    if x.isNaN { return node.defaultLeft }
    if node.zeroAsMissing && abs(x) <= TreeNode.zeroThreshold { return node.defaultLeft }
    if let categories = node.categoriesLeft {
      // A code is the value truncated toward zero (as LightGBM casts it); codes out of Int32's
      // range (a numeric column read as a LightGBM category) are in no list.
      guard x > -2_147_483_649, x < 2_147_483_648 else { return false }
      return categories.contains(Int32(x))
    }
    return x <= node.threshold
  }

  /// The leaf a row reaches; `feature(i)` returns the row's value for feature i.
  @inline(__always)
  package func leaf(_ feature: (Int) -> Double) -> Int {
    var i = 0
    while !nodes[i].isLeaf {
      let node = nodes[i]
      i = Int(goesLeft(node, feature(Int(node.feature))) ? node.left : node.right)
    }
    return i
  }

  /// The tree's raw-score output for one row.
  @inline(__always)
  package func predict(_ feature: (Int) -> Double) -> Double {
    nodes[leaf(feature)].value
  }
}

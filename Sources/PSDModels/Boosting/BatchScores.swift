import PSDCore

/// Raw scores of many rows at once (`BoostedTrees.rawScores` from 64 rows up): a frame scored,
/// evaluated or thresholded at full scale is tens of thousands of rows times hundreds of trees.
///
/// Walking one row down one tree is a chain of dependent loads and branches that the processor
/// mostly mispredicts. Here the rows go in blocks, gathered row by row from the columns the trees
/// read, and a tree walks four rows of a block side by side with branch-free steps, so the four
/// chains overlap. Each row still adds its trees in tree order to the base score: the scores are
/// the same bits as walking one tree and one row at a time.
extension BoostedTrees {
  /// nil when some split cannot be walked here (a category list with a negative code, which the
  /// bit sets of `FlatTree` do not decide as the trees do): the caller walks the trees instead.
  static func blockScores(_ trees: [DecisionTree], baseScore: Double, columns: [[Double]], rowCount: Int)
    -> [Double]?
  {
    let flat = trees.map(FlatTree.init)
    guard flat.allSatisfy(\.sameAsTree) else { return nil }
    // The features the trees split on, numbered in order of first use: a block gathers only those.
    var slot = [Int32](repeating: -1, count: columns.count)
    var used: [Int] = []
    let walks = flat.map { tree in
      var tree = tree
      for k in tree.nodes.indices where tree.nodes[k].feature >= 0 {
        let f = Int(tree.nodes[k].feature)
        if slot[f] < 0 {
          slot[f] = Int32(used.count)
          used.append(f)
        }
        tree.nodes[k].feature = slot[f]
      }
      return TreeWalk(tree)
    }
    let width = max(1, used.count), block = 64
    let blocks = (rowCount + block - 1) / block
    var out = [Double](repeating: baseScore, count: rowCount)
    out.withUnsafeMutableBufferPointer { out in
      let scores = out.baseAddress!
      // Many chunks per core: a core slowed by another process takes fewer of them.
      Parallel.forEachChunk(blocks, chunks: 8 * Parallel.coreCount) { _, chunk in
        let x = UnsafeMutablePointer<Double>.allocate(capacity: block * width)
        defer { x.deallocate() }
        for b in chunk {
          let rows = (b * block)..<min(rowCount, (b + 1) * block)
          for (k, f) in used.enumerated() {
            columns[f].withUnsafeBufferPointer { column in
              for row in rows { x[(row - rows.lowerBound) * width + k] = column[row] }
            }
          }
          // Chunks hold disjoint blocks: each writes only its own rows' scores.
          for walk in walks { walk.add(into: scores + rows.lowerBound, rows: rows.count, x: x, width: width) }
        }
      }
    }
    return out
  }
}

/// One tree ready for `blockScores`: numeric splits as branch-free steps (`StepNode`), leaves as
/// steps that stay where they are, so every row takes `depth` steps whatever its path. A tree
/// with a categorical or zero-as-missing split, or a NaN threshold, keeps the `FlatTree` walk,
/// row by row.
private struct TreeWalk {
  let flat: FlatTree
  let steps: [StepNode]
  let values: [Double]
  let depth: Int

  init(_ tree: FlatTree) {
    flat = tree
    depth = tree.depth
    values = tree.nodes.map(\.value)
    // A NaN threshold (possible in a model read from a file) sends every value right in the
    // tree's own test, where the step would treat it as missing.
    let stepsDecideAsTree = tree.nodes.allSatisfy {
      $0.categoryOffset < 0 && !$0.zeroAsMissing && !$0.threshold.isNaN
    }
    steps =
      stepsDecideAsTree
      ? tree.nodes.indices.map { k in
        let node = tree.nodes[k]
        if node.feature < 0 {
          return StepNode(threshold: 0, feature: 0, left: Int32(k), right: Int32(k), missingLeft: 0)
        }
        return StepNode(
          threshold: node.threshold, feature: node.feature, left: node.left, right: node.right,
          missingLeft: node.defaultLeft ? 1 : 0)
      } : []
  }

  /// Adds this tree's output to `scores[0..<rows]`, row r's features at `x + r * width`.
  func add(into scores: UnsafeMutablePointer<Double>, rows: Int, x: UnsafePointer<Double>, width: Int) {
    guard !steps.isEmpty, depth > 0 else {
      for r in 0..<rows { scores[r] += flat.leafValue(x: x + r * width) }
      return
    }
    steps.withUnsafeBufferPointer { steps in
      values.withUnsafeBufferPointer { values in
        let nodes = steps.baseAddress!
        var r = 0
        while r + 4 <= rows {
          let x0 = x + r * width, x1 = x0 + width, x2 = x1 + width, x3 = x2 + width
          var i0 = 0, i1 = 0, i2 = 0, i3 = 0
          for _ in 0..<depth {
            i0 = nodes[i0].next(x0)
            i1 = nodes[i1].next(x1)
            i2 = nodes[i2].next(x2)
            i3 = nodes[i3].next(x3)
          }
          scores[r] += values[i0]
          scores[r + 1] += values[i1]
          scores[r + 2] += values[i2]
          scores[r + 3] += values[i3]
          r += 4
        }
        while r < rows {
          var i = 0
          for _ in 0..<depth { i = nodes[i].next(x + r * width) }
          scores[r] += values[i]
          r += 1
        }
      }
    }
  }
}

/// A numeric split as one step: left when x <= threshold, or when x is missing and missing values
/// go left (`DecisionTree.goesLeft` without categories or zero-as-missing). A leaf points to itself.
private struct StepNode {
  let threshold: Double
  let feature: Int32
  let left: Int32
  let right: Int32
  let missingLeft: UInt8

  @inline(__always)
  func next(_ x: UnsafePointer<Double>) -> Int {
    let v = x[Int(feature)]
    // Both comparisons are false for a missing value. As 0/1 bytes, and-ed and or-ed, they let
    // the compiler pick the child without a branch (missing values are too common to predict).
    let le = unsafeBitCast(v <= threshold, to: UInt8.self), gt = unsafeBitCast(v > threshold, to: UInt8.self)
    return Int((le | (~gt & missingLeft)) & 1 != 0 ? left : right)
  }
}

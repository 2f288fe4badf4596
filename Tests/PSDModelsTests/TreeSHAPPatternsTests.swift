import Foundation
import Testing
@testable import PSDModels

/// `a` equals `b` within 1e-12 of the row's scale (contributions cancel, so a value's own size
/// is no scale for its rounding).
private func expectClose(_ a: [Double], _ b: [Double], _ what: String) {
  let scale = max(1, b.map(abs).max() ?? 0)
  for f in a.indices { #expect(abs(a[f] - b[f]) <= 1e-12 * scale, "\(what) feature \(f): \(a[f]) vs \(b[f])") }
}

@Test func patternTablesEqualAlgorithm2OnRandomTrees() {
  var rng = DecisionRNG(seed: 7)
  for trial in 0..<40 {
    let m = 2 + rng.int(12)
    let trees = (0..<(1 + rng.int(20))).map { _ in randomTree(&rng, features: m, depth: 2 + rng.int(11)) }
    let paths = TreeExplainer(trees: trees, baseScore: 0.1, featureCount: m, tableSlots: nil)
    // Every leaf tabled, none (the polynomial for all), and a mix.
    let variants = [PatternTree.maxTableSlots, 0, 3].map {
      TreeExplainer(trees: trees, baseScore: 0.1, featureCount: m, tableSlots: $0)
    }
    for e in variants { #expect(e.baseValue == paths.baseValue) }
    for _ in 0..<8 {
      let x = randomRow(&rng, features: m)
      let expected = paths.contributions(row: x, parallel: false)
      for (v, e) in variants.enumerated() {
        expectClose(e.contributions(row: x, parallel: false), expected, "trial \(trial) variant \(v)")
      }
    }
  }
}

/// Covers of zero on one side or both (the 0.5 convention), so zero fractions on hot and cold
/// branches and repeated features with a zero fraction already on the path.
@Test func patternTablesHandleBranchesWithoutCover() {
  var rng = DecisionRNG(seed: 31)
  for trial in 0..<30 {
    let m = 3
    var trees = (0..<6).map { _ in randomTree(&rng, features: m, depth: 6) }
    for t in trees.indices {
      for i in trees[t].nodes.indices where !trees[t].nodes[i].isLeaf {
        let r = rng.uniform()
        let l = Int(trees[t].nodes[i].left), rr = Int(trees[t].nodes[i].right)
        if r < 0.2 {
          trees[t].nodes[l].cover = 0
        } else if r < 0.4 {
          trees[t].nodes[rr].cover = 0
        } else if r < 0.5 {
          trees[t].nodes[l].cover = 0
          trees[t].nodes[rr].cover = 0
        }
      }
    }
    let paths = TreeExplainer(trees: trees, baseScore: 0, featureCount: m, tableSlots: nil)
    let tables = TreeExplainer(trees: trees, baseScore: 0, featureCount: m)
    let direct = TreeExplainer(trees: trees, baseScore: 0, featureCount: m, tableSlots: 0)
    for _ in 0..<10 {
      let x = randomRow(&rng, features: m)
      let expected = paths.contributions(row: x, parallel: false)
      expectClose(tables.contributions(row: x, parallel: false), expected, "trial \(trial) tables")
      expectClose(direct.contributions(row: x, parallel: false), expected, "trial \(trial) direct")
      let raw = trees.reduce(0) { $0 + $1.predict { x[$0] } }
      let sum = tables.baseValue + tables.contributions(row: x).reduce(0, +)
      #expect(abs(sum - raw) < 1e-9)
    }
  }
}

/// A chain of 70 splits on 70 distinct features: more than a mask's 64 slots, so the tree keeps
/// Algorithm 2; a chain of 20 has one leaf too deep for a table, computed from its polynomial.
@Test func deepPathsFallBack() {
  func chain(_ length: Int, _ rng: inout DecisionRNG) -> DecisionTree {
    var nodes: [TreeNode] = []
    var cover = 1e6
    for k in 0..<length {
      var split = TreeNode()
      split.feature = Int32(k)
      split.threshold = 0.5
      split.defaultLeft = rng.uniform() < 0.5
      split.cover = cover
      split.left = Int32(nodes.count + 1)
      split.right = Int32(nodes.count + 2)
      var leaf = TreeNode()
      leaf.value = rng.uniform() * 2 - 1
      leaf.cover = (cover * (0.1 + 0.3 * rng.uniform())).rounded()
      cover -= leaf.cover
      nodes.append(split)
      nodes.append(leaf)
    }
    // The last split's left child is a leaf too.
    var last = TreeNode()
    last.value = rng.uniform()
    last.cover = cover
    nodes.append(last)
    return DecisionTree(nodes: nodes)
  }
  var rng = DecisionRNG(seed: 5)
  let m = 70
  let trees = [chain(70, &rng), chain(20, &rng), randomTree(&rng, features: 4, depth: 5)]
  let paths = TreeExplainer(trees: trees, baseScore: 0, featureCount: m, tableSlots: nil)
  let tables = TreeExplainer(trees: trees, baseScore: 0, featureCount: m)
  #expect(tables.trees[0].patterns == nil)
  #expect(tables.trees[1].patterns?.leaves.contains { $0.table < 0 } == true)
  #expect(tables.trees[2].patterns != nil)
  for _ in 0..<20 {
    let x = (0..<m).map { _ in rng.uniform() < 0.1 ? Double.nan : rng.uniform() }
    let expected = paths.contributions(row: x, parallel: false)
    expectClose(tables.contributions(row: x, parallel: false), expected, "deep")
    let raw = trees.reduce(0) { $0 + $1.predict { x[$0] } }
    #expect(abs(tables.baseValue + tables.contributions(row: x).reduce(0, +) - raw) < 1e-9)
  }
}

/// The batch (blocks of rows, tree by tree, on the workers) gives each row exactly its own
/// single-row values.
@Test func batchEqualsSingleRowsBitForBit() throws {
  var rng = DecisionRNG(seed: 12)
  let m = 6
  let trees = (0..<40).map { _ in randomTree(&rng, features: m, depth: 7) }
  for slots in [nil, TreeExplainer.defaultTableSlots] {
    let e = TreeExplainer(trees: trees, baseScore: 0.5, featureCount: m, tableSlots: slots)
    let rows = 150
    let data = (0..<rows).map { _ in randomRow(&rng, features: m) }
    let columns = (0..<m).map { f in data.map { $0[f] } }
    let phi = try e.contributions(columns: columns, rowCount: rows)
    for r in 0..<rows {
      #expect(Array(phi[(r * m)..<((r + 1) * m)]) == e.contributions(row: data[r], parallel: false))
    }
  }
}

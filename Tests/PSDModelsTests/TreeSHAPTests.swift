import Foundation
import Testing
@testable import PSDModels

/// A random tree over `features` features, depth up to `depth`, covers that add up (children
/// share their parent's cover), some categorical splits on feature 0 (codes 0..<5), features
/// repeated along paths, leaves at varying depths.
func randomTree(_ rng: inout DecisionRNG, features: Int, depth: Int) -> DecisionTree {
  var nodes: [TreeNode] = []
  func grow(_ d: Int, _ cover: Double) -> Int32 {
    let index = nodes.count
    nodes.append(TreeNode())
    nodes[index].cover = cover
    nodes[index].value = rng.uniform() * 2 - 1
    if d >= depth || (d > 0 && rng.uniform() < 0.25) || cover < 2 { return Int32(index) }
    let f = rng.int(features)
    nodes[index].feature = Int32(f)
    nodes[index].defaultLeft = rng.uniform() < 0.5
    nodes[index].gain = rng.uniform()
    if f == 0 && rng.uniform() < 0.5 {
      nodes[index].categoriesLeft = (0..<5).filter { _ in rng.uniform() < 0.5 }.map(Int32.init)
    } else {
      nodes[index].threshold = Double(rng.int(10)) / 10
    }
    let share = 0.05 + 0.9 * rng.uniform()
    let l = grow(d + 1, (cover * share).rounded())
    let r = grow(d + 1, cover - (cover * share).rounded())
    nodes[index].left = l
    nodes[index].right = r
    return Int32(index)
  }
  _ = grow(0, 1000)
  return DecisionTree(nodes: nodes)
}

func randomRow(_ rng: inout DecisionRNG, features: Int) -> [Double] {
  (0..<features).map { f in
    if rng.uniform() < 0.15 { return .nan }
    return f == 0 ? Double(rng.int(6)) : Double(rng.int(11)) / 10
  }
}

/// E[f(x) | x_S known] with unknown features integrated out by cover, straight from the tree.
private func conditional(_ tree: DecisionTree, _ x: [Double], _ known: Set<Int>, _ node: Int = 0) -> Double {
  let n = tree.nodes[node]
  if n.isLeaf { return n.value }
  let l = Int(n.left), r = Int(n.right)
  if known.contains(Int(n.feature)) {
    return conditional(tree, x, known, tree.goesLeft(n, x[Int(n.feature)]) ? l : r)
  }
  let cl = tree.nodes[l].cover, cr = tree.nodes[r].cover
  return (cl * conditional(tree, x, known, l) + cr * conditional(tree, x, known, r)) / (cl + cr)
}

/// Shapley values by enumerating every coalition.
private func bruteForceShapley(_ trees: [DecisionTree], _ x: [Double], features m: Int) -> [Double] {
  func v(_ s: Set<Int>) -> Double { trees.reduce(0) { $0 + conditional($1, x, s) } }
  var factorial = [1.0]
  for k in 1...m { factorial.append(factorial[k - 1] * Double(k)) }
  var phi = [Double](repeating: 0, count: m)
  for i in 0..<m {
    let others = (0..<m).filter { $0 != i }
    for mask in 0..<(1 << others.count) {
      var s = Set<Int>()
      for (k, f) in others.enumerated() where mask & (1 << k) != 0 { s.insert(f) }
      let w = factorial[s.count] * factorial[m - s.count - 1] / factorial[m]
      var with = s
      with.insert(i)
      phi[i] += w * (v(with) - v(s))
    }
  }
  return phi
}

@Test func treeSHAPEqualsBruteForceShapleyOnSmallTrees() {
  var rng = DecisionRNG(seed: 2024)
  for trial in 0..<25 {
    let m = 2 + rng.int(4)
    let trees = (0..<(1 + rng.int(3))).map { _ in randomTree(&rng, features: m, depth: 2 + rng.int(5)) }
    let explainer = TreeExplainer(trees: trees, baseScore: 0.3, featureCount: m)
    for _ in 0..<5 {
      let x = randomRow(&rng, features: m)
      let fast = explainer.contributions(row: x)
      let slow = bruteForceShapley(trees, x, features: m)
      for f in 0..<m { #expect(abs(fast[f] - slow[f]) < 1e-9, "trial \(trial) feature \(f)") }
    }
    // The base value is the empty coalition.
    let empty = 0.3 + trees.reduce(0) { $0 + conditional($1, [], []) }
    #expect(abs(explainer.baseValue - empty) < 1e-12)
  }
}

@Test func contributionsAddUpToTheRawScoreForEveryRow() throws {
  var rng = DecisionRNG(seed: 99)
  let m = 8
  let trees = (0..<60).map { _ in randomTree(&rng, features: m, depth: 8) }
  let baseScore = -2.4
  let explainer = TreeExplainer(trees: trees, baseScore: baseScore, featureCount: m)
  let rows = 300
  let data = (0..<rows).map { _ in randomRow(&rng, features: m) }
  let columns = (0..<m).map { f in data.map { $0[f] } }
  let phi = try explainer.contributions(columns: columns, rowCount: rows)
  for r in 0..<rows {
    let raw = baseScore + trees.reduce(0) { t, tree in t + tree.predict { data[r][$0] } }
    let sum = explainer.baseValue + (0..<m).reduce(0) { $0 + phi[r * m + $1] }
    #expect(abs(sum - raw) < 1e-9, "row \(r)")
    // The batch path (two workers) gives the single-row answer.
    let single = explainer.contributions(row: data[r])
    for f in 0..<m { #expect(abs(phi[r * m + f] - single[f]) < 1e-12) }
  }
  // A few rows take the per-client path (trees shared between workers): same values.
  let few = try explainer.contributions(columns: columns.map { Array($0.prefix(3)) }, rowCount: 3)
  for k in 0..<(3 * m) { #expect(abs(few[k] - phi[k]) < 1e-12) }
}

@Test func singleLeafTreeOnlyMovesTheBase() {
  var leaf = TreeNode()
  leaf.value = 0.7
  leaf.cover = 10
  let e = TreeExplainer(trees: [DecisionTree(nodes: [leaf])], baseScore: 1, featureCount: 2)
  #expect(e.baseValue == 1.7)
  #expect(e.contributions(row: [0, 0]) == [0, 0])
}

@Test func splitGainAndRanking() {
  var rng = DecisionRNG(seed: 4)
  let trees = (0..<5).map { _ in randomTree(&rng, features: 3, depth: 4) }
  let (gain, splits) = splitGain(trees: trees, featureCount: 3)
  var expected = [0.0, 0, 0], count = [0, 0, 0]
  for t in trees { for n in t.nodes where !n.isLeaf { expected[Int(n.feature)] += n.gain; count[Int(n.feature)] += 1 } }
  #expect(gain == expected)
  #expect(splits == count)
  let ranked = rankedImportance(names: ["a", "b", "c"], meanAbs: [0.1, 0.5, 0.3], gain: gain, splits: splits)
  #expect(ranked.map(\.name) == ["b", "c", "a"])
  #expect(meanAbsoluteContributions([1, -2, -3, 4], rows: 2, features: 2) == [2, 3])
}

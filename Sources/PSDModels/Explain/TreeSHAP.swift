import PSDCore
import Synchronization

/// Exact SHAP values of a sum of trees, by the path-dependent TreeSHAP algorithm (Lundberg,
/// Erion & Lee 2018, "Consistent Individualized Feature Attribution for Tree Ensembles",
/// Algorithm 2). A feature left out of a coalition is integrated out by following both children,
/// weighted by the share of training cover that went each way — the same expectation a brute
/// force over all coalitions would use, so the values are the exact Shapley values of that game,
/// computed in O(leaves · depth²) per tree instead of O(2^features). Trees are walked with
/// Fast TreeSHAP v2's pattern tables and their closed form (`PatternTree`, O(leaves · depth) for
/// tabled leaves); Algorithm 2 itself remains for paths with more than 64 distinct features.
///
/// Contributions plus `baseValue` add up to the model's raw score (log-odds) for every row.
package struct TreeExplainer: Sendable {
  package let featureCount: Int
  /// The model's expected raw score under the cover weights: base score + each tree's
  /// cover-weighted mean leaf value.
  package let baseValue: Double
  let trees: [FlatTree]
  let pathCapacity: Int
  /// The deepest tree's depth (the pattern walk's stack holds depth + 2 steps).
  let maxDepth: Int
  /// 1/k for k up to depth + 2: the path recurrences divide by (i + 1) and (depth + 1) at every
  /// step, and a table lookup with a multiply is several times cheaper than a division.
  let reciprocals: [Double]
  /// Shapley weights by path length, for the trees with pattern tables (`shapleyWeights`).
  let weights: [Double]

  /// Leaves with up to 6 distinct path features get a table (2^6 values, 512 B): on the deep
  /// 500-tree benchmark model 1.9 MB of tables and ~10 ms to prepare, against 23 MB and 30–50 ms
  /// for 10 features, for nearly the same batch speed and a faster single row (fewer cache
  /// misses). Every explainer is built alike (not by the rows it will see), so a client's
  /// contributions are the same bits from every entry point: tabled and polynomial leaves round
  /// differently.
  package static let defaultTableSlots = 6
  /// At most 2^22 table values (32 MiB) for the whole model: the bound is lowered until they fit.
  static let tableBudget = 1 << 22

  /// The boosting's base score (the raw score before any tree).
  let baseScore: Double
  /// True when `rawScore(row:)` decides every split as the trees themselves do.
  package let predictsLikeTrees: Bool

  /// `tableSlots`: a leaf whose path splits on at most this many distinct features gets a table
  /// of its 2^d pattern values (Fast TreeSHAP v2); nil keeps Algorithm 2 for every tree.
  package init(
    trees: [DecisionTree], baseScore: Double, featureCount: Int,
    tableSlots: Int? = TreeExplainer.defaultTableSlots
  ) {
    self.featureCount = featureCount
    var flat = trees.map(FlatTree.init)
    self.baseScore = baseScore
    predictsLikeTrees = flat.allSatisfy(\.sameAsTree)
    var base = baseScore
    for t in flat { base += t.expectedValue }
    baseValue = base
    let depth = flat.map(\.depth).max() ?? 0
    pathCapacity = (depth + 2) * (depth + 3) / 2
    maxDepth = depth
    reciprocals = (0..<(depth + 3)).map { $0 == 0 ? 0 : 1 / Double($0) }
    let weights = shapleyWeights(upTo: tableSlots == nil ? 0 : PatternTree.maxSlots)
    if let tableSlots {
      // The largest bound up to `tableSlots` whose tables fit the budget, from the leaves'
      // distinct path features (the same choice whatever the machine).
      var leavesBySlots = [Int](repeating: 0, count: PatternTree.maxTableSlots + 1)
      for t in flat {
        for d in PatternTree.distinctPathFeatures(t) where d < leavesBySlots.count { leavesBySlots[d] += 1 }
      }
      var bound = -1, values = 0
      while bound < min(tableSlots, PatternTree.maxTableSlots) {
        let more = leavesBySlots[bound + 1] << (bound + 1)
        guard values + more <= Self.tableBudget else { break }
        values += more
        bound += 1
      }
      weights.withUnsafeBufferPointer { w in
        for t in flat.indices {
          flat[t].patterns = PatternTree(flat[t], tableSlots: bound, weights: w.baseAddress!)
        }
      }
    }
    self.weights = weights
    self.trees = flat
  }

  /// The raw score (log-odds) of row `x` from the flattened trees: the base score plus each
  /// tree's leaf value in tree order — the same additions as `BoostedTrees.rawScores`, so the
  /// same bits when `predictsLikeTrees` (one application scored without rebuilding a matrix).
  package func rawScore(row x: UnsafePointer<Double>) -> Double {
    var score = baseScore
    trees.withUnsafeBufferPointer { trees in
      for t in trees.indices { score += trees[t].leafValue(x: x) }
    }
    return score
  }

  /// Adds the SHAP values of trees `range` for row `x` into `phi`.
  func accumulate(
    _ range: Range<Int>, x: UnsafePointer<Double>, phi: UnsafeMutablePointer<Double>,
    scratch: SHAPScratch
  ) {
    withTrees { trees, reciprocals, weights in
      for t in range {
        trees[t].shap(x: x, phi: phi, scratch: scratch, recipBase: reciprocals, weights: weights)
      }
    }
  }

  /// Adds the SHAP values of every tree for `rows` rows (`x` and `phi` row-major, `width` wide),
  /// tree by tree.
  func accumulate(
    rows: Int, x: UnsafePointer<Double>, phi: UnsafeMutablePointer<Double>, width: Int,
    scratch: SHAPScratch
  ) {
    withTrees { trees, reciprocals, weights in
      for t in trees.indices {
        for row in 0..<rows {
          trees[t].shap(
            x: x + row * width, phi: phi + row * width, scratch: scratch, recipBase: reciprocals,
            weights: weights)
        }
      }
    }
  }

  /// The trees, the reciprocals 1/k and the Shapley weights (nil without pattern tables) as
  /// pointers, for the loops of `accumulate`.
  @inline(__always)
  private func withTrees(
    _ body: (UnsafeBufferPointer<FlatTree>, UnsafePointer<Double>, UnsafePointer<Double>?) -> Void
  ) {
    reciprocals.withUnsafeBufferPointer { r in
      weights.withUnsafeBufferPointer { w in
        trees.withUnsafeBufferPointer { body($0, r.baseAddress!, w.baseAddress) }
      }
    }
  }

  /// One worker's buffers for `accumulate`; `deallocate()` when done.
  func makeScratch() -> SHAPScratch {
    SHAPScratch(
      path: .allocate(capacity: pathCapacity), stack: .allocate(capacity: maxDepth + 2),
      poly: .allocate(capacity: PatternTree.maxSlots + 1))
  }

  /// The contributions of one row, `x[f]` being feature f (NaN missing, categories as codes).
  /// `parallel`: share the trees between two workers (each with its own sums), for one client
  /// explained alone; a server answering concurrent requests keeps each on its own thread.
  package func contributions(row x: [Double], parallel: Bool = true) -> [Double] {
    precondition(x.count >= featureCount)
    // Two halves of the trees, whatever the core count: the two sums are added in one order, so
    // the result is the same on every machine.
    let halves = parallel && trees.count >= 32 ? 2 : 1
    let partial = Parallel.map(halves) { w in
      var phi = [Double](repeating: 0, count: featureCount)
      let scratch = makeScratch()
      defer { scratch.deallocate() }
      x.withUnsafeBufferPointer { xs in
        phi.withUnsafeMutableBufferPointer { out in
          accumulate(
            Parallel.chunkRange(w, of: halves, count: trees.count), x: xs.baseAddress!,
            phi: out.baseAddress!, scratch: scratch)
        }
      }
      return phi
    }
    if halves == 1 { return partial[0] }
    return (0..<featureCount).map { partial[0][$0] + partial[1][$0] }
  }

  /// Contributions of every row of a column-major matrix, row-major in the result
  /// (`result[row * featureCount + f]`). Rows are shared between two workers when there are
  /// many of them. Cancellation is checked between blocks of rows.
  package func contributions(
    columns: [[Double]], rowCount: Int,
    control: TaskControl = .none
  ) throws -> [Double] {
    precondition(columns.count >= featureCount)
    let width = featureCount
    var result = [Double](repeating: 0, count: rowCount * width)
    guard rowCount > 0, width > 0 else { return result }
    // A handful of clients: share each one's trees between the workers instead.
    if rowCount < 8 {
      for row in 0..<rowCount {
        let phi = contributions(row: (0..<width).map { columns[$0][row] })
        for f in 0..<width { result[row * width + f] = phi[f] }
      }
      return result
    }
    // Blocks of rows explained tree by tree: one tree's nodes and tables stay in cache while
    // it explains the block's rows (a row still sums its trees in tree order, so its values are
    // those of `contributions(row:parallel: false)`, whatever the block).
    let block = 64
    let blocks = (rowCount + block - 1) / block
    // Each row's values are computed alone, so the worker count changes nothing but the speed;
    // workers take the next block when done (a worker slowed by another process takes fewer).
    let workers = rowCount >= 64 ? min(Parallel.coreCount, blocks) : 1
    let cancelled = Atomic<Bool>(false)
    let nextBlock = Atomic<Int>(0)
    let rowsDone = Atomic<Int>(0)
    result.withUnsafeMutableBufferPointer { out in
      let outBase = out.baseAddress!
      Parallel.forEach(workers) { worker in
        let scratch = makeScratch()
        let x = UnsafeMutablePointer<Double>.allocate(capacity: block * width)
        defer { scratch.deallocate(); x.deallocate() }
        while true {
          let b = nextBlock.wrappingAdd(1, ordering: .relaxed).oldValue
          guard b < blocks else { return }
          if control.isCancelled { cancelled.store(true, ordering: .relaxed); return }
          let rows = (b * block)..<min(rowCount, (b + 1) * block)
          for f in 0..<width {
            columns[f].withUnsafeBufferPointer { column in
              for row in rows { x[(row - rows.lowerBound) * width + f] = column[row] }
            }
          }
          // Rows are disjoint between workers: each writes only its own rows' values.
          accumulate(rows: rows.count, x: x, phi: outBase + rows.lowerBound * width, width: width, scratch: scratch)
          let done = rowsDone.wrappingAdd(rows.count, ordering: .relaxed).newValue
          if worker == 0 { control.report("explaining", done: Double(done), total: Double(rowCount)) }
        }
      }
    }
    if cancelled.load(ordering: .relaxed) { try control.checkCancelled() }
    return result
  }
}

/// A worker's buffers: Algorithm 2's path copies, and the pattern walk's stack and polynomial.
struct SHAPScratch {
  let path: UnsafeMutablePointer<PathElement>
  let stack: UnsafeMutablePointer<PatternStep>
  let poly: UnsafeMutablePointer<Double>

  func deallocate() {
    path.deallocate()
    stack.deallocate()
    poly.deallocate()
  }
}

/// One entry of TreeSHAP's feature path: the feature split on, the share of coalitions without
/// it that follow this path (`zero`, the cover fraction), whether the row itself follows it
/// (`one`), and the permutation weight.
struct PathElement {
  var feature: Int32
  var zero: Double
  var one: Double
  var weight: Double
}

/// One node of a flattened tree: everything the walk reads about it in one 48-byte record
/// (plain values, so walking a tree retains nothing).
struct FlatNode {
  var threshold: Double
  var value: Double
  /// Share of the node's cover that went left. Children's covers are used (not the node's own)
  /// so the two shares always add up to 1; 0.5 when neither child saw training weight.
  var leftShare: Double
  var feature: Int32
  var left: Int32
  var right: Int32
  /// For a categorical split: offset of its bit set in the tree's `categoryBits` (-1 for a
  /// numeric split) and its word count.
  var categoryOffset: Int32
  var categoryWords: Int32
  var defaultLeft: Bool
  var zeroAsMissing: Bool

  /// The same rule as `DecisionTree.goesLeft` (category codes below zero are in no bit set).
  @inline(__always)
  func goesLeft(_ v: Double, bits: UnsafePointer<UInt64>?) -> Bool {
    if v.isNaN || (zeroAsMissing && abs(v) <= TreeNode.zeroThreshold) { return defaultLeft }
    if categoryOffset >= 0 {
      // Truncated toward zero like DecisionTree.goesLeft: -0.5 is code 0.
      guard v > -1, v < 2_147_483_648, let bits else { return false }
      let code = Int(v)
      let word = code / 64
      guard word < Int(categoryWords) else { return false }
      return bits[Int(categoryOffset) + word] & (1 << UInt64(code % 64)) != 0
    }
    return v <= threshold
  }
}

/// A decision tree flattened for the explainer's inner loop: its nodes as plain records (no
/// reference counting per node), with each child's cover share precomputed.
struct FlatTree: Sendable {
  var nodes: [FlatNode]
  var categoryBits: [UInt64]
  var depth: Int
  var expectedValue: Double
  /// True when every category list holds codes ≥ 0 only, so the bit sets decide exactly as
  /// `DecisionTree.goesLeft` (a raw score may then be summed from this tree).
  var sameAsTree: Bool
  /// Fast TreeSHAP v2's per-tree tables, when the explainer prepared them.
  var patterns: PatternTree?

  init(_ tree: DecisionTree) {
    let n = tree.nodes.count
    var bits: [UInt64] = []
    var sameAsTree = true
    nodes = tree.nodes.map { node in
      var flat = FlatNode(
        threshold: node.threshold, value: node.value, leftShare: 0.5, feature: node.feature,
        left: node.left, right: node.right, categoryOffset: -1, categoryWords: 0,
        defaultLeft: node.defaultLeft, zeroAsMissing: node.zeroAsMissing)
      guard !node.isLeaf else { return flat }
      let cl = tree.nodes[Int(node.left)].cover, cr = tree.nodes[Int(node.right)].cover
      if cl + cr > 0 { flat.leftShare = cl / (cl + cr) }
      if let cats = node.categoriesLeft {
        let maxCode = Int(cats.max() ?? 0)
        let words = max(1, maxCode / 64 + 1)
        flat.categoryOffset = Int32(bits.count)
        flat.categoryWords = Int32(words)
        var set = [UInt64](repeating: 0, count: words)
        for c in cats where c >= 0 { set[Int(c) / 64] |= 1 << UInt64(Int(c) % 64) }
        if cats.contains(where: { $0 < 0 }) { sameAsTree = false }
        bits += set
      }
      return flat
    }
    categoryBits = bits
    self.sameAsTree = sameAsTree
    // Depth and expected value, without recursion on the caller's stack.
    var maxDepth = 0
    var stack: [(Int, Int)] = n > 0 ? [(0, 0)] : []
    while let (i, d) = stack.popLast() {
      maxDepth = max(maxDepth, d)
      if nodes[i].feature >= 0 {
        stack.append((Int(nodes[i].left), d + 1))
        stack.append((Int(nodes[i].right), d + 1))
      }
    }
    depth = maxDepth
    var expected = [Double](repeating: 0, count: n)
    // Children always follow their parent in a post-order walk; compute bottom-up.
    var order: [Int] = []
    stack = n > 0 ? [(0, 0)] : []
    while let (i, _) = stack.popLast() {
      order.append(i)
      if nodes[i].feature >= 0 { stack.append((Int(nodes[i].left), 0)); stack.append((Int(nodes[i].right), 0)) }
    }
    for i in order.reversed() {
      let node = nodes[i]
      if node.feature < 0 {
        expected[i] = node.value
      } else {
        expected[i] = node.leftShare * expected[Int(node.left)] + (1 - node.leftShare) * expected[Int(node.right)]
      }
    }
    expectedValue = n > 0 ? expected[0] : 0
  }

  /// The value of the leaf row `x` reaches (as `DecisionTree.predict`).
  @inline(__always)
  func leafValue(x: UnsafePointer<Double>) -> Double {
    nodes.withUnsafeBufferPointer { nodes in
      categoryBits.withUnsafeBufferPointer { bits in
        var i = 0
        while nodes[i].feature >= 0 {
          let node = nodes[i]
          i = Int(node.goesLeft(x[Int(node.feature)], bits: bits.baseAddress) ? node.left : node.right)
        }
        return nodes[i].value
      }
    }
  }

  /// Adds this tree's SHAP values for row `x` into `phi`.
  func shap(
    x: UnsafePointer<Double>, phi: UnsafeMutablePointer<Double>, scratch: SHAPScratch,
    recipBase: UnsafePointer<Double>, weights: UnsafePointer<Double>?
  ) {
    nodes.withUnsafeBufferPointer { nodes in
      guard nodes.count > 0, nodes[0].feature >= 0 else { return }  // a single leaf only moves the base value
      categoryBits.withUnsafeBufferPointer { bits in
        if let patterns, let weights {
          patterns.shap(
            nodes: nodes.baseAddress!, bits: bits.baseAddress, x: x, phi: phi, stack: scratch.stack,
            poly: scratch.poly, weights: weights)
          return
        }
        let ctx = Walk(nodes: nodes.baseAddress!, bits: bits.baseAddress, x: x, phi: phi, recip: recipBase)
        ctx.recurse(node: 0, parentPath: scratch.path, depth: 0, zero: 1, one: 1, splitFeature: -1)
      }
    }
  }
}

/// The recursion of Algorithm 2 over one tree for one row.
struct Walk {
  let nodes: UnsafePointer<FlatNode>
  let bits: UnsafePointer<UInt64>?
  let x: UnsafePointer<Double>
  let phi: UnsafeMutablePointer<Double>
  let recip: UnsafePointer<Double>

  /// Each level works on its own copy of the path, stored right after its parent's, so
  /// returning from a child needs no undo.
  func recurse(
    node: Int, parentPath: UnsafeMutablePointer<PathElement>, depth parentDepth: Int,
    zero: Double, one: Double, splitFeature: Int32
  ) {
    let path = parentPath + (parentDepth + 1)
    path.update(from: parentPath, count: parentDepth + 1)
    var depth = parentDepth
    extend(path, depth, zero, one, splitFeature, recip)

    let here = nodes[node]
    let f = here.feature
    if f < 0 {
      let v = here.value
      guard depth > 0 else { return }
      // For a feature the row does not satisfy (one == 0) the unwound weight is
      // (depth + 1) / zero · Σᵢ wᵢ / (depth − i), and its contribution multiplies it by −zero·v:
      // the same −(depth + 1) · Σᵢ wᵢ / (depth − i) · v for every such feature, computed once.
      // Only the features the row satisfies need their own O(depth) unwinding.
      var coldShare = 0.0
      for i in 0..<depth { coldShare += path[i].weight * recip[depth - i] }
      let coldContribution = -coldShare * Double(depth + 1) * v
      for i in 1...depth {
        let element = path[i]
        if element.one == 0 {
          phi[Int(element.feature)] += coldContribution
        } else {
          let w = unwoundSum(path, depth, i, recip)
          phi[Int(element.feature)] += w * (element.one - element.zero) * v
        }
      }
      return
    }
    let l = Int(here.left), r = Int(here.right)
    let wentLeft = here.goesLeft(x[Int(f)], bits: bits)
    let hot = wentLeft ? l : r, cold = wentLeft ? r : l
    let hotShare = wentLeft ? here.leftShare : 1 - here.leftShare
    let coldShare = 1 - hotShare

    // A feature already on the path is taken off and its fractions carried down, so each
    // feature appears once (the path holds unique features).
    var incomingZero = 1.0, incomingOne = 1.0
    if depth > 0 {
      for k in 1...depth where path[k].feature == f {
        incomingZero = path[k].zero
        incomingOne = path[k].one
        unwind(path, depth, k, recip)
        depth -= 1
        break
      }
    }
    // A branch that neither the row follows nor any training weight reached contributes
    // nothing (all its path weights would be zero), and would divide by zero when unwound.
    let hotZero = hotShare * incomingZero
    if hotZero > 0 || incomingOne > 0 {
      recurse(
        node: hot, parentPath: path, depth: depth + 1, zero: hotZero, one: incomingOne,
        splitFeature: f)
    }
    let coldZero = coldShare * incomingZero
    if coldZero > 0 {
      recurse(node: cold, parentPath: path, depth: depth + 1, zero: coldZero, one: 0, splitFeature: f)
    }
  }
}

@inline(__always)
func extend(
  _ path: UnsafeMutablePointer<PathElement>, _ depth: Int, _ zero: Double, _ one: Double,
  _ feature: Int32, _ recip: UnsafePointer<Double>
) {
  path[depth] = PathElement(feature: feature, zero: zero, one: one, weight: depth == 0 ? 1 : 0)
  let inv = recip[depth + 1]
  let zeroInv = zero * inv, oneInv = one * inv
  var i = depth - 1
  while i >= 0 {
    let w = path[i].weight
    path[i + 1].weight += oneInv * w * Double(i + 1)
    path[i].weight = zeroInv * w * Double(depth - i)
    i -= 1
  }
}

/// Undoes `extend` for the element at `index` (removes that feature from the path).
@inline(__always)
func unwind(
  _ path: UnsafeMutablePointer<PathElement>, _ depth: Int, _ index: Int,
  _ recip: UnsafePointer<Double>
) {
  let one = path[index].one, zero = path[index].zero
  let d1 = Double(depth + 1), inv = recip[depth + 1]
  var next = path[depth].weight
  var i = depth - 1
  if one != 0 {
    let scale = d1 / one
    while i >= 0 {
      let tmp = path[i].weight
      let w = next * scale * recip[i + 1]
      path[i].weight = w
      next = tmp - w * zero * Double(depth - i) * inv
      i -= 1
    }
  } else {
    let scale = d1 / zero
    while i >= 0 {
      path[i].weight = path[i].weight * scale * recip[depth - i]
      i -= 1
    }
  }
  var j = index
  while j < depth {
    path[j].feature = path[j + 1].feature
    path[j].zero = path[j + 1].zero
    path[j].one = path[j + 1].one
    j += 1
  }
}

/// The total permutation weight the path would have with element `index` unwound, without
/// modifying it.
@inline(__always)
func unwoundSum(
  _ path: UnsafeMutablePointer<PathElement>, _ depth: Int, _ index: Int,
  _ recip: UnsafePointer<Double>
) -> Double {
  let one = path[index].one, zero = path[index].zero
  let d1 = Double(depth + 1), inv = recip[depth + 1]
  var total = 0.0
  var i = depth - 1
  if one != 0 {
    let scale = d1 / one
    var next = path[depth].weight
    while i >= 0 {
      let tmp = next * scale * recip[i + 1]
      total += tmp
      next = path[i].weight - tmp * zero * Double(depth - i) * inv
      i -= 1
    }
  } else {
    let scale = d1 / zero
    while i >= 0 {
      total += path[i].weight * recip[depth - i]
      i -= 1
    }
    total *= scale
  }
  return total
}

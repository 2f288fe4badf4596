/// Fast TreeSHAP v2 (Yang 2021, "Fast TreeSHAP: Accelerating SHAP Value Computation for Trees"),
/// prepared once per tree and then O(leaves · depth) per row instead of O(leaves · depth²).
///
/// For a leaf with value v whose path splits on the distinct features D (d of them; z_j the
/// product of the cover shares of j's edges on the path), a row only matters through the set H of
/// path features it satisfies at every one of their edges (C = D \ H the others). With
/// w(s) = s!(d − 1 − s)!/d! and T(P) = v · Σ_s w(s) [tˢ] Π_{j∈P}(z_j + t), the leaf adds
///   −Π_C z · T(H)                    to every feature of C, and
///   Π_C z · (1 − z_i) · T(H \ {i})   to every feature i of H,
/// which is Algorithm 2's leaf sum with its unwinding done in closed form. T has one value per
/// subset of D, so it is tabled for leaves with few distinct path features (the table is 2^d
/// values) and evaluated from the polynomial for the others (O(d · |H|) per row, no division).
struct PatternTree: Sendable {
  /// Per node of the flat tree: for a split, the slot (index among the distinct features on the
  /// path from the root to it) of its feature; for a leaf, its index in `leaves`.
  var slot: [Int32]
  var leaves: [PatternLeaf]
  /// Per leaf, `count` entries from `leaf.slots`: the slot's feature and its zero fraction z.
  var slotFeature: [Int32]
  var slotZero: [Double]
  /// The T values of the tabled leaves, each leaf's 2^d values from `leaf.table`, indexed by the
  /// bit set of H over the leaf's slots.
  var table: [Double]

  /// The largest number of distinct features on one root-to-leaf path (the bits of a mask).
  static let maxSlots = 64
  /// The most distinct path features a tabled leaf may have (2^16 values, 512 KiB).
  static let maxTableSlots = 16

  /// nil for a single leaf, or when a path has more distinct features than a mask holds (the
  /// tree keeps Algorithm 2). `tableSlots`: leaves with at most this many distinct path
  /// features get a table. `weights`: `shapleyWeights(upTo: maxSlots)`.
  init?(_ tree: FlatTree, tableSlots: Int, weights: UnsafePointer<Double>) {
    let tableSlots = min(tableSlots, Self.maxTableSlots)
    let nodes = tree.nodes
    guard nodes.count > 1, nodes[0].feature >= 0 else { return nil }
    var slot = [Int32](repeating: -1, count: nodes.count)
    var leaves: [PatternLeaf] = []
    var slotFeature: [Int32] = []
    var slotZero: [Double] = []
    var table: [Double] = []
    var poly: [Double] = []
    // Depth-first with the path's distinct features and their zero fractions in one pair of
    // buffers (a child's changes are undone on return); a node's slot is fixed by its
    // ancestors, so it is the same for every leaf below it.
    var features: [Int32] = [], zeros: [Double] = []
    func visit(_ i: Int) -> Bool {
      let node = nodes[i]
      if node.feature < 0 {
        slot[i] = Int32(leaves.count)
        let d = features.count
        var leaf = PatternLeaf(
          slots: Int32(slotFeature.count), count: Int32(d), table: -1, value: node.value)
        slotFeature += features
        slotZero += zeros
        if d <= tableSlots {
          leaf.table = table.count
          if poly.count < (1 << d) * d { poly = [Double](repeating: 0, count: (1 << d) * d) }
          table += repeatElement(0, count: 1 << d)
          table.withUnsafeMutableBufferPointer { t in
            poly.withUnsafeMutableBufferPointer { p in
              Self.fill(
                t.baseAddress! + leaf.table, zeros: zeros, value: node.value,
                weights: weights + shapleyRow(d), poly: p.baseAddress!)
            }
          }
        }
        leaves.append(leaf)
        return true
      }
      let k = features.firstIndex(of: node.feature) ?? features.count
      let isNew = k == features.count
      if isNew {
        guard k < Self.maxSlots else { return false }
        features.append(node.feature)
        zeros.append(1)
      }
      slot[i] = Int32(k)
      let z = zeros[k]
      zeros[k] = z * node.leftShare
      guard visit(Int(node.left)) else { return false }
      zeros[k] = z * (1 - node.leftShare)
      guard visit(Int(node.right)) else { return false }
      zeros[k] = z
      if isNew {
        features.removeLast()
        zeros.removeLast()
      }
      return true
    }
    guard visit(0) else { return nil }
    self.slot = slot
    self.leaves = leaves
    self.slotFeature = slotFeature
    self.slotZero = slotZero
    self.table = table
  }

  /// The number of distinct features on the path to each leaf, in no particular order (to
  /// size the tables before building them).
  static func distinctPathFeatures(_ tree: FlatTree) -> [Int] {
    var counts: [Int] = []
    guard !tree.nodes.isEmpty else { return counts }
    var features: [Int32] = []
    func visit(_ i: Int) {
      let node = tree.nodes[i]
      if node.feature < 0 {
        counts.append(features.count)
        return
      }
      let isNew = !features.contains(node.feature)
      if isNew { features.append(node.feature) }
      visit(Int(node.left))
      visit(Int(node.right))
      if isNew { features.removeLast() }
    }
    visit(0)
    return counts
  }

  /// T(P) for every subset P of the d slots, in index order. Rather than P's polynomial c,
  /// each P keeps its weighted sums m_P[j] = Σ_s w(s + j) c_s for j < d − |P| (T(P) = v·m_P[0]):
  /// adding slot h multiplies c by (z_h + t), so m_{P+h}[j] = z_h·m_P[j] + m_P[j + 1], one
  /// short loop per subset from P without its highest slot. `poly` holds 2^d rows of d values.
  static func fill(
    _ table: UnsafeMutablePointer<Double>, zeros: [Double], value: Double,
    weights: UnsafePointer<Double>, poly: UnsafeMutablePointer<Double>
  ) {
    let d = zeros.count
    guard d > 0 else {
      table[0] = 0
      return
    }
    for j in 0..<d { poly[j] = weights[j] }
    table[0] = value * weights[0]
    for p in 1..<(1 << d) {
      let h = Int.bitWidth - 1 - p.leadingZeroBitCount
      let length = d - p.nonzeroBitCount
      let from = poly + (p ^ (1 << h)) * d, to = poly + p * d
      let z = zeros[h]
      for j in 0..<length { to[j] = z * from[j] + from[j + 1] }
      // The full set (length 0) is never read: a leaf the row follows all the way only reads
      // T(D \ {i}).
      table[p] = length > 0 ? value * to[0] : 0
    }
  }

  /// Adds this tree's SHAP values for row `x` into `phi`. `stack` holds depth + 2 entries,
  /// `poly` maxSlots + 1 values.
  @inline(__always)
  func shap(
    nodes: UnsafePointer<FlatNode>, bits: UnsafePointer<UInt64>?, x: UnsafePointer<Double>,
    phi: UnsafeMutablePointer<Double>, stack: UnsafeMutablePointer<PatternStep>,
    poly: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>
  ) {
    slot.withUnsafeBufferPointer { slot in
      leaves.withUnsafeBufferPointer { leaves in
        slotFeature.withUnsafeBufferPointer { features in
          slotZero.withUnsafeBufferPointer { zeros in
            table.withUnsafeBufferPointer { table in
              var top = 1
              stack[0] = PatternStep(node: 0, cold: 0)
              while top > 0 {
                top -= 1
                let step = stack[top]
                let node = nodes[Int(step.node)]
                if node.feature < 0 {
                  let leaf = leaves[Int(slot[Int(step.node)])]
                  let f = features.baseAddress! + Int(leaf.slots)
                  let z = zeros.baseAddress! + Int(leaf.slots)
                  if leaf.table >= 0 {
                    Self.tabledLeaf(
                      count: Int(leaf.count), cold: step.cold, features: f, zeros: z,
                      table: table.baseAddress! + leaf.table, phi: phi)
                  } else {
                    Self.directLeaf(
                      count: Int(leaf.count), cold: step.cold, features: f, zeros: z,
                      value: leaf.value, weights: weights + shapleyRow(Int(leaf.count)), poly: poly, phi: phi)
                  }
                  continue
                }
                let bit = UInt64(1) << UInt64(slot[Int(step.node)])
                let wentLeft = node.goesLeft(x[Int(node.feature)], bits: bits)
                let hot = wentLeft ? node.left : node.right
                let cold = wentLeft ? node.right : node.left
                let coldShare = wentLeft ? 1 - node.leftShare : node.leftShare
                // A branch no training weight reached while the row does not follow it has a
                // zero fraction in every coalition without the feature: it adds nothing.
                if coldShare > 0 {
                  stack[top] = PatternStep(node: cold, cold: step.cold | bit)
                  top += 1
                }
                stack[top] = PatternStep(node: hot, cold: step.cold)
                top += 1
              }
            }
          }
        }
      }
    }
  }

  /// The product of `zeros[k]` over the set bits k of `mask` (the cold slots' cover shares).
  @inline(__always)
  static func product(of zeros: UnsafePointer<Double>, over mask: UInt64) -> Double {
    var result = 1.0
    var m = mask
    while m != 0 {
      result *= zeros[m.trailingZeroBitCount]
      m &= m - 1
    }
    return result
  }

  /// Adds `value` to the contribution of the feature in every slot set in `mask`.
  @inline(__always)
  static func add(
    _ value: Double, to phi: UnsafeMutablePointer<Double>, at features: UnsafePointer<Int32>,
    over mask: UInt64
  ) {
    var m = mask
    while m != 0 {
      phi[Int(features[m.trailingZeroBitCount])] += value
      m &= m - 1
    }
  }

  @inline(__always)
  static func tabledLeaf(
    count d: Int, cold: UInt64, features: UnsafePointer<Int32>, zeros: UnsafePointer<Double>,
    table: UnsafePointer<Double>, phi: UnsafeMutablePointer<Double>
  ) {
    let coldZero = product(of: zeros, over: cold)
    guard coldZero != 0 else { return }
    let hot = ~cold & (UInt64.max >> UInt64(64 - d))
    // Over the set bits of each mask rather than a test per slot: which slots are hot is
    // different for every leaf and row, so a branch on it would be mispredicted half the time.
    add(-coldZero * table[Int(hot)], to: phi, at: features, over: cold)
    var m = hot
    while m != 0 {
      let k = m.trailingZeroBitCount
      phi[Int(features[k])] += coldZero * (1 - zeros[k]) * table[Int(hot) ^ (1 << k)]
      m &= m - 1
    }
  }

  /// The same sums for a leaf with too many distinct path features for a table: the
  /// polynomial of H once, then for each i of H its quotient by (z_i + t) from the top
  /// coefficient down (q[s − 1] = c[s] − z · q[s]: no division, and errors shrink as z ≤ 1).
  @inline(__always)
  static func directLeaf(
    count d: Int, cold: UInt64, features: UnsafePointer<Int32>, zeros: UnsafePointer<Double>,
    value: Double, weights: UnsafePointer<Double>, poly c: UnsafeMutablePointer<Double>,
    phi: UnsafeMutablePointer<Double>
  ) {
    let hot = ~cold & (UInt64.max >> UInt64(64 - d))
    let coldZero = product(of: zeros, over: cold)
    guard coldZero != 0 else { return }
    var size = 0
    c[0] = 1
    var m = hot
    while m != 0 {
      let z = zeros[m.trailingZeroBitCount]
      size += 1
      c[size] = c[size - 1]
      var s = size - 1
      while s > 0 {
        c[s] = c[s] * z + c[s - 1]
        s -= 1
      }
      c[0] *= z
      m &= m - 1
    }
    let scale = coldZero * value
    if cold != 0 {
      var total = 0.0
      for s in 0...size { total += weights[s] * c[s] }
      add(-scale * total, to: phi, at: features, over: cold)
    }
    m = hot
    while m != 0 {
      let k = m.trailingZeroBitCount
      let z = zeros[k]
      var q = c[size]
      var total = weights[size - 1] * q
      var s = size - 1
      while s > 0 {
        q = c[s] - z * q
        total += weights[s - 1] * q
        s -= 1
      }
      phi[Int(features[k])] += scale * (1 - z) * total
      m &= m - 1
    }
  }
}

/// One leaf of a `PatternTree`.
struct PatternLeaf {
  /// Offset of its slots in `slotFeature` / `slotZero`, and their count d.
  var slots: Int32
  var count: Int32
  /// Offset of its 2^d T values in `table`, -1 when computed directly.
  var table: Int
  var value: Double
}

/// A pending node of the per-row walk and the slots whose features the row left on the way.
struct PatternStep {
  var node: Int32
  var cold: UInt64
}

/// The Shapley weights w(s, d) = s!(d − 1 − s)!/d! for s < d, for every d from 1 to `maxD`, in
/// one array: row d starts at `shapleyRow(d)`.
func shapleyWeights(upTo maxD: Int) -> [Double] {
  var values: [Double] = []
  for d in 0...max(maxD, 0) where d > 0 {
    // w(0, d) = 1/d and w(s + 1, d) = w(s, d) · (s + 1)/(d − 1 − s).
    var w = 1 / Double(d)
    for s in 0..<d {
      values.append(w)
      if s + 1 < d { w = w * Double(s + 1) / Double(d - 1 - s) }
    }
  }
  return values
}

@inline(__always)
func shapleyRow(_ d: Int) -> Int { d * (d - 1) / 2 }

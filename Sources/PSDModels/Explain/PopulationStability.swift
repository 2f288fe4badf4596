import Foundation
import PSDData

/// Population stability index of one feature between a reference frame (A, e.g. the training
/// rows) and a current one (B): Σ (b% − a%) · ln(b% / a%) over bins. Numeric columns use the
/// deciles of A (tied edges merged) plus a bin for missing values; categorical columns use the
/// levels of either frame (matched by label) plus missing. Empty bins are floored at 0.0001 so the
/// logarithm stays finite.
package struct StabilityIndex: Sendable, Equatable {
  package var feature: String
  package var psi: Double
  package var bins: Int

  package init(feature: String, psi: Double, bins: Int) {
    self.feature = feature
    self.psi = psi
    self.bins = bins
  }

  /// The customary reading: < 0.1 stable, 0.1–0.25 moderate shift, >= 0.25 major shift.
  package var band: String {
    psi < 0.1 ? "stable" : (psi < 0.25 ? "moderate shift" : "major shift")
  }
}

package func populationStabilityIndex(expected a: [Double], actual b: [Double]) -> Double {
  precondition(a.count == b.count)
  let floor = 1e-4
  var total = 0.0
  for i in a.indices {
    let p = max(a[i], floor), q = max(b[i], floor)
    total += (q - p) * log(q / p)
  }
  return total
}

/// Shares of values in each bin: decile edges of `reference`, then a missing bin.
func numericShares(_ values: [Double], edges: [Double]) -> [Double] {
  var counts = [Double](repeating: 0, count: edges.count + 2)
  for v in values {
    if v.isNaN { counts[edges.count + 1] += 1; continue }
    // First edge >= v: bins are (-inf, e0], (e0, e1], ..., (e_last, +inf).
    var lo = 0, hi = edges.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if edges[mid] >= v { hi = mid } else { lo = mid + 1 }
    }
    counts[lo] += 1
  }
  let n = Double(max(1, values.count))
  return counts.map { $0 / n }
}

/// Inner decile edges of the non-missing values (at most 9 distinct edges).
package func decileEdges(_ values: [Double]) -> [Double] {
  let sorted = values.filter { !$0.isNaN }.sorted()
  guard !sorted.isEmpty else { return [] }
  var edges: [Double] = []
  for k in 1..<10 {
    let e = sorted[min(sorted.count - 1, (sorted.count * k) / 10)]
    if edges.last != e { edges.append(e) }
  }
  // An edge equal to the maximum would leave the last bin empty by construction.
  if edges.last == sorted.last { edges.removeLast() }
  return edges
}

/// PSI of every column present in both frames (except `skip`), largest first.
package func populationStability(
  reference: DataFrame, current: DataFrame,
  skip: Set<String> = []
) -> [StabilityIndex] {
  var out: [StabilityIndex] = []
  for column in reference.columns where !skip.contains(column.name) {
    guard let other = current[column.name] else { continue }
    if column.isNumeric && other.isNumeric {
      guard let a = column.doubles(), let b = other.doubles() else { continue }
      let edges = decileEdges(a)
      let pa = numericShares(a, edges: edges), pb = numericShares(b, edges: edges)
      out.append(
        StabilityIndex(
          feature: column.name, psi: populationStabilityIndex(expected: pa, actual: pb),
          bins: pa.indices.filter { pa[$0] > 0 || pb[$0] > 0 }.count))
    } else if case .category(let ca, let la) = column.data, case .category(let cb, let lb) = other.data {
      var index: [String: Int] = [:]
      for l in la + lb where index[l] == nil { index[l] = index.count }
      var pa = [Double](repeating: 0, count: index.count + 1)
      var pb = pa
      let mapA = la.map { index[$0]! }, mapB = lb.map { index[$0]! }
      for c in ca { pa[c < 0 ? index.count : mapA[Int(c)]] += 1 }
      for c in cb { pb[c < 0 ? index.count : mapB[Int(c)]] += 1 }
      let na = Double(max(1, ca.count)), nb = Double(max(1, cb.count))
      pa = pa.map { $0 / na }; pb = pb.map { $0 / nb }
      out.append(
        StabilityIndex(
          feature: column.name, psi: populationStabilityIndex(expected: pa, actual: pb),
          bins: pa.indices.filter { pa[$0] > 0 || pb[$0] > 0 }.count))
    }
  }
  out.sort { $0.psi != $1.psi ? $0.psi > $1.psi : $0.feature < $1.feature }
  return out
}

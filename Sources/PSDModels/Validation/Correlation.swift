import Foundation

/// How `correlationMatrix` measures association.
package enum CorrelationMethod: String, Sendable, CaseIterable {
  /// Linear correlation of the values.
  case pearson
  /// Pearson correlation of the midranks: any monotone relation, robust to outliers.
  case spearman
}

/// The correlation of every pair of columns (NaN = missing), each pair over the rows where both
/// are present (pairwise complete, as pandas' DataFrame.corr). A pair with fewer than two such
/// rows, or a constant column, gives NaN. Spearman ranks each pair's common rows.
package func correlationMatrix(_ columns: [[Double]], method: CorrelationMethod) -> [[Double]] {
  let k = columns.count
  let complete = columns.map { !$0.contains(where: \.isNaN) }
  // Columns without missing values are ranked once; pairs with gaps rank their common rows.
  let ranked = method == .spearman ? columns.enumerated().map { complete[$0.offset] ? midranks($0.element) : [] } : []
  var r = [[Double]](repeating: [Double](repeating: .nan, count: k), count: k)
  for a in 0..<k {
    for b in a..<k {
      var x: [Double], y: [Double]
      if method == .spearman && complete[a] && complete[b] {
        x = ranked[a]; y = ranked[b]
      } else {
        x = []; y = []
        for i in columns[a].indices where !columns[a][i].isNaN && !columns[b][i].isNaN {
          x.append(columns[a][i]); y.append(columns[b][i])
        }
        if method == .spearman { x = midranks(x); y = midranks(y) }
      }
      let value = pearson(x, y)
      r[a][b] = value
      r[b][a] = value
    }
  }
  return r
}

/// Pearson correlation of two equal-length arrays; NaN with fewer than two rows or no spread.
func pearson(_ x: [Double], _ y: [Double]) -> Double {
  let n = x.count
  guard n >= 2 else { return .nan }
  let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for i in 0..<n {
    let dx = x[i] - mx, dy = y[i] - my
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy
  }
  guard sxx > 0, syy > 0 else { return .nan }
  return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
}

/// The variance inflation factor of each column: 1 / (1 − R²) of the column regressed on the
/// others, read off the diagonal of the inverse correlation matrix. Rows with a missing value in
/// any column are left out (listwise), as a regression would. A column that is an exact linear
/// combination of the columns before it gets +inf and is left out of the others' regressions.
package struct VarianceInflation: Sendable {
  package var vif: [Double]
  /// Rows used (complete in every column).
  package var rows: Int
}

package func varianceInflation(_ columns: [[Double]]) -> VarianceInflation {
  let k = columns.count
  guard let n = columns.first?.count else { return VarianceInflation(vif: [], rows: 0) }
  let rows = (0..<n).filter { i in !columns.contains { $0[i].isNaN } }
  let kept = columns.map { c in rows.map { c[$0] } }
  let r = correlationMatrix(kept, method: .pearson)
  var vif = [Double](repeating: .nan, count: k)
  // Constant columns (NaN correlations) have no VIF; collinear ones are found by the Cholesky
  // factorisation below, column by column.
  var usable = (0..<k).filter { !r[$0][$0].isNaN }
  while true {
    let m = usable.count
    var a = [Double](repeating: 0, count: m * m)
    for i in 0..<m { for j in 0..<m { a[i * m + j] = r[usable[i]][usable[j]] } }
    switch choleskyInverse(a, size: m) {
    case .inverse(let inv):
      for i in 0..<m { vif[usable[i]] = inv[i * m + i] }
      return VarianceInflation(vif: vif, rows: rows.count)
    case .singular(let column):
      vif[usable[column]] = .infinity
      usable.remove(at: column)
    }
  }
}

enum CholeskyOutcome {
  case inverse([Double])
  /// The first column whose residual variance (given the columns before it) is numerically zero.
  case singular(at: Int)
}

/// The inverse of a symmetric positive definite matrix (row-major, size × size) by Cholesky
/// factorisation; reports the first column that makes it singular (pivot < 1e-10 of its diagonal).
func choleskyInverse(_ a: [Double], size m: Int) -> CholeskyOutcome {
  var l = [Double](repeating: 0, count: m * m)
  for j in 0..<m {
    var d = a[j * m + j]
    for k in 0..<j { d -= l[j * m + k] * l[j * m + k] }
    if !(d > 1e-10 * max(a[j * m + j], 1e-300)) { return .singular(at: j) }
    let ljj = d.squareRoot()
    l[j * m + j] = ljj
    for i in (j + 1)..<max(j + 1, m) {
      var s = a[i * m + j]
      for k in 0..<j { s -= l[i * m + k] * l[j * m + k] }
      l[i * m + j] = s / ljj
    }
  }
  // inv(L) by forward substitution, then inv(A) = inv(L)ᵀ inv(L).
  var li = [Double](repeating: 0, count: m * m)
  for j in 0..<m {
    li[j * m + j] = 1 / l[j * m + j]
    for i in (j + 1)..<max(j + 1, m) {
      var s = 0.0
      for k in j..<i { s -= l[i * m + k] * li[k * m + j] }
      li[i * m + j] = s / l[i * m + i]
    }
  }
  var inv = [Double](repeating: 0, count: m * m)
  for i in 0..<m {
    for j in 0...i {
      var s = 0.0
      for k in i..<m { s += li[k * m + i] * li[k * m + j] }
      inv[i * m + j] = s
      inv[j * m + i] = s
    }
  }
  return .inverse(inv)
}

/// The most correlated pairs (by |r|, largest first; NaN pairs left out).
package func strongestPairs(_ r: [[Double]], limit: Int) -> [(a: Int, b: Int, r: Double)] {
  var pairs: [(a: Int, b: Int, r: Double)] = []
  for a in r.indices { for b in r.indices where b > a && !r[a][b].isNaN { pairs.append((a, b, r[a][b])) } }
  pairs.sort { abs($0.r) != abs($1.r) ? abs($0.r) > abs($1.r) : ($0.a, $0.b) < ($1.a, $1.b) }
  return Array(pairs.prefix(limit))
}

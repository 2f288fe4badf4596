import Foundation

/// DeLong, DeLong & Clarke-Pearson (1988): the covariance of ROC AUCs of several models scored
/// on the same rows, and a z-test for each difference. Computed with midranks (Sun & Xu 2014),
/// O(k · n log n), so it runs on a full-scale test set.
package struct DeLongComparison: Sendable {
  /// Each model's AUC (ties count one half, as `rocAUC`).
  package var aucs: [Double]
  /// Covariance of the AUC estimates, k × k: S10 / m + S01 / n.
  package var covariance: [[Double]]
  package var positives: Int
  package var negatives: Int

  /// One pairwise test: H0 AUC(a) = AUC(b), two-sided.
  package struct Pair: Sendable, Equatable {
    package var a: Int
    package var b: Int
    /// AUC(a) − AUC(b).
    package var difference: Double
    /// Var(AUC(a) − AUC(b)) = S_aa + S_bb − 2 S_ab.
    package var variance: Double
    /// difference / √variance (0 when both are 0: identical rankings).
    package var z: Double
    package var pValue: Double
  }

  /// The standard error of model k's AUC.
  package func standardError(_ k: Int) -> Double { max(covariance[k][k], 0).squareRoot() }

  package func pair(_ a: Int, _ b: Int) -> Pair {
    let difference = aucs[a] - aucs[b]
    let variance = max(covariance[a][a] + covariance[b][b] - 2 * covariance[a][b], 0)
    let z: Double
    if variance > 0 {
      z = difference / variance.squareRoot()
    } else {
      z = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
    }
    return Pair(a: a, b: b, difference: difference, variance: variance, z: z, pValue: twoSidedNormalP(z))
  }

  /// Every pair (a < b), in order.
  package var pairs: [Pair] {
    var out: [Pair] = []
    for a in aucs.indices { for b in aucs.indices where b > a { out.append(pair(a, b)) } }
    return out
  }
}

/// Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|).
package func twoSidedNormalP(_ z: Double) -> Double {
  z.isNaN ? .nan : erfc(abs(z) / 2.0.squareRoot())
}

/// Midranks (1-based, ties share their mean rank) of `values`.
func midranks(_ values: [Double]) -> [Double] {
  let order = values.indices.sorted { values[$0] < values[$1] }
  var ranks = [Double](repeating: 0, count: values.count)
  var i = 0
  while i < order.count {
    var j = i
    while j < order.count && values[order[j]] == values[order[i]] { j += 1 }
    let rank = Double(i + j + 1) / 2  // mean of i+1 ... j
    for k in i..<j { ranks[order[k]] = rank }
    i = j
  }
  return ranks
}

/// DeLong's covariance of the AUCs of `scores` (one array per model, same rows) against
/// `labels` (true = default). Nil when a class is absent or a score is not a number.
package func deLongComparison(scores: [[Double]], labels: [Bool]) -> DeLongComparison? {
  let positiveRows = labels.indices.filter { labels[$0] }
  let negativeRows = labels.indices.filter { !labels[$0] }
  let m = positiveRows.count, n = negativeRows.count
  guard m > 0, n > 0, !scores.isEmpty else { return nil }
  var v10: [[Double]] = [], v01: [[Double]] = []
  for s in scores {
    precondition(s.count == labels.count)
    if s.contains(where: \.isNaN) { return nil }
    let x = positiveRows.map { s[$0] }, y = negativeRows.map { s[$0] }
    let tz = midranks(x + y), tx = midranks(x), ty = midranks(y)
    // A defaulter's component: the share of good clients it outranks (ties one half); a good
    // client's: the share of defaulters that outrank it.
    v10.append((0..<m).map { (tz[$0] - tx[$0]) / Double(n) })
    v01.append((0..<n).map { 1 - (tz[m + $0] - ty[$0]) / Double(m) })
  }
  let k = scores.count
  let aucs = v10.map { $0.reduce(0, +) / Double(m) }
  func covariance(_ v: [[Double]], _ a: Int, _ b: Int) -> Double {
    let count = v[a].count
    guard count > 1 else { return 0 }
    let ma = v[a].reduce(0, +) / Double(count), mb = v[b].reduce(0, +) / Double(count)
    var s = 0.0
    for i in 0..<count { s += (v[a][i] - ma) * (v[b][i] - mb) }
    return s / Double(count - 1)
  }
  var cov = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
  for a in 0..<k {
    for b in a..<k {
      let c = covariance(v10, a, b) / Double(m) + covariance(v01, a, b) / Double(n)
      cov[a][b] = c
      cov[b][a] = c
    }
  }
  return DeLongComparison(aucs: aucs, covariance: cov, positives: m, negatives: n)
}

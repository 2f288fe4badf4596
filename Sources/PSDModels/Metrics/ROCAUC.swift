/// Area under the ROC curve from scores and 0/1 labels, exact with ties: tied scores count half
/// (the Mann-Whitney statistic). O(n log n). Returns nil when a class is absent.
/// `weights` (optional) weigh each row.
package func rocAUC(scores: [Double], labels: [Bool], weights: [Double]? = nil) -> Double? {
  precondition(scores.count == labels.count)
  // Undefined on a NaN score (and the tie walk below would never end: NaN != NaN).
  guard !scores.contains(where: \.isNaN) else { return nil }
  let order = scores.indices.sorted { scores[$0] < scores[$1] }
  var positives = 0.0, negatives = 0.0
  var area = 0.0  // sum over positives of (negatives ranked below + half the tied ones)
  var negativesBelow = 0.0
  var i = 0
  while i < order.count {
    var j = i
    var tiedPos = 0.0, tiedNeg = 0.0
    while j < order.count && scores[order[j]] == scores[order[i]] {
      let w = weights?[order[j]] ?? 1
      if labels[order[j]] { tiedPos += w } else { tiedNeg += w }
      j += 1
    }
    area += tiedPos * (negativesBelow + tiedNeg / 2)
    negativesBelow += tiedNeg
    positives += tiedPos
    negatives += tiedNeg
    i = j
  }
  guard positives > 0, negatives > 0 else { return nil }
  return area / (positives * negatives)
}

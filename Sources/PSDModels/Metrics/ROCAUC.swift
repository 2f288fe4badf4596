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

/// AUC of unweighted scores given each class's values sorted ascending (no NaN): the share of
/// (positive, negative) pairs where the positive scores higher, ties counting half. One merge
/// walk instead of an index sort through a closure; the same value as `rocAUC(scores:labels:)`
/// bit for bit, since both add whole and half counts exactly before the one division.
package func rocAUC(sortedNegatives negatives: [Double], sortedPositives positives: [Double]) -> Double? {
  guard !positives.isEmpty, !negatives.isEmpty else { return nil }
  var twiceArea = 0
  var below = 0  // negatives scoring under the current value
  var i = 0
  while i < positives.count {
    let v = positives[i]
    var next = i
    while next < positives.count && positives[next] == v { next += 1 }
    while below < negatives.count && negatives[below] < v { below += 1 }
    var tiedEnd = below
    while tiedEnd < negatives.count && negatives[tiedEnd] == v { tiedEnd += 1 }
    twiceArea += (next - i) * (2 * below + (tiedEnd - below))
    i = next
  }
  return Double(twiceArea) / 2 / (Double(positives.count) * Double(negatives.count))
}

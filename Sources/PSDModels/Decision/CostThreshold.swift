import Foundation

/// The business cost of a decision policy: a granted defaulter (false negative) loses capital,
/// a refused good client (false positive) loses margin.
package struct BusinessCost: Sendable, Equatable {
  package var falseNegative: Double
  package var falsePositive: Double
  package init(falseNegative: Double, falsePositive: Double) {
    self.falseNegative = falseNegative
    self.falsePositive = falsePositive
  }
}

/// One row of the cost curve: refuse every client whose PD >= threshold.
package struct CostCurvePoint: Sendable, Equatable {
  package var threshold: Double
  package var confusion: ConfusionMatrix
  package var cost: Double
}

/// The outcome of the threshold search, with the figures at 0.5 for comparison.
package struct ThresholdChoice: Sendable {
  package var cost: BusinessCost
  /// Refuse when PD >= threshold. When granting everybody is best the threshold is just above
  /// the highest score seen.
  package var threshold: Double
  package var confusion: ConfusionMatrix
  package var totalCost: Double
  package var atHalf: ConfusionMatrix
  package var costAtHalf: Double
  /// Cost of the better of "grant all" (fn · defaulters) and "refuse all" (fp · good clients).
  package var trivialCost: Double
  package var trivialPolicy: String
  /// Every candidate, in descending threshold order (grant-all first).
  package var curve: [CostCurvePoint]

  package var rows: Int { confusion.total }
  package var costPerApplication: Double { rows == 0 ? 0 : totalCost / Double(rows) }
  package var costPerApplicationAtHalf: Double { rows == 0 ? 0 : costAtHalf / Double(rows) }
  /// Cost relative to the better trivial policy: < 1 means the model pays for itself.
  package var normalisedCost: Double { trivialCost == 0 ? 0 : totalCost / trivialCost }
  package var normalisedCostAtHalf: Double { trivialCost == 0 ? 0 : costAtHalf / trivialCost }
}

/// Finds the threshold minimising `fn·FN + fp·FP` over every distinct score, exactly.
///
/// Scores and labels are sorted *together* (by descending score) — the seed study sorted the
/// scores alone and compared them with labels in the original order. Walking down the sorted
/// rows, each distinct score is one candidate "refuse when PD >= score"; all rows sharing a score
/// move to the refused side at once, so ties can never be split. O(n log n) for the sort, O(n)
/// for the scan. On equal cost the higher threshold (fewer refusals) wins.
package func chooseThreshold(scores: [Double], labels: [Bool], cost: BusinessCost) -> ThresholdChoice {
  precondition(scores.count == labels.count)
  let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
  let negatives = labels.count - positives
  // A NaN score is never refused (NaN >= t is false, as in `confusionMatrix`): those rows stay
  // granted at every threshold, so the walk stops before them.
  let order = descendingOrder(scores).filter { !scores[$0].isNaN }

  // Start with nobody refused.
  var m = ConfusionMatrix(
    trueNegatives: negatives, falsePositives: 0,
    falseNegatives: positives, truePositives: 0)
  let top = scores.isEmpty ? 0.5 : scores[order[0]]
  let grantAll = top < 1 ? max(1, top.nextUp) : top.nextUp
  var curve = [
    CostCurvePoint(
      threshold: grantAll, confusion: m,
      cost: m.cost(fn: cost.falseNegative, fp: cost.falsePositive))
  ]
  var best = 0
  var i = 0
  while i < order.count {
    let s = scores[order[i]]
    while i < order.count && scores[order[i]] == s {
      if labels[order[i]] {
        m.falseNegatives -= 1; m.truePositives += 1
      } else {
        m.trueNegatives -= 1; m.falsePositives += 1
      }
      i += 1
    }
    let c = m.cost(fn: cost.falseNegative, fp: cost.falsePositive)
    curve.append(CostCurvePoint(threshold: s, confusion: m, cost: c))
    if c < curve[best].cost { best = curve.count - 1 }
  }
  let half = confusionMatrix(scores: scores, labels: labels, threshold: 0.5)
  let grantAllCost = cost.falseNegative * Double(positives)
  let refuseAllCost = cost.falsePositive * Double(negatives)
  return ThresholdChoice(
    cost: cost, threshold: curve[best].threshold, confusion: curve[best].confusion,
    totalCost: curve[best].cost, atHalf: half,
    costAtHalf: half.cost(fn: cost.falseNegative, fp: cost.falsePositive),
    trivialCost: min(grantAllCost, refuseAllCost),
    trivialPolicy: grantAllCost <= refuseAllCost ? "grant all" : "refuse all",
    curve: curve)
}

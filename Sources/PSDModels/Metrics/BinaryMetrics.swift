import Foundation

/// Counts of a granted/refused decision against the observed outcome. "Positive" is a default
/// (TARGET = 1); a client is refused (predicted positive) when PD >= threshold.
package struct ConfusionMatrix: Sendable, Equatable {
  /// Good clients granted.
  package var trueNegatives: Int
  /// Good clients refused (lost margin).
  package var falsePositives: Int
  /// Defaulters granted (lost capital).
  package var falseNegatives: Int
  /// Defaulters refused.
  package var truePositives: Int

  package init(trueNegatives: Int, falsePositives: Int, falseNegatives: Int, truePositives: Int) {
    self.trueNegatives = trueNegatives
    self.falsePositives = falsePositives
    self.falseNegatives = falseNegatives
    self.truePositives = truePositives
  }

  package var total: Int { trueNegatives + falsePositives + falseNegatives + truePositives }
  package var refused: Int { falsePositives + truePositives }
  package var refusalRate: Double { total == 0 ? 0 : Double(refused) / Double(total) }
  /// Share of defaulters refused (recall, sensitivity).
  package var recall: Double {
    let p = truePositives + falseNegatives
    return p == 0 ? 0 : Double(truePositives) / Double(p)
  }
  /// Share of refused clients who are defaulters.
  package var precision: Double { refused == 0 ? 0 : Double(truePositives) / Double(refused) }
  /// Share of good clients granted.
  package var specificity: Double {
    let n = trueNegatives + falsePositives
    return n == 0 ? 0 : Double(trueNegatives) / Double(n)
  }
  package var balancedAccuracy: Double { (recall + specificity) / 2 }
  package var f1: Double {
    let d = precision + recall
    return d == 0 ? 0 : 2 * precision * recall / d
  }
  /// Business cost `fn·FN + fp·FP`.
  package func cost(fn: Double, fp: Double) -> Double {
    fn * Double(falseNegatives) + fp * Double(falsePositives)
  }
}

/// The confusion matrix of the decision "refuse when score >= threshold".
package func confusionMatrix(scores: [Double], labels: [Bool], threshold: Double) -> ConfusionMatrix {
  precondition(scores.count == labels.count)
  var m = ConfusionMatrix(trueNegatives: 0, falsePositives: 0, falseNegatives: 0, truePositives: 0)
  for i in scores.indices {
    let refused = scores[i] >= threshold
    switch (labels[i], refused) {
    case (true, true): m.truePositives += 1
    case (true, false): m.falseNegatives += 1
    case (false, true): m.falsePositives += 1
    case (false, false): m.trueNegatives += 1
    }
  }
  return m
}

/// Gini coefficient as used in credit scoring: 2·AUC − 1.
package func giniCoefficient(scores: [Double], labels: [Bool]) -> Double? {
  rocAUC(scores: scores, labels: labels).map { 2 * $0 - 1 }
}

/// Row order by descending score: the order in which a lender would refuse clients. NaN
/// scores go last, so the order is a strict weak order (a defined sort) even on them.
func descendingOrder(_ scores: [Double]) -> [Int] {
  scores.indices.sorted { a, b in
    let x = scores[a], y = scores[b]
    if x.isNaN || y.isNaN { return y.isNaN && (!x.isNaN || a < b) }
    return x > y || (x == y && a < b)
  }
}

/// One point of the ROC or precision-recall curve: the decision "refuse when score >= threshold".
package struct CurvePoint: Sendable, Equatable {
  package var threshold: Double
  package var falsePositiveRate: Double
  package var truePositiveRate: Double
  package var precision: Double
}

/// ROC / PR curve points, one per distinct score (ties form one step), starting at
/// "refuse nobody" (threshold +inf). Empty when a class is absent or a score is NaN (the curve
/// is undefined; the tie walk below never ended on NaN, since NaN != NaN).
package func curvePoints(scores: [Double], labels: [Bool]) -> [CurvePoint] {
  precondition(scores.count == labels.count)
  guard !scores.contains(where: \.isNaN) else { return [] }
  let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
  let negatives = labels.count - positives
  guard positives > 0, negatives > 0 else { return [] }
  let order = descendingOrder(scores)
  var points = [CurvePoint(threshold: .infinity, falsePositiveRate: 0, truePositiveRate: 0, precision: 1)]
  var tp = 0, fp = 0, i = 0
  while i < order.count {
    let s = scores[order[i]]
    while i < order.count && scores[order[i]] == s {
      if labels[order[i]] { tp += 1 } else { fp += 1 }
      i += 1
    }
    points.append(
      CurvePoint(
        threshold: s,
        falsePositiveRate: Double(fp) / Double(negatives),
        truePositiveRate: Double(tp) / Double(positives),
        precision: Double(tp) / Double(tp + fp)))
  }
  return points
}

/// Kolmogorov-Smirnov statistic: the largest gap between the score distributions of defaulters
/// and good clients, max over thresholds of TPR − FPR. Ties are one step.
package func ksStatistic(scores: [Double], labels: [Bool]) -> Double? {
  let points = curvePoints(scores: scores, labels: labels)
  guard !points.isEmpty else { return nil }
  return points.map { abs($0.truePositiveRate - $0.falsePositiveRate) }.max()
}

/// Average precision (area under the precision-recall curve, step-wise, as scikit-learn's
/// average_precision_score): Σ (R_k − R_{k−1}) · P_k over distinct thresholds.
package func averagePrecision(scores: [Double], labels: [Bool]) -> Double? {
  let points = curvePoints(scores: scores, labels: labels)
  guard points.count > 1 else { return nil }
  var ap = 0.0
  for k in 1..<points.count {
    ap += (points[k].truePositiveRate - points[k - 1].truePositiveRate) * points[k].precision
  }
  return ap
}

/// Mean binary log-loss; probabilities clipped to [1e-15, 1 − 1e-15].
package func logLoss(probabilities: [Double], labels: [Bool]) -> Double {
  precondition(probabilities.count == labels.count)
  guard !labels.isEmpty else { return .nan }
  var total = 0.0
  for i in labels.indices {
    let p = min(max(probabilities[i], 1e-15), 1 - 1e-15)
    total -= labels[i] ? log(p) : log(1 - p)
  }
  return total / Double(labels.count)
}

/// Brier score: mean squared error of the probability against the 0/1 outcome.
package func brierScore(probabilities: [Double], labels: [Bool]) -> Double {
  precondition(probabilities.count == labels.count)
  guard !labels.isEmpty else { return .nan }
  var total = 0.0
  for i in labels.indices {
    let d = probabilities[i] - (labels[i] ? 1 : 0)
    total += d * d
  }
  return total / Double(labels.count)
}

/// All the figures `evaluate` prints, on probabilities of default.
package struct BinaryEvaluation: Sendable {
  package var rows: Int
  package var defaults: Int
  package var auc: Double?
  package var gini: Double?
  package var ks: Double?
  package var averagePrecision: Double?
  package var logLoss: Double
  package var brier: Double
  package var threshold: Double
  package var confusion: ConfusionMatrix

  package init(probabilities: [Double], labels: [Bool], threshold: Double) {
    rows = labels.count
    defaults = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    auc = rocAUC(scores: probabilities, labels: labels)
    gini = auc.map { 2 * $0 - 1 }
    ks = ksStatistic(scores: probabilities, labels: labels)
    averagePrecision = PSDModels.averagePrecision(scores: probabilities, labels: labels)
    logLoss = PSDModels.logLoss(probabilities: probabilities, labels: labels)
    brier = brierScore(probabilities: probabilities, labels: labels)
    self.threshold = threshold
    confusion = confusionMatrix(scores: probabilities, labels: labels, threshold: threshold)
  }
}

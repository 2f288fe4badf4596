import Foundation
import PSDCore
import PSDData

/// Every row's contributions to the raw score (log-odds), row-major, and the base value they
/// start from: base + Σ contributions = raw score, for each row.
package struct ContributionMatrix: Sendable {
  package var features: [FeatureSpec]
  package var rowCount: Int
  package var base: Double
  /// `values[row * features.count + f]`.
  package var values: [Double]

  package func row(_ r: Int) -> ArraySlice<Double> {
    values[(r * features.count)..<((r + 1) * features.count)]
  }

  /// Each row's raw score: the base value plus the row's contributions, added in feature order.
  package func rawScores() -> [Double] {
    let width = features.count
    var raw = [Double](repeating: base, count: rowCount)
    values.withUnsafeBufferPointer { values in
      for r in 0..<rowCount {
        for f in 0..<width { raw[r] += values[r * width + f] }
      }
    }
    return raw
  }

  /// The values feature by feature (`columns()[f][row]`), read 256 rows at a time so the
  /// row-major reads stay in cache.
  package func columns() -> [[Double]] {
    let width = features.count
    var columns = [[Double]](repeating: [Double](repeating: 0, count: rowCount), count: width)
    values.withUnsafeBufferPointer { values in
      for start in stride(from: 0, to: rowCount, by: 256) {
        for f in 0..<width {
          columns[f].withUnsafeMutableBufferPointer { column in
            for r in start..<min(rowCount, start + 256) { column[r] = values[r * width + f] }
          }
        }
      }
    }
    return columns
  }
}

extension CreditModel {
  /// TreeSHAP for boosted trees (path-dependent, exact), the exact linear split for logistic
  /// models (coefficient × standardised input, summed over a feature's terms; base = intercept).
  package func contributions(_ m: FeatureMatrix, control: TaskControl = .none) throws -> ContributionMatrix {
    switch estimator {
    case .gbdt(let boosted):
      let explainer = TreeExplainer(
        trees: boosted.trees, baseScore: boosted.baseScore,
        featureCount: features.count)
      let values = try explainer.contributions(columns: m.columns, rowCount: m.rowCount, control: control)
      return ContributionMatrix(
        features: features, rowCount: m.rowCount, base: explainer.baseValue,
        values: values)
    case .logistic(let logistic):
      var values = [Double](repeating: 0, count: m.rowCount * features.count)
      for r in 0..<m.rowCount {
        if r % 4096 == 0 { try control.checkCancelled() }
        let c = logistic.contributions(m, row: r)
        for f in 0..<features.count { values[r * features.count + f] = c.perFeature[f] }
      }
      return ContributionMatrix(
        features: features, rowCount: m.rowCount, base: logistic.intercept,
        values: values)
    case .scorecard(let card):
      // β · WoE of the client's bin, per feature; base = the intercept.
      let bins = card.bins(m)
      var values = [Double](repeating: 0, count: m.rowCount * features.count)
      for r in 0..<m.rowCount {
        let c = card.contributions(bins, row: r)
        for f in 0..<features.count { values[r * features.count + f] = c.perFeature[f] }
      }
      return ContributionMatrix(features: features, rowCount: m.rowCount, base: card.intercept, values: values)
    }
  }

  /// The PD the model would report for a raw score (sigmoid, then calibration).
  package func probability(raw: Double) -> Double {
    let p = sigmoid(raw)
    return calibration?.apply(p) ?? p
  }

  /// Split gain and split count per feature (zeros for a logistic model).
  package func splitImportance() -> (gain: [Double], splits: [Int])? {
    guard case .gbdt(let boosted) = estimator else { return nil }
    return splitGain(trees: boosted.trees, featureCount: features.count)
  }
}

/// One feature's part in one client's decision.
package struct FeatureContribution: Sendable {
  package var feature: Int
  package var name: String
  /// The client's value as shown to a person ("0.083", "Working", "missing").
  package var valueText: String
  /// Contribution to the log-odds of default.
  package var logOdds: Double
  /// Approximate change in PD: the client's total PD change from the base (PD(raw) − PD(base))
  /// shared out in proportion to the log-odds contributions, so the parts add up to the total.
  package var probabilityChange: Double
  /// Numeric features: the client's mid-rank percentile among good clients (TARGET = 0) and
  /// among defaulters (TARGET = 1) of the frame. Categorical: the share of each group with the
  /// same level. nil when the frame has no target.
  package var amongGood: Double?
  package var amongBad: Double?
  package var isCategorical: Bool
}

/// One client's decision and why.
package struct ClientExplanation: Sendable {
  package var row: Int
  package var raw: Double
  package var pd: Double
  package var threshold: Double
  package var refused: Bool
  /// PD − threshold: how far the client is from the other decision (negative when granted).
  package var distance: Double
  package var base: Double
  package var basePD: Double
  /// Every feature, largest |log-odds| first.
  package var contributions: [FeatureContribution]

  package var decision: String { refused ? "refused" : "granted" }

  /// "refused mainly because of EXT_SOURCE_3 = 0.12 (+0.85 log-odds) and ..." — the features
  /// that pushed towards the decision taken, largest first.
  package func reason(top: Int = 3) -> String {
    let pushing = contributions.filter { refused ? $0.logOdds > 0 : $0.logOdds < 0 }.prefix(top)
    if pushing.isEmpty {
      return "\(decision): the average client's PD (\(percent(basePD))) is already "
        + (refused ? "above" : "below") + " the threshold and no feature moved it the other way"
    }
    let parts = pushing.map { "\($0.name) = \($0.valueText) (\(signed($0.logOdds)))" }
    let list =
      parts.count == 1
      ? parts[0]
      : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    return refused ? "refused mainly because of \(list)" : "granted mainly thanks to \(list)"
  }
}

func signed(_ x: Double) -> String {
  (x >= 0 ? "+" : "−") + String(format: "%.3f", abs(x))
}

func percent(_ p: Double) -> String { Format.percent(p, digits: 1) }

/// The value of feature `f` at `row` as text (as explanations and scored reasons show it).
package func featureText(_ m: FeatureMatrix, _ f: Int, _ row: Int) -> String {
  let v = m.columns[f][row]
  if v.isNaN { return "missing" }
  if let levels = m.features[f].levels {
    let code = Int(v)
    return code >= 0 && code < levels.count ? levels[code] : "missing"
  }
  if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
  // Amounts keep their digits (53896.5, not 5.39e+04); ratios and scores keep four significant ones.
  return abs(v) >= 1 && abs(v) < 1e9 ? String(format: "%.6g", v) : String(format: "%.4g", v)
}

/// Mid-rank percentile of `value` in `sorted` (0–100): (below + equal/2) / n.
package func midRankPercentile(_ sorted: [Double], _ value: Double) -> Double? {
  guard !sorted.isEmpty, !value.isNaN else { return nil }
  var lo = 0, hi = sorted.count
  while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < value { lo = mid + 1 } else { hi = mid } }
  let below = lo
  hi = sorted.count
  while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] <= value { lo = mid + 1 } else { hi = mid } }
  let equal = lo - below
  return 100 * (Double(below) + Double(equal) / 2) / Double(sorted.count)
}

/// Explains one row of `m`, given its contributions. `labels` (the frame's target, if any) give
/// the good/bad percentiles, computed for the first `percentilesFor` features in order.
package func explainClient(
  model: CreditModel, matrix m: FeatureMatrix, row: Int,
  contributions: ArraySlice<Double>, base: Double, labels: [Bool]?,
  percentilesFor: Int = 10
) -> ClientExplanation {
  let phi = Array(contributions)
  let raw = base + phi.reduce(0, +)
  let pd = model.probability(raw: raw)
  let basePD = model.probability(raw: base)
  let total = phi.reduce(0, +)
  let order = phi.indices.sorted { abs(phi[$0]) != abs(phi[$1]) ? abs(phi[$0]) > abs(phi[$1]) : $0 < $1 }
  let reference = labels.map { ClassReference(matrix: m, labels: $0, only: Array(order.prefix(percentilesFor))) }
  var items: [FeatureContribution] = []
  for (rank, f) in order.enumerated() {
    // Share the PD change in proportion to log-odds; near-zero totals fall back to the slope.
    let change = abs(total) > 1e-12 ? (pd - basePD) * phi[f] / total : pd * (1 - pd) * phi[f]
    let categorical = m.features[f].isCategorical
    let (good, bad) =
      rank < percentilesFor
      ? reference?.percentiles(feature: f, value: m.columns[f][row]) ?? (nil, nil)
      : (nil, nil)
    items.append(
      FeatureContribution(
        feature: f, name: m.features[f].name, valueText: featureText(m, f, row),
        logOdds: phi[f], probabilityChange: change, amongGood: good,
        amongBad: bad, isCategorical: categorical))
  }
  return ClientExplanation(
    row: row, raw: raw, pd: pd, threshold: model.threshold,
    refused: model.isRefused(pd: pd), distance: pd - model.threshold,
    base: base, basePD: basePD, contributions: items)
}

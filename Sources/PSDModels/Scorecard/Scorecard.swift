import Foundation
import PSDCore
import PSDData

/// How log-odds become points: `pdo` points double the odds of being good, and a client at odds
/// `odds` (good:bad) scores `score`. factor = pdo / ln 2, offset = score − factor · ln(odds);
/// score = offset + factor · ln(good:bad odds) = offset − factor · (log-odds of default).
package struct ScorecardScaling: Sendable, Equatable {
  package var pdo: Double
  package var score: Double
  package var odds: Double

  package init(pdo: Double = 20, score: Double = 600, odds: Double = 50) {
    self.pdo = pdo
    self.score = score
    self.odds = odds
  }

  package var factor: Double { pdo / log(2) }
  package var offset: Double { score - factor * log(odds) }

  func validated() throws -> ScorecardScaling {
    if !(pdo > 0) {
      throw PSDError.usage("option 'pdo' must be greater than 0 (points to double the odds)", subject: "pdo")
    }
    if !(odds > 0) {
      throw PSDError.usage("option 'odds' must be greater than 0 (good:bad odds at the base score)", subject: "odds")
    }
    if !score.isFinite { throw PSDError.usage("option 'score' must be a number", subject: "score") }
    return self
  }
}

/// A points scorecard: each feature's bins (with their WoE), a logistic regression on the WoE
/// values, and the scaling to points. Log-odds of default = intercept + Σ β_f · WoE_f(bin);
/// with psd's good-positive WoE the fitted β are negative. Points of bin b of feature f:
/// −(β_f · WoE_fb + intercept / n) · factor + offset / n, so a client's points add up to
/// offset − factor · log-odds (the base points are spread evenly over the n features).
package struct Scorecard: Sendable, Equatable {
  /// One per model feature, in the model's feature order.
  package var binnings: [FeatureBinning]
  package var coefficients: [Double]
  package var intercept: Double
  package var scaling: ScorecardScaling

  package init(binnings: [FeatureBinning], coefficients: [Double], intercept: Double, scaling: ScorecardScaling) {
    precondition(binnings.count == coefficients.count)
    self.binnings = binnings
    self.coefficients = coefficients
    self.intercept = intercept
    self.scaling = scaling
  }

  /// Points of bin `b` of feature `f`, unrounded (round only for display).
  package func points(feature f: Int, bin b: Int) -> Double {
    let n = Double(max(1, binnings.count))
    return -(coefficients[f] * binnings[f].bins[b].woe + intercept / n) * scaling.factor + scaling.offset / n
  }

  /// The total score for a log-odds of default.
  package func score(raw: Double) -> Double { scaling.offset - scaling.factor * raw }

  /// Each row's bin of each feature: `bins[f][row]`.
  package func bins(_ m: FeatureMatrix) -> [[Int]] {
    binnings.enumerated().map { f, binning in
      let column = m.columns[f]
      if let levels = m.features[f].levels {
        let map = binning.bins(forLevels: levels)
        return column.map { $0.isNaN || Int($0) < 0 || Int($0) >= map.count ? binning.missingBin : map[Int($0)] }
      }
      return column.map { binning.bin(number: $0) }
    }
  }

  /// One row's log-odds split into the intercept and one term per feature (β · WoE).
  package func contributions(_ bins: [[Int]], row: Int) -> (base: Double, perFeature: [Double]) {
    (intercept, binnings.indices.map { f in coefficients[f] * binnings[f].bins[bins[f][row]].woe })
  }

  package func rawScores(_ m: FeatureMatrix) -> [Double] {
    let bins = self.bins(m)
    return (0..<m.rowCount).map { row in
      let c = contributions(bins, row: row)
      return c.perFeature.reduce(c.base, +)
    }
  }

  /// Each row's total points.
  package func scores(_ m: FeatureMatrix) -> [Double] { rawScores(m).map(score(raw:)) }

  /// For one client: each feature's bin, its points, the best points the feature gives, and the
  /// points lost against that best bin, largest loss first (the reason codes of a scorecard).
  package func pointsBreakdown(_ m: FeatureMatrix, row: Int) -> [(
    feature: Int, bin: Int, points: Double, best: Double, lost: Double
  )] {
    let bins = self.bins(m.gather([row]))
    return binnings.indices.map { f -> (feature: Int, bin: Int, points: Double, best: Double, lost: Double) in
      let b = bins[f][0]
      let best = binnings[f].bins.indices.map { points(feature: f, bin: $0) }.max()!
      let p = points(feature: f, bin: b)
      return (f, b, p, best, best - p)
    }.sorted { $0.lost != $1.lost ? $0.lost > $1.lost : $0.feature < $1.feature }
  }
}

/// How a scorecard picks its characteristics.
package struct ScorecardOptions: Sendable, Equatable {
  package var scaling = ScorecardScaling()
  /// Features below this IV are left out.
  package var minIV = 0.02
  /// Of two features whose WoE values correlate above this (|Pearson|), the lower-IV one is left out.
  package var maxCorrelation = 0.7
  /// How characteristics are chosen among those that passed the filters.
  package enum Selection: String, Sendable, CaseIterable {
    /// Forward stepwise: add the feature that lowers the criterion most, while one does.
    case bic, aic
    /// Keep every feature that passed the filters.
    case none
  }
  package var selection: Selection = .bic
  /// At most this many features (0: no limit).
  package var maxFeatures = 0
  package var logistic: LogisticOptions = {
    var o = LogisticOptions()
    o.tolerance = 1e-8
    return o
  }()
  package init() {}
}

/// Why each binned feature was kept or left out, in the order they were considered.
package struct ScorecardSelection: Sendable {
  package struct Step: Sendable {
    package var feature: String
    package var iv: Double
    /// "kept", "IV below 0.02", "correlated 0.83 with EXT_SOURCE_3", "no BIC gain", "wrong sign".
    package var outcome: String
    package var kept: Bool
  }
  package var steps: [Step]
}

extension CreditModel {
  /// Trains a points scorecard on `frame` with the bins of `binning` (fitted on this or another
  /// frame with the same columns): IV floor, correlation filter, forward stepwise on BIC (or AIC), then any
  /// feature whose coefficient has the wrong sign (a safer bin that would score fewer points) is
  /// dropped and the model refitted.
  package static func trainScorecard(
    on frame: DataFrame, target: String, binning: Binning,
    options: ScorecardOptions = ScorecardOptions(), frameName: String? = nil,
    control: TaskControl = .none
  ) throws -> (model: CreditModel, selection: ScorecardSelection) {
    let scaling = try options.scaling.validated()
    let labels = try FeatureMatrix.targetLabels(frame, target: target, frameName: frameName)
    var steps: [ScorecardSelection.Step] = []
    // WoE columns of every binned feature, strongest first.
    var candidates: [(binning: FeatureBinning, woe: [Double])] = []
    for f in binning.ranked {
      if f.feature == target { continue }
      let column = try frame.column(f.feature, frameName: frameName)
      let iv = f.iv
      if iv < options.minIV {
        steps.append(.init(feature: f.feature, iv: iv, outcome: "IV below \(shortNumber(options.minIV))", kept: false))
        continue
      }
      let woe = try f.bins(of: column).map { f.bins[$0].woe }
      // NaN (a constant column) never exceeds the bar.
      if let (other, r) = candidates.lazy.map({ ($0.binning.feature, pearson(woe, $0.woe)) })
        .first(where: { abs($0.1) > options.maxCorrelation })
      {
        steps.append(
          .init(feature: f.feature, iv: iv, outcome: "WoE correlated \(shortNumber(r)) with \(other)", kept: false))
        continue
      }
      candidates.append((f, woe))
      steps.append(.init(feature: f.feature, iv: iv, outcome: "kept", kept: true))
    }
    if candidates.isEmpty {
      throw PSDError.data(
        "no feature has an IV of at least \(shortNumber(options.minIV)); nothing to build a scorecard on",
        notes: ["lower the floor with iv_min=, or bin more features"])
    }

    // BIC's ln(n) per parameter keeps a card short; AIC's 2 admits more characteristics.
    let penalty = options.selection == .aic ? 2 : log(Double(labels.count))
    func fit(_ chosen: [Int]) throws -> (LogisticModel, criterion: Double) {
      let specs = chosen.map { FeatureSpec(name: candidates[$0].binning.feature) }
      let x = FeatureMatrix(features: specs, columns: chosen.map { candidates[$0].woe }, rowCount: labels.count)
      let model = try LogisticTrainer.train(x, labels: labels, options: options.logistic, control: control)
      var logLikelihood = 0.0
      for (row, raw) in model.rawScores(x).enumerated() {
        let p = min(max(sigmoid(raw), 1e-15), 1 - 1e-15)
        logLikelihood += labels[row] ? log(p) : log(1 - p)
      }
      return (model, penalty * Double(chosen.count + 1) - 2 * logLikelihood)
    }

    var chosen: [Int]
    let limit = options.maxFeatures > 0 ? options.maxFeatures : candidates.count
    if options.selection != .none {
      chosen = []
      var current = try fit([]).criterion
      var remaining = Array(candidates.indices)
      while chosen.count < limit, !remaining.isEmpty {
        var best = current, bestIndex: Int? = nil
        for (k, i) in remaining.enumerated() {
          try control.checkCancelled()
          control.report(
            "scorecard stepwise", done: Double(chosen.count), total: Double(limit),
            detail: candidates[i].binning.feature)
          let value = try fit(chosen + [i]).criterion
          if value < best - 1e-9 { best = value; bestIndex = k }
        }
        guard let k = bestIndex else { break }
        chosen.append(remaining.remove(at: k))
        current = best
      }
      let name = options.selection.rawValue.uppercased()
      for i in remaining {
        mark(&steps, candidates[i].binning.feature, chosen.count == limit ? "over max_features" : "no \(name) gain")
      }
    } else {
      chosen = Array(candidates.indices.prefix(limit))
      for i in candidates.indices.dropFirst(limit) { mark(&steps, candidates[i].binning.feature, "over max_features") }
    }
    // A positive β on good-positive WoE would give fewer points to a safer bin: drop the worst
    // such feature and refit until every sign is right.
    var model = try fit(chosen).0
    while true {
      let betas = unstandardised(model)
      guard
        let worst = betas.coefficients.indices.filter({ betas.coefficients[$0] > 0 })
          .max(by: { betas.coefficients[$0] < betas.coefficients[$1] })
      else { break }
      mark(&steps, candidates[chosen[worst]].binning.feature, "wrong sign")
      chosen.remove(at: worst)
      if chosen.isEmpty { break }
      model = try fit(chosen).0
    }
    if chosen.isEmpty {
      throw PSDError.data("no feature kept a coefficient of the right sign; the scorecard would be empty")
    }
    let betas = unstandardised(model)
    let card = Scorecard(
      binnings: chosen.map { candidates[$0].binning }, coefficients: betas.coefficients,
      intercept: betas.intercept, scaling: scaling)
    // Categorical features read their codes against the training frame's levels.
    let specs = try card.binnings.map { b -> FeatureSpec in
      let column = try frame.column(b.feature, frameName: frameName)
      if case .category(_, let levels) = column.data { return FeatureSpec(name: b.feature, levels: levels) }
      if b.isCategorical {
        throw PSDError.data(
          "column '\(b.feature)' is \(column.type.rawValue), but it was binned as a category", subject: b.feature)
      }
      return FeatureSpec(name: b.feature)
    }
    var summary: [String: String] = [:]
    summary["rows"] = String(frame.rowCount)
    summary["features"] = String(chosen.count)
    summary["pdo"] = shortNumber(scaling.pdo)
    summary["score"] = shortNumber(scaling.score)
    summary["odds"] = shortNumber(scaling.odds)
    summary["selection"] = options.selection == .none ? "none" : "stepwise " + options.selection.rawValue.uppercased()
    summary["converged"] = model.converged ? "yes" : "no"
    summary["iterations"] = String(model.iterations)
    let credit = CreditModel(estimator: .scorecard(card), target: target, features: specs, summary: summary)
    return (credit, ScorecardSelection(steps: steps))
  }

  private static func mark(_ steps: inout [ScorecardSelection.Step], _ feature: String, _ outcome: String) {
    if let i = steps.firstIndex(where: { $0.feature == feature }) {
      steps[i].outcome = outcome
      steps[i].kept = false
    }
  }

  /// The trainer works on standardised inputs; the scorecard needs β per unit of WoE.
  private static func unstandardised(_ model: LogisticModel) -> (intercept: Double, coefficients: [Double]) {
    var coefficients = [Double](repeating: 0, count: model.featureCount)
    var intercept = model.intercept
    for (t, term) in model.terms.enumerated() where term.kind == .value {
      coefficients[term.feature] = model.coefficients[t] / term.scale
      intercept -= model.coefficients[t] * term.mean / term.scale
    }
    return (intercept, coefficients)
  }
}

/// Short numbers in messages and summaries ("0.02", "600", "0.83").
private func shortNumber(_ v: Double) -> String {
  if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
  return String(format: "%.3g", v)
}

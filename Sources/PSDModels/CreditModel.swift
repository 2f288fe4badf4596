import Foundation
import PSDCore
import PSDData

/// One model input: a numeric column (`levels == nil`) or a categorical column whose levels are
/// listed in code order (code i means `levels[i]`).
package struct FeatureSpec: Sendable, Codable, Equatable {
  package var name: String
  package var levels: [String]?

  package init(name: String, levels: [String]? = nil) {
    self.name = name
    self.levels = levels
  }

  package var isCategorical: Bool { levels != nil }
}

/// Model inputs, column-major: `columns[f][row]`. NaN marks a missing value; categorical
/// features hold their codes (in the order of `features[f].levels`) as doubles.
package struct FeatureMatrix: Sendable {
  package var features: [FeatureSpec]
  package var columns: [[Double]]
  package var rowCount: Int

  package init(features: [FeatureSpec], columns: [[Double]], rowCount: Int) {
    precondition(features.count == columns.count)
    self.features = features
    self.columns = columns
    self.rowCount = rowCount
  }

  /// A subset of rows, in the given order.
  package func gather(_ rows: [Int]) -> FeatureMatrix {
    FeatureMatrix(features: features, columns: columns.map { c in rows.map { c[$0] } }, rowCount: rows.count)
  }
}

/// A trained probability-of-default model: the estimator, the features it reads (by name), and
/// the decision settings kept with it (threshold, calibration).
package struct CreditModel: Sendable {
  package enum Estimator: Sendable {
    case gbdt(BoostedTrees)
    case logistic(LogisticModel)
    case scorecard(Scorecard)
  }

  package var estimator: Estimator
  /// The 0/1 column the model predicts (1 = default).
  package var target: String
  package var features: [FeatureSpec]
  /// Decision threshold on the reported PD: a client is refused when PD >= threshold.
  /// 0.5 until `threshold` sets one.
  package var threshold: Double
  /// Set by `calibrate`; applied after the sigmoid.
  package var calibration: ProbabilityCalibration?
  /// What the model was trained with, for display ("gbdt: 412 trees, 31 leaves, rate 0.05").
  package var summary: [String: String]
  /// How the features are built from raw tables (set by `train` when the frame's lineage is
  /// known; nil for models loaded from files written before the recipe existed).
  package var recipe: FeatureRecipe?
  /// The training frame's lineage, in the session only (not saved): `evaluate` warns on it.
  package var trainingRows: FrameLineage?

  package init(
    estimator: Estimator, target: String, features: [FeatureSpec], threshold: Double = 0.5,
    calibration: ProbabilityCalibration? = nil, summary: [String: String] = [:]
  ) {
    self.estimator = estimator
    self.target = target
    self.features = features
    self.threshold = threshold
    self.calibration = calibration
    self.summary = summary
  }

  package var kindName: String {
    switch estimator {
    case .gbdt: return "gbdt"
    case .logistic: return "logistic"
    case .scorecard: return "scorecard"
    }
  }

  /// The frame's columns in the model's feature order. A missing column is an error naming it
  /// (with a did-you-mean note). A category level the model never saw in training is read as
  /// missing, so it follows the missing-value path of each tree (or the logistic model's
  /// missing indicator); the frame's own level order does not matter, levels match by text.
  package func featureMatrix(_ frame: DataFrame) throws -> FeatureMatrix {
    try FeatureMatrix.aligned(frame, to: features)
  }

  /// Log-odds of default for each row.
  package func rawScores(_ m: FeatureMatrix) -> [Double] {
    switch estimator {
    case .gbdt(let b): return b.rawScores(m)
    case .logistic(let l): return l.rawScores(m)
    case .scorecard(let s): return s.rawScores(m)
    }
  }

  /// Probability of default: sigmoid(raw score), then the calibration if one is set.
  package func probabilities(_ m: FeatureMatrix) -> [Double] {
    rawScores(m).map { raw in
      let p = sigmoid(raw)
      return calibration?.apply(p) ?? p
    }
  }

  /// Probabilities for a frame (aligns its columns first).
  package func probabilities(_ frame: DataFrame) throws -> [Double] {
    let pd = probabilities(try featureMatrix(frame))
    try CreditModel.checkProbabilities(pd, rows: "rows")
    return pd
  }

  /// A NaN PD comes only from a model whose parameters are not finite: an error here, where
  /// every command gets its PDs, instead of metrics and decisions on NaN.
  package static func checkProbabilities(_ pd: [Double], rows: String) throws {
    let bad = pd.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    guard bad > 0 else { return }
    throw PSDError(
      .model,
      "the model gives no probability of default (NaN) for \(bad) of \(pd.count) \(rows): its parameters are not finite, or those rows hold infinite values",
      notes: ["retrain it with finite options, and features without huge (±1e308) or infinite values"])
  }

  /// The decision for one PD: refused when PD >= threshold, granted otherwise.
  package func isRefused(pd: Double) -> Bool { pd >= threshold }
}

@inline(__always)
package func sigmoid(_ x: Double) -> Double {
  x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
}

extension FeatureMatrix {
  /// Reads the given features from a frame, matching columns by name and categories by label.
  /// `positions[f]`: where feature f usually is (a recipe's output frame, whose column order is
  /// known in advance); a column found there under the feature's name is read without a lookup.
  package static func aligned(
    _ frame: DataFrame, to features: [FeatureSpec],
    positions: [Int]? = nil
  ) throws -> FeatureMatrix {
    var columns: [[Double]] = []
    columns.reserveCapacity(features.count)
    // Several absent columns (a model from elsewhere): name them all at once.
    let found: [Column?] = features.indices.map { f in
      if let p = positions?[f], p >= 0, p < frame.columnCount, frame.columns[p].name == features[f].name {
        return frame.columns[p]
      }
      return frame[features[f].name]
    }
    let absent = zip(features, found).filter { $0.1 == nil }.map(\.0.name)
    if absent.count > 1 {
      throw PSDError.data(
        "the model needs \(absent.count) columns the frame does not have: "
          + absent.prefix(20).joined(separator: ", ") + (absent.count > 20 ? ", ..." : ""),
        subject: absent[0])
    }
    for (spec, column) in zip(features, found) {
      guard let column else {
        var e = PSDError.unknown("column", spec.name, candidates: frame.columnNames)
        e.message = "the model needs column '\(spec.name)', which the frame does not have"
        throw e
      }
      columns.append(try values(of: column, as: spec))
    }
    return FeatureMatrix(features: features, columns: columns, rowCount: frame.rowCount)
  }

  package static func values(of column: Column, as spec: FeatureSpec) throws -> [Double] {
    if let levels = spec.levels {
      guard case .category(let codes, let frameLevels) = column.data else {
        throw PSDError.data(
          "column '\(spec.name)' is \(column.type.rawValue), but the model was trained on it as a category",
          subject: spec.name)
      }
      // Map the frame's codes to the model's codes by label; unseen labels become missing.
      var index: [String: Int] = [:]
      for (i, l) in levels.enumerated() { index[l] = i }
      let map = frameLevels.map { index[$0].map(Double.init) ?? .nan }
      return codes.map { $0 < 0 ? .nan : map[Int($0)] }
    }
    guard let numbers = column.doubles() else {
      throw PSDError.data(
        "column '\(spec.name)' is a category, but the model was trained on it as a number",
        subject: spec.name)
    }
    return numbers
  }

  /// Training inputs: every column of the frame except the target and the excluded ones.
  /// Category columns become categorical features with the frame's levels.
  package static func training(
    _ frame: DataFrame, target: String, exclude: [String] = [],
    frameName: String? = nil
  ) throws -> (FeatureMatrix, labels: [Bool]) {
    let labels = try targetLabels(frame, target: target, frameName: frameName)
    for name in exclude { _ = try frame.column(name, frameName: frameName) }
    let skip = Set(exclude + [target])
    var specs: [FeatureSpec] = []
    var columns: [[Double]] = []
    for column in frame.columns where !skip.contains(column.name) {
      switch column.data {
      case .category(let codes, let levels):
        specs.append(FeatureSpec(name: column.name, levels: levels))
        columns.append(codes.map { $0 < 0 ? .nan : Double($0) })
      default:
        specs.append(FeatureSpec(name: column.name))
        columns.append(column.doubles()!)
      }
    }
    if specs.isEmpty {
      throw PSDError.data("no feature columns left to train on (all columns are the target or excluded)")
    }
    return (FeatureMatrix(features: specs, columns: columns, rowCount: frame.rowCount), labels)
  }

  /// The target as booleans (true = default). It must be a 0/1 column without missing values.
  package static func targetLabels(_ frame: DataFrame, target: String, frameName: String? = nil) throws -> [Bool] {
    let column = try frame.column(target, frameName: frameName)
    guard let values = column.doubles() else {
      throw PSDError.data("target '\(target)' is a category; it must be a 0/1 column", subject: target)
    }
    var labels = [Bool](repeating: false, count: values.count)
    var missing = 0
    for (i, v) in values.enumerated() {
      if v.isNaN { missing += 1; continue }
      guard v == 0 || v == 1 else {
        throw PSDError.data(
          "target '\(target)' has the value \(v) at row \(i + 1); it must be 0 or 1",
          subject: target)
      }
      labels[i] = v == 1
    }
    if missing > 0 {
      throw PSDError.data(
        "target '\(target)' is missing in \(missing) rows",
        notes: ["remove them first: filter X where \(target) is not missing"], subject: target)
    }
    let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    if positives == 0 || positives == labels.count {
      throw PSDError.data(
        "target '\(target)' has only one class (\(positives == 0 ? 0 : 1)); a model needs both",
        subject: target)
    }
    return labels
  }
}

extension CreditModel {
  /// One line describing the model: "gbdt model: 412 trees on 120 features, target TARGET, threshold 0.5".
  package var headline: String {
    var parts: [String] = []
    switch estimator {
    case .gbdt(let b): parts.append("\(b.trees.count) trees")
    case .logistic(let l): parts.append("\(l.terms.count) terms")
    case .scorecard(let s): parts.append("\(s.binnings.reduce(0) { $0 + $1.bins.count }) bins")
    }
    parts[0] += " on \(features.count) features"
    parts.append("target \(target)")
    parts.append("threshold \(threshold)")
    if let calibration {
      switch calibration {
      case .platt: parts.append("Platt-calibrated")
      case .isotonic: parts.append("isotonic-calibrated")
      }
    }
    return "\(kindName) model: " + parts.joined(separator: ", ")
  }
}

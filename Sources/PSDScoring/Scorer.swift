// PSDScoring: a model scores raw applications. No terminal, no HTTP: `score m with ...`,
// `whatif` and the API all call this one code path, for one application or a batch.
//
// Public API
//
//   let scorer = Scorer(model: m)                    // any CreditModel (gbdt or logistic)
//   scorer.inputTables                               // [RecipeInput]: name, path, columns, isApplications
//   let tables = try scorer.readTables(["application": "new/application_test.csv", ...])
//   let batch = try scorer.score(tables, reasons: 4) // [String: DataFrame] → ScoredBatch
//   let batch = try scorer.score(["bureau": .file(path: p, displayName: p), ...]) // read one by one
//   let batch = try scorer.score(features: frame)    // a frame that already holds the features
//
//   ScoredBatch       applications: [ScoredApplication], notes: [String], features: DataFrame
//   ScoredApplication id, row, probabilityOfDefault, decision, threshold, margin, band,
//                     reasons: [Reason], warnings: [String]
//   Reason            feature, value, numericValue, contribution (log-odds), direction,
//                     percentileAmongGood, percentileAmongBad
//
// Build one Scorer per model and share it (it is Sendable and immutable): init prepares the
// scoring plan once — the compiled recipe (CompiledRecipe), the trees flattened for TreeSHAP,
// ranges and distributions by feature — so each call only does the work of its own rows; a
// few applications are explained on the calling thread. Concurrent calls are safe.
//
// Semantics: the recipe (stored in the model by `train`) rebuilds the features from the raw
// tables with every fitted state frozen, so an application's PD never depends on the rest of
// the batch; tables are matched by name, columns by name. The threshold and the decision rule
// are the model's (PD ≥ threshold → refused); no caller can pass a threshold. Reasons are the
// features pushing towards refusal (positive contribution), largest first, from the same
// TreeSHAP / linear contributions `explain` shows. Errors are PSDError with the message a user
// can act on (missing tables, missing columns named all at once, wrong types).

import Foundation
import PSDCore
import PSDData
import PSDModels

/// The decision for one application.
package enum Decision: String, Sendable, Codable {
  case granted, refused
}

/// A risk band defined relative to the model's threshold t: low (PD < t/2), moderate
/// (t/2 ≤ PD < t), high (t ≤ PD < 2t), very high (PD ≥ 2t). Granted bands are low and moderate.
package enum RiskBand: String, Sendable, Codable, CaseIterable {
  case low, moderate, high
  case veryHigh = "very high"

  package init(pd: Double, threshold: Double) {
    if pd < threshold / 2 {
      self = .low
    } else if pd < threshold {
      self = .moderate
    } else if pd < 2 * threshold {
      self = .high
    } else {
      self = .veryHigh
    }
  }
}

/// One feature's part in the decision.
package struct Reason: Sendable, Codable, Equatable {
  package enum Direction: String, Sendable, Codable {
    case towardsRefusal = "towards refusal"
    case towardsGrant = "towards grant"
  }
  package var feature: String
  /// The client's value as shown to a person ("0.083", "Working", "missing").
  package var value: String
  /// The value as a number (nil for a category or a missing value).
  package var numericValue: Double?
  /// Contribution to the log-odds of default.
  package var contribution: Double
  package var direction: Direction
  /// The client's standing among the training's good clients and defaulters (models with a
  /// recipe; nil otherwise): for a numeric feature the value's mid-rank percentile (0–100) in each
  /// class, nil when the value is missing; for a categorical feature the percentage of each class
  /// with the same level (missing counts as a level), nil for models saved before categorical
  /// distributions were kept.
  package var percentileAmongGood: Double?
  package var percentileAmongBad: Double?
}

/// One scored application.
package struct ScoredApplication: Sendable, Codable {
  /// The application's id (the recipe's id column, e.g. SK_ID_CURR), nil when there is none.
  package var id: String?
  /// Its row in the applications table.
  package var row: Int
  package var probabilityOfDefault: Double
  package var decision: Decision
  package var threshold: Double
  /// PD − threshold (negative when granted).
  package var margin: Double
  package var band: RiskBand
  /// Up to the requested number, the features pushing towards refusal, largest first.
  package var reasons: [Reason]
  /// What is unusual about this application: a value outside the training range, a level never
  /// seen in training, a row outside the training population. Scored all the same.
  package var warnings: [String]
}

/// The result of scoring a batch (or one application).
package struct ScoredBatch: Sendable {
  package var applications: [ScoredApplication]
  /// About the batch, not one application (an ignored table, side-table levels never seen).
  package var notes: [String]
  /// The feature frame the model read (one row per application).
  package var features: DataFrame
}

/// A model ready to score raw applications. Build it once per model and share it: everything
/// that depends only on the model (the flattened trees TreeSHAP walks, the compiled recipe, the
/// per-feature ranges and distributions) is prepared here, in an immutable plan, so a call does
/// only the work of its own rows. A `Scorer` is a value of immutable parts: any number of tasks
/// may score with one at the same time (each call keeps its scratch buffers to itself).
package struct Scorer: Sendable {
  package let model: CreditModel
  let plan: ScoringPlan

  package init(model: CreditModel) {
    self.model = model
    self.plan = ScoringPlan(model: model)
  }

  package var recipe: FeatureRecipe? { model.recipe }

  /// The tables `score(_:)` needs, by name (empty for a model without a recipe).
  package var inputTables: [RecipeInput] { model.recipe?.inputs ?? [] }

  /// The recipe, or an error saying plainly that this model has none.
  package func requireRecipe() throws -> FeatureRecipe {
    guard let recipe = model.recipe else {
      throw PSDError(
        .model, "this model carries no recipe: it cannot score raw tables",
        notes: [
          "a model from a file of model format 1, or trained on a frame not built from loaded files, scores feature frames only: score MODEL on FRAME",
          "retrain it from the study's script to get a recipe"
        ])
    }
    return recipe
  }

  /// Reads input tables from CSV files (name → path), as training read them.
  package func readTables(
    _ paths: [String: String], resolve: (String) -> String = { $0 },
    control: TaskControl = .none
  ) throws -> [String: DataFrame] {
    let recipe = try requireRecipe()
    var tables: [String: DataFrame] = [:]
    for (name, path) in paths where recipe.inputs.contains(where: { $0.name == name }) {
      tables[name] = try recipe.readInput(name, path: resolve(path), displayName: path, control: control)
    }
    return tables
  }

  /// Scores raw applications: `tables` maps each recipe input name to its rows (the
  /// applications table plus the side tables; a single application is a one-row table with its
  /// own side-table rows). Tables the recipe does not use are ignored with a note.
  package func score(
    _ tables: [String: DataFrame], reasons: Int = 4,
    control: TaskControl = .none
  ) throws -> ScoredBatch {
    _ = try requireRecipe()
    return try score(replayed: plan.recipe!.replay(tables, control: control), reasons: reasons, control: control)
  }

  /// Scores raw applications from tables of which some are CSV files (`score m with
  /// NAME="file.csv"`): each file is read when the recipe reaches it and released after its last
  /// step, so a batch never holds all the raw tables at once. Same scores as reading them first.
  package func score(
    _ tables: [String: RecipeTable], reasons: Int = 4,
    control: TaskControl = .none
  ) throws -> ScoredBatch {
    _ = try requireRecipe()
    return try score(replayed: plan.recipe!.replay(tables, control: control), reasons: reasons, control: control)
  }

  /// The features a replay built, scored with its warnings and notes.
  private func score(replayed replay: RecipeReplay, reasons: Int, control: TaskControl) throws -> ScoredBatch {
    try score(
      features: replay.frame, rowWarnings: replay.rowWarnings, notes: replay.notes,
      reasons: reasons, control: control)
  }

  /// Scores a frame that already holds the model's feature columns (by name).
  /// `rowWarnings` (one list per row) are added to each application's warnings.
  package func score(
    features frame: DataFrame, rowWarnings: [[String]]? = nil, notes: [String] = [],
    reasons: Int = 4, idColumn: String? = nil,
    control: TaskControl = .none
  ) throws -> ScoredBatch {
    let idName = idColumn ?? model.recipe?.idColumn
    let ids = idName.flatMap { frame[$0] }
    let width = model.features.count
    /// One scored application, its feature values read through `value(f)`; `unusual`: its values
    /// outside the training data (`unusualValues`).
    func application(
      _ row: Int, pd p: Double, phi: ArraySlice<Double>?, unusual: [String], value: (Int) -> Double
    ) -> ScoredApplication {
      let warnings = (rowWarnings?[row] ?? []) + unusual
      let adverse = phi.map { plan.adverseReasons($0, value: value, count: reasons) } ?? []
      return ScoredApplication(
        id: ids.map { $0.isMissing(row) ? "" : $0.text(row) }, row: row, probabilityOfDefault: p,
        decision: model.isRefused(pd: p) ? .refused : .granted, threshold: model.threshold,
        margin: p - model.threshold, band: RiskBand(pd: p, threshold: model.threshold),
        reasons: adverse, warnings: warnings)
    }
    if frame.rowCount == 1, let explainer = plan.explainer, explainer.predictsLikeTrees,
      let x = plan.singleRow(frame, features: model.features)
    {
      // One application (the API's call): its row read straight from the frame, not through a
      // matrix of 740 one-value columns; the PD from the prepared flat trees, the same additions
      // as model.probabilities.
      let raw = x.withUnsafeBufferPointer { explainer.rawScore(row: $0.baseAddress!) }
      let p = sigmoid(raw)
      let contributions = reasons > 0 ? explainer.contributions(row: x, parallel: false) : nil
      let one = application(
        0, pd: model.calibration?.apply(p) ?? p, phi: contributions?[...],
        unusual: unusualValues(x, frame: frame), value: { x[$0] })
      return ScoredBatch(applications: [one], notes: notes, features: frame)
    }
    let matrix = try FeatureMatrix.aligned(frame, to: model.features, positions: plan.featurePositions)
    let pd = model.probabilities(matrix)
    let contributions = reasons > 0 ? try plan.contributions(matrix, model: model, control: control) : nil
    let unusual = unusualValues(matrix, frame: frame)
    var out: [ScoredApplication] = []
    out.reserveCapacity(frame.rowCount)
    for row in 0..<frame.rowCount {
      if row % 4096 == 0 { try control.checkCancelled() }
      let phi = contributions.map { $0[(row * width)..<((row + 1) * width)] }
      out.append(
        application(row, pd: pd[row], phi: phi, unusual: unusual[row], value: { matrix.columns[$0][row] }))
    }
    return ScoredBatch(applications: out, notes: notes, features: frame)
  }

  /// Values outside the training range and category levels the model never saw, for the
  /// one application `x` (its features in the model's order).
  func unusualValues(_ x: [Double], frame: DataFrame) -> [String] {
    model.features.indices.compactMap { f in
      let categoryMissing = x[f].isNaN && model.features[f].levels != nil
      return unusualValue(f, x[f], row: 0, column: categoryMissing ? frame[model.features[f].name] : nil)
    }
  }

  /// `unusualValues` of every row of `matrix`, read feature by feature down its columns: the
  /// same warnings in the same order (a row's in feature order), without reading every column
  /// across for each row.
  func unusualValues(_ matrix: FeatureMatrix, frame: DataFrame) -> [[String]] {
    var out = [[String]](repeating: [], count: matrix.rowCount)
    for f in model.features.indices {
      let isCategory = model.features[f].levels != nil
      guard isCategory || plan.ranges[f] != nil else { continue }
      let column = isCategory ? frame[model.features[f].name] : nil
      // Only the rows a warning could concern go through `unusualValue`.
      let low = plan.ranges[f]?.min ?? -.infinity, high = plan.ranges[f]?.max ?? .infinity
      matrix.columns[f].withUnsafeBufferPointer { values in
        for (row, v) in values.enumerated() where isCategory ? v.isNaN : (v < low || v > high) {
          if let warning = unusualValue(f, v, row: row, column: column) { out[row].append(warning) }
        }
      }
    }
    return out
  }

  /// The warning for feature f's value `v` in row `row`, if it is unusual. `column`: the frame's
  /// column of a categorical feature (its text tells an unseen level from a missing value).
  private func unusualValue(_ f: Int, _ v: Double, row: Int, column: Column?) -> String? {
    let name = model.features[f].name
    if model.features[f].levels != nil {
      if v.isNaN, let label = column?.label(row) {
        return "\(name) = \"\(label)\" was never seen in training (read as missing)"
      }
    } else if let r = plan.ranges[f], !v.isNaN, v < r.min || v > r.max {
      return "\(name) = \(plain(v)) is outside the training range [\(plain(r.min)), \(plain(r.max))]"
    }
    return nil
  }

  /// Six significant digits: enough to see why a value is out of range, short enough to read.
  func plain(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.6g", x)
  }
}

/// What a `Scorer` prepares once from its model: nothing here depends on the rows scored, and
/// nothing changes after init (a `final class` of `let`s, shared by every call and thread).
final class ScoringPlan: Sendable {
  /// The recipe prepared for replaying (schemas indexed, encode levels prepared).
  let recipe: CompiledRecipe?
  /// The trees flattened for TreeSHAP (gbdt); building it per call cost more than explaining.
  let explainer: TreeExplainer?
  /// Per feature index: its column's position in the recipe's output frame (-1 when absent).
  let featurePositions: [Int]?
  /// Per feature index: the training range (numeric features of a recipe), nil otherwise.
  let ranges: [FeatureRange?]
  /// Per feature index: the training distribution among good clients and defaulters.
  let distributions: [FeatureDistribution?]
  /// The model's features.
  let features: [FeatureSpec]

  init(model: CreditModel) {
    features = model.features
    recipe = model.recipe.map(CompiledRecipe.init)
    featurePositions = model.recipe.map { r in
      var index: [String: Int] = [:]
      for (i, c) in r.steps[r.output].schema.enumerated() { index[c.name] = i }
      return model.features.map { index[$0.name] ?? -1 }
    }
    if case .gbdt(let boosted) = model.estimator {
      explainer = TreeExplainer(trees: boosted.trees, baseScore: boosted.baseScore, featureCount: model.features.count)
    } else {
      explainer = nil
    }
    var ranges = [FeatureRange?](repeating: nil, count: model.features.count)
    var distributions = [FeatureDistribution?](repeating: nil, count: model.features.count)
    if let recipe = model.recipe {
      let position = Dictionary(model.features.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
      for r in recipe.ranges { if let f = position[r.feature] { ranges[f] = r } }
      for d in recipe.distributions {
        // A categorical distribution only fits the model's own levels (the same codes).
        if let f = position[d.feature], d.levels == model.features[f].levels { distributions[f] = d }
      }
    }
    self.ranges = ranges
    self.distributions = distributions
  }

  /// The features of a one-row frame as the model reads them (`FeatureMatrix.aligned`'s
  /// values, without building 740 one-value columns), nil when a feature's column is absent or
  /// of another kind than the model's (`aligned` then says so).
  func singleRow(_ frame: DataFrame, features: [FeatureSpec]) -> [Double]? {
    var x = [Double](repeating: .nan, count: features.count)
    for (f, spec) in features.enumerated() {
      let column: Column
      if let p = featurePositions?[f], p >= 0, p < frame.columnCount, frame.columns[p].name == spec.name {
        column = frame.columns[p]
      } else if let c = frame[spec.name] {
        column = c
      } else {
        return nil
      }
      if spec.levels != nil {
        // Levels matched by label, as `aligned` does.
        guard let v = try? FeatureMatrix.values(of: column, as: spec) else { return nil }
        x[f] = v[0]
      } else {
        guard column.type != .category else { return nil }
        x[f] = column.doubleValue(0)
      }
    }
    return x
  }

  /// Every row's contributions (log-odds): TreeSHAP through the prepared explainer for gbdt
  /// (the same values `CreditModel.contributions` gives), the model's own for the others.
  /// Row-major: `[row * features + f]`. A few applications (the API's case) are explained on
  /// the calling thread: sharing one row's trees between two workers saved little on a quiet
  /// machine and cost ~10 ms on a loaded one (waiting for the second thread to be scheduled),
  /// and a server's concurrent requests already keep both cores busy. Batches share rows
  /// between the cores as before; the values are the same either way.
  func contributions(_ m: FeatureMatrix, model: CreditModel, control: TaskControl) throws -> [Double] {
    guard let explainer else { return try model.contributions(m, control: control).values }
    guard m.rowCount < 8 else {
      return try explainer.contributions(columns: m.columns, rowCount: m.rowCount, control: control)
    }
    var values: [Double] = []
    values.reserveCapacity(m.rowCount * explainer.featureCount)
    for row in 0..<m.rowCount {
      values += explainer.contributions(row: m.columns.map { $0[row] }, parallel: false)
    }
    return values
  }

  /// The first `count` features pushing towards refusal (positive contribution), largest first
  /// and, at equal contributions, in feature order: the order `explainClient` lists them in,
  /// found without sorting or formatting the other features.
  /// `value(f)`: the application's value of feature f.
  func adverseReasons(_ phi: ArraySlice<Double>, value: (Int) -> Double, count: Int) -> [Reason] {
    guard count > 0 else { return [] }
    let start = phi.startIndex
    var top: [Int] = []
    top.reserveCapacity(count + 1)
    for f in 0..<(phi.count) {
      let c = phi[start + f]
      guard c > 0 else { continue }
      if top.count == count && c <= phi[start + top[count - 1]] { continue }
      var i = top.count
      while i > 0 && phi[start + top[i - 1]] < c { i -= 1 }
      top.insert(f, at: i)
      if top.count > count { top.removeLast() }
    }
    return top.map { f in
      let v = value(f)
      let spec = features[f]
      let numeric = spec.isCategorical || v.isNaN ? nil : v
      let standing: (good: Double?, bad: Double?) = distributions[f].map { percentiles($0, v) } ?? (nil, nil)
      // The value as `explain` shows it (featureText reads a matrix: one of one value).
      let text = featureText(FeatureMatrix(features: [spec], columns: [[v]], rowCount: 1), 0, 0)
      return Reason(
        feature: spec.name, value: text, numericValue: numeric,
        contribution: phi[start + f], direction: .towardsRefusal,
        percentileAmongGood: standing.good, percentileAmongBad: standing.bad)
    }
  }

  /// A value's standing among the training's good clients and defaulters: the mid-rank
  /// percentile of a numeric value (nil when missing); for a categorical feature, the share of
  /// each class with the same level (missing counts as a level). See `FeatureDistribution`.
  func percentiles(_ d: FeatureDistribution, _ v: Double) -> (good: Double?, bad: Double?) {
    guard let levels = d.levels else { return (midRankPercentile(d.good, v), midRankPercentile(d.bad, v)) }
    guard d.good.count == levels.count + 1, d.bad.count == levels.count + 1 else { return (nil, nil) }
    let code = v.isNaN || v < 0 || v >= Double(levels.count) ? levels.count : Int(v)
    return (d.good[code].isNaN ? nil : d.good[code], d.bad[code].isNaN ? nil : d.bad[code])
  }
}

/// What a recipe learns from the training rows besides the statements: each numeric feature's
/// range (over every training row) and its distribution among good clients and defaulters (from
/// a sample, for percentiles).
package enum TrainingReference {
  /// At most this many order statistics per class and feature are kept in the model file.
  package static let distributionPoints = 201
  /// Rows read for distributions and the guard-rail checks.
  package static let sampleSize = 50_000

  /// Evenly spaced rows (all of them for small frames).
  package static func sampleRows(_ rowCount: Int) -> [Int] {
    let step = Swift.max(1, (rowCount + sampleSize - 1) / sampleSize)
    return Array(stride(from: 0, to: rowCount, by: step))
  }

  /// `sample`: the model's features on sample rows, `labels` their targets.
  /// `sorted`: the sample's values by class, when the caller has them already (the leak check).
  package static func fill(
    _ recipe: inout FeatureRecipe, frame: DataFrame, sample m: FeatureMatrix, labels: [Bool],
    sorted: ClassSortedValues? = nil
  ) {
    let sorted = sorted ?? ClassSortedValues(m, labels: labels)
    // Features in parallel, kept in feature order.
    let perFeature = Parallel.map(m.features.count) { f -> (FeatureRange?, FeatureDistribution) in
      let spec = m.features[f]
      let column = m.columns[f]
      if let levels = spec.levels {
        // Per level (missing last), the share of each class with it, in percent.
        var counts = [[Double]](repeating: [Double](repeating: 0, count: levels.count + 1), count: 2)
        var sizes = [0.0, 0.0]
        for r in 0..<m.rowCount {
          let v = column[r]
          let code = v.isNaN || v < 0 || v >= Double(levels.count) ? levels.count : Int(v)
          let k = labels[r] ? 1 : 0
          counts[k][code] += 1
          sizes[k] += 1
        }
        let shares = (0..<2).map { k in counts[k].map { sizes[k] > 0 ? 100 * $0 / sizes[k] : .nan } }
        return (nil, FeatureDistribution(feature: spec.name, good: shares[0], bad: shares[1], levels: levels))
      }
      var range: FeatureRange?
      if let values = frame[spec.name]?.doubles() {
        var lo = Double.infinity, hi = -Double.infinity
        // Comparisons, not min/max: a missing value fails both without a branch.
        for v in values {
          lo = v < lo ? v : lo
          hi = v >= hi ? v : hi
        }
        if lo <= hi { range = FeatureRange(feature: spec.name, min: lo, max: hi) }
      }
      let (good, bad) = sorted.perFeature[f] ?? ([], [])
      return (range, FeatureDistribution(feature: spec.name, good: thin(good), bad: thin(bad)))
    }
    recipe.ranges = perFeature.compactMap(\.0)
    recipe.distributions = perFeature.map(\.1)
  }

  /// Evenly spaced order statistics of a sorted array (all of it when short).
  static func thin(_ sorted: [Double]) -> [Double] {
    let k = distributionPoints
    guard sorted.count > k else { return sorted }
    return (0..<k).map { sorted[Int((Double($0) / Double(k - 1) * Double(sorted.count - 1)).rounded())] }
  }
}

extension ScoredBatch {
  /// The scored applications as a frame (and CSV file): the id, PD, DECISION, MARGIN, BAND, then
  /// for k = 1...reasons REASON_k (the feature), REASON_k_VALUE (the client's value) and
  /// REASON_k_CONTRIBUTION (log-odds), then WARNINGS ("; "-separated, empty when none).
  package func frame(reasons: Int, idColumn: String?) throws -> DataFrame {
    var columns: [Column] = []
    if let idColumn, let ids = features[idColumn] {
      columns.append(ids.gather(applications.map(\.row)))
    }
    columns.append(.float("PD", applications.map(\.probabilityOfDefault)))
    columns.append(.category("DECISION", strings: applications.map { $0.decision.rawValue }))
    columns.append(.float("MARGIN", applications.map(\.margin)))
    columns.append(.category("BAND", strings: applications.map { $0.band.rawValue }))
    for k in 0..<reasons {
      let picked = applications.map { k < $0.reasons.count ? $0.reasons[k] : nil }
      columns.append(.category("REASON_\(k + 1)", strings: picked.map { $0?.feature }))
      columns.append(.category("REASON_\(k + 1)_VALUE", strings: picked.map { $0?.value }))
      columns.append(.float("REASON_\(k + 1)_CONTRIBUTION", picked.map { $0?.contribution ?? .nan }))
    }
    columns.append(
      .category(
        "WARNINGS", strings: applications.map { $0.warnings.isEmpty ? nil : $0.warnings.joined(separator: "; ") }))
    return try DataFrame(columns: columns)
  }
}

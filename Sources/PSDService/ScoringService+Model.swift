import PSDCore
import PSDData
import PSDModels

extension ScoringService {
  /// `GET /v1/model`: what a form or a dashboard needs to ask for and show a decision.
  public func modelInfo() -> ModelInfo {
    let s = model.summary
    var costs: ModelInfo.Costs? = nil
    if let fn = s["cost_fn"].flatMap(Double.init), let fp = s["cost_fp"].flatMap(Double.init) {
      costs = .init(falseNegative: fn, falsePositive: fp)
    }
    var validation: [String: Double] = [:]
    if let auc = s["validation_auc"].flatMap(Double.init) { validation["auc"] = auc }
    let calibration: String
    switch model.calibration {
    case nil: calibration = "none"
    case .platt?: calibration = "platt"
    case .isotonic?: calibration = "isotonic"
    }
    let labelled = [reference, clients?.rows].compactMap { $0 }.first { $0.labels != nil }
    let baseRate = labelled.map { rows in
      Double(rows.labels!.filter { $0 }.count) / Double(max(1, rows.labels!.count))
    }
    let features = model.features.enumerated().map { f, spec in
      let (label, unit) = FeatureLabels.describe(spec.name)
      return FeatureDescription(name: spec.name, label: label, unit: unit, type: spec.isCategorical ? "category" : "number",
                                categories: spec.levels, trainingRange: ranges[f])
    }
    return ModelInfo(
      name: modelName, sha256: sha256, created: created, estimator: model.kindName, target: model.target,
      threshold: model.threshold, decisionRule: "refused when probability_default >= threshold",
      costs: costs, calibration: calibration, validation: validation, baseRate: baseRate,
      baseRateSource: labelled?.name, bands: Self.bands(threshold: model.threshold),
      training: s.filter { !$0.key.hasPrefix("cost_") }, features: features)
  }

  /// `GET /v1/explanation/global`: mean |contribution| over every loaded client, computed once at
  /// start-up (with split gain for trees); without clients, split gain alone.
  public func globalExplanation() -> GlobalExplanation { global }

  static func globalExplanation(model: CreditModel, rows: ModelRows?) throws -> GlobalExplanation {
    let names = model.features.map(\.name)
    let split = model.splitImportance()
    var meanAbs: [Double]? = nil
    if let rows, rows.matrix.rowCount > 0 {
      var total = [Double](repeating: 0, count: names.count)
      let n = rows.matrix.rowCount, chunk = 4096
      for start in stride(from: 0, to: n, by: chunk) {
        let part = rows.matrix.gather(Array(start..<min(n, start + chunk)))
        let c = try model.contributions(part)
        let mean = meanAbsoluteContributions(c.values, rows: part.rowCount, features: names.count)
        for f in names.indices { total[f] += mean[f] * Double(part.rowCount) }
      }
      meanAbs = total.map { $0 / Double(n) }
    }
    let ranked = rankedImportance(names: names, meanAbs: meanAbs ?? split?.gain ?? [Double](repeating: 0, count: names.count),
                                  gain: split?.gain, splits: split?.splits)
    return GlobalExplanation(
      method: meanAbs != nil ? "mean |TreeSHAP contribution| (log-odds) over every loaded client" : "total split gain (no clients loaded)",
      rows: meanAbs != nil ? rows!.matrix.rowCount : 0,
      features: ranked.map { item in
        GlobalImportance(feature: item.name, label: FeatureLabels.describe(item.name).label,
                         meanAbsContribution: meanAbs == nil ? nil : item.meanAbsContribution,
                         gain: split == nil ? nil : item.gain, splits: split == nil ? nil : item.splits)
      })
  }

  /// `GET /v1/drift`: PSI of each model feature, loaded clients against the training reference.
  public func drift() throws -> DriftResponse {
    guard let reference else {
      throw ServiceError.notFound("no training reference is loaded: start psd serve with --reference FILE (the training rows)")
    }
    guard let clients else {
      throw ServiceError.notFound("no clients are loaded: start psd serve with --clients FILE")
    }
    let result = populationStability(reference: reference.frame, current: clients.rows.frame)
    return DriftResponse(
      referenceRows: reference.matrix.rowCount, currentRows: clients.count,
      stable: result.filter { $0.psi < 0.1 }.count,
      moderate: result.filter { $0.psi >= 0.1 && $0.psi < 0.25 }.count,
      major: result.filter { $0.psi >= 0.25 }.count,
      features: result.map { DriftFeature(feature: $0.feature, psi: $0.psi, bins: $0.bins, band: $0.band) })
  }

  /// `POST /v1/whatif`: `{"client_id"|"features", "changes": {...}}` re-scored with the changes
  /// through the mapper; nothing is stored.
  public func whatIf(_ body: JSONValue) throws -> WhatIfResponse {
    let object = try Self.object(body, path: "body")
    try Self.checkKeys(object, allowed: ["client_id", "features", "records", "changes"], path: "")
    guard case .object(let changes)? = object["changes"], !changes.isEmpty else {
      throw ServiceError.invalid([FieldError("changes", object["changes"] == nil
        ? "required: an object of feature: new value"
        : "expected a non-empty object of feature: new value, found \(object["changes"]!.kindName)")])
    }
    let base = try subject(object, path: "")
    let application: PostedApplication, id: String?
    switch base {
    case .client(let clientID, let row):
      application = PostedApplication(fields: clients!.fields(row: row, model: model))
      id = clientID
    case .application(let a):
      application = a
      id = nil
    }
    var changed = application
    for (k, v) in changes { changed.fields[k] = v }
    let before: [Double], after: [Double]
    do {
      before = try mapper.featureRow(application, model: model, path: "features")
      after = try mapper.featureRow(changed, model: model, path: "features")
    } catch {
      // An error in a changed field is reported where the caller wrote it.
      throw ServiceError.invalid(error.errors.map { e in
        let name = e.field.hasPrefix("features.") ? String(e.field.dropFirst("features.".count)) : e.field
        return changes[name] != nil ? FieldError("changes.\(name)", e.message) : e
      })
    }
    let m = matrix([before, after])
    let c = try model.contributions(m)
    let eb = explainClient(model: model, matrix: m, row: 0, contributions: c.row(0), base: c.base, labels: nil, percentilesFor: 0)
    let ea = explainClient(model: model, matrix: m, row: 1, contributions: c.row(1), base: c.base, labels: nil, percentilesFor: 0)
    let b = Array(c.row(0)), a = Array(c.row(1))
    let moved = model.features.indices.filter { a[$0] != b[$0] }.sorted { abs(a[$0] - b[$0]) > abs(a[$1] - b[$1]) }
    return WhatIfResponse(
      before: response(eb, matrix: m, clientID: id), after: response(ea, matrix: m, clientID: id),
      deltaProbability: ea.pd - eb.pd, decisionChanged: ea.refused != eb.refused,
      changes: changes.keys.sorted().map { k in
        WhatIfResponse.Change(feature: k, from: application.fields[k] ?? .null, to: changes[k]!)
      },
      moved: moved.map { .init(feature: model.features[$0].name, before: b[$0], after: a[$0], change: a[$0] - b[$0]) })
  }
}

import PSDCore
import PSDData
import PSDModels

extension ScoringService {
  /// `GET /v1/model`: what a form or a dashboard needs to ask for and show a decision.
  package func modelInfo() -> ModelInfo {
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
      return FeatureDescription(
        name: spec.name, label: label, unit: unit, type: spec.isCategorical ? "category" : "number",
        categories: spec.levels, trainingRange: ranges[f])
    }
    return ModelInfo(
      name: modelName, sha256: sha256, created: created, estimator: model.kindName, target: model.target,
      threshold: model.threshold, decisionRule: "refused when probability_default >= threshold",
      costs: costs, calibration: calibration, validation: validation, baseRate: baseRate,
      baseRateSource: labelled?.name, bands: Self.bands(threshold: model.threshold),
      training: s.filter { !$0.key.hasPrefix("cost_") }, features: features,
      rawApplication: recipe.map { r in
        ([r.applications] + r.sideTables).map { input in
          let isApp = input.name == r.applications.name
          return RawInputTable(
            key: isApp ? RecipeMapper.applicationKey : input.name, table: input.name, shape: isApp ? "object" : "array",
            columns: input.columns.map { c in
              let type: String
              switch c.type {
              case .float: type = "number"
              case .int: type = "integer"
              case .bool: type = "boolean"
              case .category: type = "category"
              }
              return .init(
                name: c.name, type: type,
                required: c.name != r.idColumn && r.required[input.name]?.contains(c.name) ?? false,
                categories: r.levels[input.name]?[c.name].map { $0.sorted() })
            })
        }
      })
  }

  /// `GET /v1/explanation/global`: mean |contribution| over every loaded client, computed once at
  /// start-up (with split gain for trees); without clients, split gain alone.
  package func globalExplanation() -> GlobalExplanation { global }

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
    let ranked = rankedImportance(
      names: names, meanAbs: meanAbs ?? split?.gain ?? [Double](repeating: 0, count: names.count),
      gain: split?.gain, splits: split?.splits)
    return GlobalExplanation(
      method: meanAbs != nil
        ? "mean |TreeSHAP contribution| (log-odds) over every loaded client" : "total split gain (no clients loaded)",
      rows: meanAbs != nil ? rows!.matrix.rowCount : 0,
      features: ranked.map { item in
        GlobalImportance(
          feature: item.name, label: FeatureLabels.describe(item.name).label,
          meanAbsContribution: meanAbs == nil ? nil : item.meanAbsContribution,
          gain: split == nil ? nil : item.gain, splits: split == nil ? nil : item.splits)
      })
  }

  /// `GET /v1/drift`: PSI of each model feature, loaded clients against the training reference.
  package func drift() throws -> DriftResponse {
    guard let reference else {
      throw ServiceError.notFound(
        "no training reference is loaded: start psd serve with --reference FILE (the training rows)")
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

  /// `POST /v1/whatif`: a subject (`client_id`, `features`, or a raw `application` with its
  /// records) and `changes`, re-scored through the same path as a new application; nothing is
  /// stored. With a recipe (a raw application, or a client loaded from raw tables) a change to an
  /// application field is replayed through the recipe, so every feature derived from it moves
  /// (`rederived`); a change to a feature that is not an application field sets that feature alone.
  package func whatIf(_ body: JSONValue) throws -> WhatIfResponse {
    let object = try Self.object(body, path: "body")
    let early = try keyErrors(object, extra: ["changes"], path: "")
    guard case .object(let changes)? = object["changes"], !changes.isEmpty else {
      throw ServiceError.invalid(
        early + [
          FieldError(
            "changes",
            object["changes"] == nil
              ? "required: an object of field: new value"
              : "expected a non-empty object of field: new value, found \(object["changes"]!.kindName)")
        ])
    }
    let base = try collecting(early) { () throws(ServiceError) in try subject(object, path: "") }
    switch base {
    case .client(let id, let row):
      if let recipe, let tables = clients!.raw?.tables(row: row) {
        return try whatIfRaw(
          recipe, tables: tables, id: id, original: clients!.raw!.applicationFields(row: row),
          changes: changes)
      }
      return try whatIfFeatures(clients!.fields(row: row, model: model), id: id, changes: changes)
    case .features(let fields):
      return try whatIfFeatures(fields, id: nil, changes: changes)
    case .raw(let raw):
      let (tables, id) = try recipe!.tables(raw, path: "")
      return try whatIfRaw(recipe!, tables: tables, id: id, original: raw.application, changes: changes)
    }
  }

  /// What-if on the model's feature columns.
  func whatIfFeatures(_ fields: [String: JSONValue], id: String?, changes: [String: JSONValue]) throws -> WhatIfResponse
  {
    var changed = fields
    for (k, v) in changes { changed[k] = v }
    let before: [Double], after: [Double]
    do {
      before = try mapper.featureRow(PostedApplication(fields: fields), model: model, path: "features")
      after = try mapper.featureRow(PostedApplication(fields: changed), model: model, path: "features")
    } catch {
      // An error in a changed field is reported where the caller wrote it.
      throw ServiceError.invalid(
        error.errors.map { e in
          let name = e.field.hasPrefix("features.") ? String(e.field.dropFirst("features.".count)) : e.field
          return changes[name] != nil ? FieldError("changes.\(name)", e.message) : e
        })
    }
    return try whatIfResponse(
      before: MappedApplication(row: before, id: id, warnings: []),
      after: MappedApplication(row: after, id: id, warnings: []),
      changes: changes.keys.sorted().map { k in
        WhatIfResponse.Change(feature: k, from: fields[k] ?? .null, to: changes[k]!)
      })
  }

  /// What-if on a raw application: changed application fields go through the recipe.
  func whatIfRaw(
    _ recipe: RecipeMapper, tables: [String: DataFrame], id: String?, original: [String: JSONValue],
    changes: [String: JSONValue]
  ) throws -> WhatIfResponse {
    var raw: [String: JSONValue] = [:], direct: [Int: Double] = [:], errors: [FieldError] = []
    let columns = recipe.applications.columns
    for (k, v) in changes.sorted(by: { $0.key < $1.key }) {
      if let column = columns.first(where: { $0.name == k }) {
        if k == recipe.idColumn {
          errors.append(FieldError("changes.\(k)", "the application's id cannot be changed"))
        } else if let message = recipe.check(v, column: column, table: recipe.applications.name) {
          errors.append(FieldError("changes.\(k)", message))
        } else {
          raw[k] = v
        }
      } else if let f = model.features.firstIndex(where: { $0.name == k }) {
        switch FeatureValueReader.read(v, as: model.features[f]) {
        case .success(let d): direct[f] = d
        case .failure(let m): errors.append(FieldError("changes.\(k)", m.text))
        }
      } else {
        errors.append(
          ServiceError.unknownName(
            "field", k, field: "changes.\(k)",
            among: columns.map(\.name) + model.features.map(\.name)))
      }
    }
    if !errors.isEmpty { throw ServiceError.invalid(errors) }
    let before = try recipe.map(tables, id: id, model: model, path: "")
    let changedTables: [String: DataFrame]
    do { changedTables = try recipe.changing(tables, raw) } catch {
      throw ServiceError.invalid([FieldError("changes", "\(error)")])
    }
    var after = try recipe.map(changedTables, id: id, model: model, path: "")
    for (f, d) in direct {
      after.row[f] = d
      after.probability = nil  // a feature set by hand: the model scores the row as changed
    }
    let named = Set(changes.keys)
    let rederived = model.features.indices.filter { f in
      let b = before.row[f], a = after.row[f]
      return !named.contains(model.features[f].name) && !(b == a || (b.isNaN && a.isNaN))
    }
    return try whatIfResponse(
      before: before, after: after,
      changes: changes.keys.sorted().map { k in
        let from: JSONValue
        if raw[k] != nil {
          from = original[k] ?? .null
        } else {
          let f = model.features.firstIndex { $0.name == k }!;
          from = FeatureValues.json(before.row[f], model.features[f])
        }
        return WhatIfResponse.Change(feature: k, from: from, to: changes[k]!)
      },
      rederived: rederived.map { f in
        WhatIfResponse.Change(
          feature: model.features[f].name, from: FeatureValues.json(before.row[f], model.features[f]),
          to: FeatureValues.json(after.row[f], model.features[f]))
      })
  }

  func whatIfResponse(
    before: MappedApplication, after: MappedApplication, changes: [WhatIfResponse.Change],
    rederived: [WhatIfResponse.Change] = []
  ) throws -> WhatIfResponse {
    let scored = try scoreMapped([before, after])
    let m = matrix([before.row, after.row])
    let c = try contributions(m)
    let b = Array(c.row(0)), a = Array(c.row(1))
    let moved = model.features.indices.filter { a[$0] != b[$0] }.sorted { abs(a[$0] - b[$0]) > abs(a[$1] - b[$1]) }
    return WhatIfResponse(
      before: scored[0], after: scored[1],
      deltaProbability: scored[1].probabilityDefault - scored[0].probabilityDefault,
      decisionChanged: scored[0].decision != scored[1].decision,
      changes: changes, rederived: rederived,
      moved: moved.map { .init(feature: model.features[$0].name, before: b[$0], after: a[$0], change: a[$0] - b[$0]) })
  }
}

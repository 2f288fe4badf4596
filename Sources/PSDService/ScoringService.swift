import Foundation
import PSDCore
import PSDData
import PSDModels
import PSDScoring

/// The scoring API without HTTP: one loaded model (immutable, shared by every request), the
/// clients it can look up, a labelled reference for percentiles, ranges and drift, and the
/// mapper that turns a posted application into the model's feature row. Every method is a pure
/// function of its request: nothing a request does changes what the next one sees.
package final class ScoringService: Sendable {
  package let model: CreditModel
  package let modelName: String
  package let sha256: String
  /// When the model file was written (its modification time), ISO 8601.
  package let created: String?
  package let clients: ClientTable?
  /// Training rows (`--reference`): the population drift is measured against.
  package let reference: ModelRows?
  /// Posted feature columns (`features`) → the model's feature row: see `ApplicationMapper`.
  package let mapper: any ApplicationMapper
  /// THE RECIPE SEAM: a raw application (`application` + side-table records) → the Scorer.
  /// nil for a model without a recipe (it takes feature columns only).
  package let recipe: RecipeMapper?
  /// Good/bad percentiles: the reference's rows if labelled, else the loaded clients' if labelled.
  let classReference: ClassReference?
  let classReferenceName: String?
  let global: GlobalExplanation
  let ranges: [FeatureDescription.Range?]
  /// The trees flattened for TreeSHAP once (gbdt), as the Scorer's plan keeps them:
  /// `CreditModel.contributions` flattened all 500 trees again on every request.
  let explainer: TreeExplainer?
  let started = Date()

  /// Reasons returned with a score: Regulation B's commentary finds more than four unhelpful.
  package static let reasonCount = 4
  /// Most applications in one batch; more is a 413.
  package static let batchLimit = 1000

  package init(
    model: CreditModel, modelName: String, sha256: String, created: String? = nil,
    clients: ClientTable? = nil, reference: ModelRows? = nil,
    mapper: any ApplicationMapper = FeatureColumnMapper()
  ) throws {
    self.model = model
    self.modelName = modelName
    self.sha256 = sha256
    self.created = created
    self.clients = clients
    self.reference = reference
    self.mapper = mapper
    recipe = RecipeMapper(model: model)
    let labelled = [reference, clients?.rows].compactMap { $0 }.first { $0.labels != nil }
    classReference = labelled.map { ClassReference(matrix: $0.matrix, labels: $0.labels!) }
    classReferenceName = labelled?.name
    let rangeRows = reference ?? clients?.rows
    ranges = model.features.indices.map { f in
      guard let rows = rangeRows, !model.features[f].isCategorical else { return nil }
      let values = rows.matrix.columns[f].filter { !$0.isNaN }
      guard let lo = values.min(), let hi = values.max() else { return nil }
      return FeatureDescription.Range(min: lo, max: hi)
    }
    if case .gbdt(let boosted) = model.estimator {
      explainer = TreeExplainer(trees: boosted.trees, baseScore: boosted.baseScore, featureCount: model.features.count)
    } else {
      explainer = nil
    }
    global = try Self.globalExplanation(model: model, rows: clients?.rows)
  }

  /// Opens a model file (and the optional tables) the way `psd-serve` does.
  package static func open(
    modelPath: String, clientsPath: String? = nil, referencePath: String? = nil,
    idColumn: String = "SK_ID_CURR"
  ) throws -> ScoringService {
    let model = try ModelFile.load(from: modelPath)
    let sha = try SHA256.hex(ofFile: modelPath)
    var created: String? = nil
    if let date = (try? FileManager.default.attributesOfItem(atPath: modelPath))?[.modificationDate] as? Date {
      created = ISO8601DateFormatter().string(from: date)
    }
    let clients = try clientsPath.map { try ClientTable.load(path: $0, model: model, idColumn: idColumn) }
    let reference = try referencePath.map {
      try ModelRows(frame: ModelRows.read(path: $0, model: model), model: model, name: $0)
    }
    let name = URL(fileURLWithPath: modelPath).deletingPathExtension().lastPathComponent
    return try ScoringService(
      model: model, modelName: name, sha256: sha, created: created, clients: clients,
      reference: reference)
  }

  // MARK: health

  package func health() -> HealthResponse {
    HealthResponse(
      status: "ok", model: .init(name: modelName, sha256: sha256, created: created),
      uptimeS: (Date().timeIntervalSince(started) * 1000).rounded() / 1000)
  }

  package func ready() -> ReadyResponse {
    ReadyResponse(ready: true, clients: clients?.count ?? 0, referenceRows: reference?.matrix.rowCount ?? 0)
  }

  // MARK: scoring

  /// What a score request names: a loaded client, a new application as the model's feature
  /// columns, or (models with a recipe) a raw application with its side-table records.
  enum Subject {
    case client(id: String, row: Int)
    case features([String: JSONValue])
    case raw(RawApplication)
  }

  /// The keys a score request may carry.
  var subjectKeys: [String] {
    ["client_id", "features"] + (recipe.map { [RecipeMapper.applicationKey] + $0.sideTableNames } ?? [])
  }

  /// `POST /v1/score`: `{"client_id": ...}`, `{"features": {...}}` or, for a model with a recipe,
  /// `{"application": {...}, "bureau": [...], ...}`.
  package func score(_ body: JSONValue) throws -> ScoreResponse {
    let object = try Self.object(body, path: "body")
    let mapped = try collecting(keyErrors(object, extra: [], path: "")) { () throws(ServiceError) in
      try self.mapped(try subject(object, path: ""), path: "")
    }
    return try scoreMapped([mapped])[0]
  }

  /// `POST /v1/scores`: `{"applications": [ ... ]}`, each item as in `score`.
  package func scores(_ body: JSONValue) throws -> BatchResponse {
    let object = try Self.object(body, path: "body")
    try Self.checkKeys(object, allowed: ["applications"], path: "")
    guard case .array(let items)? = object["applications"] else {
      throw ServiceError.invalid([
        FieldError(
          "applications",
          object["applications"] == nil
            ? "required: an array of applications ({\"client_id\": ...}, {\"features\": {...}} or {\"application\": {...}, ...})"
            : "expected an array, found \(object["applications"]!.kindName)")
      ])
    }
    if items.count > Self.batchLimit {
      throw ServiceError.tooLarge("\(items.count) applications in one batch; the limit is \(Self.batchLimit)")
    }
    var all: [MappedApplication] = [], errors: [FieldError] = []
    for (i, item) in items.enumerated() {
      let path = "applications[\(i)]."
      do {
        let o = try Self.object(item, path: String(path.dropLast()))
        all.append(
          try collecting(keyErrors(o, extra: [], path: path)) { () throws(ServiceError) in
            try mapped(try subject(o, path: path), path: path)
          })
      } catch {
        // Collect every item's field errors; a 404 (unknown client) stops at once.
        if error.status != 422 { throw error }
        errors += error.errors
      }
    }
    if !errors.isEmpty { throw ServiceError.invalid(errors) }
    let results = try scoreMapped(all)
    return BatchResponse(count: results.count, results: results, modelSha256: sha256)
  }

  /// Unknown keys (422s, reported with the body's other field errors); `application` for a model
  /// without a recipe says why.
  func keyErrors(_ object: [String: JSONValue], extra: [String], path: String) throws(ServiceError) -> [FieldError] {
    if recipe == nil, object[RecipeMapper.applicationKey] != nil {
      throw ServiceError.invalid([
        FieldError(
          path + RecipeMapper.applicationKey,
          "this model carries no feature recipe, so it cannot build features from a raw application: post the model's feature columns as features (see /v1/model)"
        )
      ])
    }
    do { try Self.checkKeys(object, allowed: subjectKeys + extra, path: path) } catch { return error.errors }
    return []
  }

  /// Runs `body`; the field errors found before it (`early`) come back with its own, all at once
  /// (and before a 404: the request is invalid whatever client it names).
  func collecting<T>(_ early: [FieldError], _ body: () throws(ServiceError) -> T) throws(ServiceError) -> T {
    do throws(ServiceError) {
      let value = try body()
      if !early.isEmpty { throw ServiceError.invalid(early) }
      return value
    } catch {
      if early.isEmpty || error.errors == early { throw error }
      // A body with invalid fields is a 422 even when it also names an unknown client.
      throw ServiceError.invalid(early + (error.status == 422 ? error.errors : []))
    }
  }

  func subject(_ object: [String: JSONValue], path: String) throws(ServiceError) -> Subject {
    let appKey = RecipeMapper.applicationKey
    let given = ["client_id", "features", appKey].filter { object[$0] != nil }
    let sides = (recipe?.sideTableNames ?? []).filter { object[$0] != nil }
    guard given.count == 1 else {
      throw ServiceError.invalid([
        FieldError(
          path + "client_id",
          given.isEmpty
            ? "give client_id (a loaded client), "
              + (recipe != nil
                ? "application (a new application's raw fields, with its side-table records) or features (the model's feature columns)"
                : "or features (a new application)")
            : "give one of " + given.joined(separator: ", ") + ", not several")
      ])
    }
    if given[0] != appKey, let first = sides.first {
      throw ServiceError.invalid([
        FieldError(
          path + first, "side-table records go with application (a new application's raw fields), not with \(given[0])")
      ])
    }
    switch given[0] {
    case "client_id":
      return try client(object["client_id"]!, path: path + "client_id")
    case "features":
      guard case .object(let fields) = object["features"]! else {
        throw ServiceError.invalid([
          FieldError(path + "features", "expected an object of feature values, found \(object["features"]!.kindName)")
        ])
      }
      return .features(fields)
    default:
      var errors: [FieldError] = []
      var application: [String: JSONValue] = [:]
      if case .object(let fields) = object[appKey]! {
        application = fields
      } else {
        errors.append(
          FieldError(path + appKey, "expected an object of the application's fields, found \(object[appKey]!.kindName)")
        )
      }
      var tables: [String: [JSONValue]] = [:]
      for name in sides {
        if case .array(let list) = object[name]! {
          tables[name] = list
        } else {
          errors.append(
            FieldError(path + name, "expected an array of '\(name)' records, found \(object[name]!.kindName)"))
        }
      }
      if !errors.isEmpty { throw ServiceError.invalid(errors) }
      return .raw(RawApplication(application: application, tables: tables))
    }
  }

  /// A loaded client by id (a JSON number or string): 404 when unknown.
  func client(_ value: JSONValue, path: String) throws(ServiceError) -> Subject {
    guard let id = FeatureValues.idText(value) else {
      throw ServiceError.invalid([
        FieldError(path, "expected a client id (a number or a string), found \(value.kindName)")
      ])
    }
    return .client(id: id, row: try clientRow(id))
  }

  func clientRow(_ id: String) throws(ServiceError) -> Int {
    guard let clients else {
      throw ServiceError.notFound("no client '\(id)': no clients are loaded (start psd serve with --clients FILE)")
    }
    guard let row = clients.row(of: id) else {
      throw ServiceError.notFound("no client '\(id)' among the \(clients.count) loaded clients")
    }
    return row
  }

  /// The feature row of a subject: a loaded client's, or a new application's through the mapper
  /// (feature columns) or the recipe (a raw application). `path` prefixes field names in errors.
  func mapped(_ subject: Subject, path: String) throws(ServiceError) -> MappedApplication {
    switch subject {
    case .client(let id, let row):
      return MappedApplication(
        row: model.features.indices.map { clients!.rows.matrix.columns[$0][row] }, id: id, warnings: [])
    case .features(let fields):
      return MappedApplication(
        row: try mapper.featureRow(PostedApplication(fields: fields), model: model, path: path + "features"),
        id: nil, warnings: [])
    case .raw(let raw):
      let recipe = self.recipe!
      let (tables, id) = try recipe.tables(raw, path: path)
      return try recipe.map(tables, id: id, model: model, path: path)
    }
  }

  func matrix(_ rows: [[Double]]) -> FeatureMatrix {
    FeatureMatrix(
      features: model.features, columns: model.features.indices.map { f in rows.map { $0[f] } },
      rowCount: rows.count)
  }

  /// Every row's contributions (log-odds) and their base value. Trees: the prepared explainer,
  /// each row's trees summed in order on the calling thread (the values a batch of any size
  /// gives; a server's concurrent requests already keep the cores busy). Others: the model's own.
  func contributions(_ m: FeatureMatrix) throws -> Contributions {
    let width = model.features.count
    guard let explainer else {
      let c = try model.contributions(m)
      return Contributions(width: width, base: c.base, values: c.values)
    }
    var values: [Double]
    if m.rowCount >= 8 {
      values = try explainer.contributions(columns: m.columns, rowCount: m.rowCount)
    } else {
      values = []
      values.reserveCapacity(m.rowCount * width)
      for r in 0..<m.rowCount { values += explainer.contributions(row: m.columns.map { $0[r] }, parallel: false) }
    }
    return Contributions(width: width, base: explainer.baseValue, values: values)
  }

  /// Rows of contributions (row-major, `width` per row) and the base value they start from.
  struct Contributions {
    var width: Int
    var base: Double
    var values: [Double]
    func row(_ r: Int) -> ArraySlice<Double> { values[(r * width)..<((r + 1) * width)] }
  }

  /// PD from the model's own probabilities (bit for bit `score`'s), reasons from the exact
  /// contributions.
  func scoreMapped(_ items: [MappedApplication]) throws -> [ScoreResponse] {
    let m = matrix(items.map(\.row))
    // Raw applications come with the Scorer's PD; the trees are walked again only for the others.
    let pd = items.allSatisfy { $0.probability != nil } ? items.map { $0.probability! } : model.probabilities(m)
    let c = try contributions(m)
    return (0..<m.rowCount).map { r in
      response(
        c.row(r), pd: items[r].probability ?? pd[r], matrix: m, row: r, clientID: items[r].id,
        warnings: items[r].warnings)
    }
  }

  func response(
    _ phi: ArraySlice<Double>, pd: Double, matrix m: FeatureMatrix, row: Int, clientID: String?,
    warnings: [String]
  ) -> ScoreResponse {
    // The decision on the model's PD (not the contributions' sum, which can differ in the last bit).
    let refused = model.isRefused(pd: pd)
    return ScoreResponse(
      clientId: clientID, probabilityDefault: pd, decision: refused ? "refused" : "granted",
      threshold: model.threshold, margin: pd - model.threshold,
      band: Self.band(pd: pd, threshold: model.threshold).name,
      reasons: Self.pushing(phi, refused: refused, count: Self.reasonCount).map {
        reason($0, logOdds: phi[phi.startIndex + $0], matrix: m, row: row)
      },
      warnings: warnings, modelSha256: sha256)
  }

  /// The features that pushed towards the decision taken (positive contributions when refused,
  /// negative when granted), largest first, ties in feature order: `explain`'s order, found
  /// without sorting or formatting every feature.
  static func pushing(_ phi: ArraySlice<Double>, refused: Bool, count: Int) -> [Int] {
    let start = phi.startIndex
    var top: [Int] = []
    top.reserveCapacity(count + 1)
    for f in 0..<phi.count {
      let c = phi[start + f]
      guard refused ? c > 0 : c < 0 else { continue }
      let size = abs(c)
      if top.count == count && size <= abs(phi[start + top[count - 1]]) { continue }
      var i = top.count
      while i > 0 && abs(phi[start + top[i - 1]]) < size { i -= 1 }
      top.insert(f, at: i)
      if top.count > count { top.removeLast() }
    }
    return top
  }

  func reason(_ f: Int, logOdds: Double, matrix m: FeatureMatrix, row: Int) -> Reason {
    let spec = model.features[f]
    let (label, unit) = FeatureLabels.describe(spec.name)
    let value = m.columns[f][row]
    let (good, bad) = classReference?.percentiles(feature: f, value: value) ?? (nil, nil)
    let raises = logOdds > 0
    let text = featureText(m, f, row)
    var sentence = "\(label) = \(text)\(unit.map { " (\($0))" } ?? "") \(raises ? "raises" : "lowers") the risk"
    if let good, let bad {
      sentence +=
        spec.isCategorical
        ? "; \(Format.percent(good / 100, digits: 0)) of good clients and \(Format.percent(bad / 100, digits: 0)) of defaulters share it"
        : "; higher than \(Format.percent(good / 100, digits: 0)) of good clients and \(Format.percent(bad / 100, digits: 0)) of defaulters"
    }
    return Reason(
      feature: spec.name, label: label, value: FeatureValues.json(value, spec), contribution: logOdds,
      direction: raises ? "raises_risk" : "lowers_risk", percentileGood: good, percentileBad: bad,
      sentence: sentence)
  }

  // MARK: bands

  /// Bands stated relative to the threshold t: low below t/2, moderate up to t (granted), high up
  /// to 2t, very high beyond (refused).
  package static func bands(threshold t: Double) -> [Band] {
    [
      Band(name: "low", from: 0, to: t / 2), Band(name: "moderate", from: t / 2, to: t),
      Band(name: "high", from: t, to: min(1, 2 * t)), Band(name: "very high", from: min(1, 2 * t), to: 1)
    ]
  }

  static func band(pd: Double, threshold t: Double) -> Band {
    let all = bands(threshold: t)
    return all.first { pd < $0.to && pd >= $0.from } ?? all[all.count - 1]
  }

  // MARK: request shape

  static func object(_ value: JSONValue, path: String) throws(ServiceError) -> [String: JSONValue] {
    guard case .object(let o) = value else {
      throw ServiceError.invalid([FieldError(path, "expected a JSON object, found \(value.kindName)")])
    }
    return o
  }

  /// Unknown keys are errors (a typo would otherwise be ignored); a threshold is refused by name.
  static func checkKeys(_ object: [String: JSONValue], allowed: [String], path: String) throws(ServiceError) {
    var errors: [FieldError] = []
    for key in object.keys.sorted() where !allowed.contains(key) {
      if key.lowercased().contains("threshold") || key.lowercased().contains("cutoff") {
        errors.append(
          FieldError(path + key, "the decision always uses the model's stored threshold; a caller cannot set it"))
      } else {
        errors.append(ServiceError.unknownName("field", key, field: path + key, among: allowed))
      }
    }
    if !errors.isEmpty { throw ServiceError.invalid(errors) }
  }
}

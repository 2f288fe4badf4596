import PSDCore
import PSDData
import PSDModels
import PSDScoring

/// A new application as a decision system posts it to a model with a feature recipe: the
/// application's own fields (its row of the recipe's applications table) and the records of
/// each side table about the applicant (bureau lines, previous applications, ...) by the
/// recipe's input name. A side table not posted means the applicant has no records in it.
package struct RawApplication: Sendable, Equatable {
  package var application: [String: JSONValue]
  package var tables: [String: [JSONValue]]

  package init(application: [String: JSONValue], tables: [String: [JSONValue]] = [:]) {
    self.application = application
    self.tables = tables
  }
}

/// What a posted application became: the model's feature row (one Double per
/// `model.features` entry; NaN = missing; a category holds its level's code), its id when it
/// gave one, and what was unusual about it (values outside the training range, rows outside the
/// training population, ...; scored all the same).
package struct MappedApplication: Sendable {
  package var row: [Double]
  package var id: String?
  package var warnings: [String]
  /// The PD as the Scorer computed it (raw applications), bit for bit `score m with ...`'s.
  package var probability: Double?
}

/// THE RECIPE SEAM: a raw application (JSON) → one-row frames keyed by the recipe's input tables
/// → `Scorer.score(_:)`, so derived ratios and side-table aggregates are computed exactly as in
/// training and as `score m with ...` computes them.
///
/// Validation (422, one error per field, all at once): unknown fields (with a did-you-mean),
/// values of the wrong type for the training column, categories outside the levels the recipe
/// or the model froze, fields the recipe reads left out (send null for a missing value; fields
/// the recipe never reads may be omitted), side-table records that are not objects or name
/// another application. The link column (the recipe's id column, e.g. SK_ID_CURR) may be left out
/// of side-table records: it is the application's.
package struct RecipeMapper: Sendable {
  package let scorer: Scorer
  package let recipe: FeatureRecipe
  /// The recipe's applications table (posted under `application`).
  package let applications: RecipeInput
  /// The other input tables (posted as arrays of records under their names).
  package let sideTables: [RecipeInput]
  package let idColumn: String?
  /// Per input table: the columns the recipe reads (a caller must send them, null for missing).
  package let required: [String: Set<String>]
  /// Per input table and categorical column: the levels the recipe or the model knows (a value
  /// outside them is a 422). Columns without known levels accept any text.
  let levels: [String: [String: Set<String>]]
  /// Per input table, its column names (checked against every posted field).
  let columnNames: [String: Set<String>]
  /// Per model feature, its column's position in the recipe's output frame (checked by name
  /// when used): the feature row is read without looking 121 names up again.
  let featurePositions: [Int]
  /// Per categorical feature, the model's code of each level (nil for numeric features).
  let levelCodes: [[String: Int]?]

  /// The JSON key of the application's own fields, whatever the recipe's table is called.
  package static let applicationKey = "application"

  /// nil when the model has no recipe, or a recipe whose rows are not one applications table.
  package init?(model: CreditModel) {
    guard let recipe = model.recipe, let applications = recipe.applications else { return nil }
    scorer = Scorer(model: model)
    self.recipe = recipe
    self.applications = applications
    sideTables = recipe.inputs.filter { $0.name != applications.name }
    idColumn = recipe.idColumn
    required = RecipeColumns.read(
      recipe, outputs: Set(model.features.map(\.name) + [recipe.idColumn].compactMap { $0 }))
    levels = RecipeColumns.levels(recipe, model: model)
    var output: [String: Int] = [:]
    for (i, c) in recipe.steps[recipe.output].schema.enumerated() { output[c.name] = i }
    featurePositions = model.features.map { output[$0.name] ?? -1 }
    levelCodes = model.features.map { spec in
      spec.levels.map { Dictionary($0.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
    }
    columnNames = Dictionary(
      recipe.inputs.map { ($0.name, Set($0.columns.map(\.name))) }, uniquingKeysWith: { a, _ in a })
  }

  /// The input table names a request may carry besides `application`.
  package var sideTableNames: [String] { sideTables.map(\.name) }

  // MARK: JSON → tables

  /// The one-row applications table and the side tables of a posted application.
  package func tables(_ raw: RawApplication, path: String) throws(ServiceError) -> (
    tables: [String: DataFrame], id: String?
  ) {
    var errors: [FieldError] = []
    let appPath = path + Self.applicationKey
    let known = columnNames[applications.name] ?? []
    // Only the unknown names are sorted (for a stable order of errors), not all 122 fields.
    for name in raw.application.keys.filter({ !known.contains($0) }).sorted() {
      errors.append(
        ServiceError.unknownName(
          "field", name, field: "\(appPath).\(name)",
          among: applications.columns.map(\.name)))
    }
    // The application's id: what the side-table records link to.
    var idValue: JSONValue = .null
    if let idColumn, let v = raw.application[idColumn] { idValue = v }
    var app = raw.application
    if let idColumn, idValue == .null {
      // No id given: any value links the application to its own records.
      let type = applications.columns.first { $0.name == idColumn }?.type
      app[idColumn] = type == .category ? .string("new application") : .number(-1)
    }
    let appRow = cells(app, input: applications, path: appPath, errors: &errors, optional: idColumn.map { [$0] } ?? [])
    var tables: [String: DataFrame] = [:]
    var rowsByTable: [String: [[JSONValue]]] = [:]
    for input in sideTables {
      var rows: [[JSONValue]] = []
      for (i, record) in (raw.tables[input.name] ?? []).enumerated() {
        let recordPath = "\(path)\(input.name)[\(i)]"
        guard case .object(var fields) = record else {
          errors.append(
            FieldError(recordPath, "expected a record (an object of field: value), found \(record.kindName)"))
          continue
        }
        let names = columnNames[input.name] ?? []
        for name in fields.keys.filter({ !names.contains($0) }).sorted() {
          errors.append(
            ServiceError.unknownName(
              "field", name, field: "\(recordPath).\(name)",
              among: input.columns.map(\.name)))
        }
        if let idColumn, names.contains(idColumn) {
          if let given = fields[idColumn], given != .null {
            if idValue == .null {
              errors.append(
                FieldError(
                  "\(recordPath).\(idColumn)",
                  "give \(idColumn) in \(Self.applicationKey) too, or leave it out of the records (they are the application's)"
                ))
            } else if FeatureValues.idText(given) != FeatureValues.idText(idValue) {
              errors.append(
                FieldError(
                  "\(recordPath).\(idColumn)",
                  "this record belongs to another application (\(idColumn) \(FeatureValues.idText(given) ?? given.kindName), the application's is \(FeatureValues.idText(idValue) ?? "?"))"
                ))
            }
          }
          fields[idColumn] = app[idColumn]
        }
        rows.append(cells(fields, input: input, path: recordPath, errors: &errors, optional: []))
      }
      rowsByTable[input.name] = rows
    }
    if !errors.isEmpty { throw ServiceError.invalid(errors) }
    do {
      tables[applications.name] = try Self.frame([appRow], columns: applications.columns)
      for input in sideTables {
        tables[input.name] = try Self.frame(rowsByTable[input.name] ?? [], columns: input.columns)
      }
    } catch {
      throw ServiceError.invalid([FieldError(appPath, "\(error)")])
    }
    return (tables, idValue == .null ? nil : FeatureValues.idText(idValue))
  }

  /// The record's values checked against the table's columns, in the table's column order
  /// (null for a value left out or refused); a column the recipe reads must be present
  /// (null = missing), other columns may be left out.
  func cells(
    _ fields: [String: JSONValue], input: RecipeInput, path: String, errors: inout [FieldError],
    optional: [String]
  ) -> [JSONValue] {
    var out = [JSONValue](repeating: .null, count: input.columns.count)
    let needed = required[input.name] ?? []
    // The field's path is only spelled out for an error (one string per column cost ~10 µs).
    for (c, column) in input.columns.enumerated() {
      guard let value = fields[column.name] else {
        if needed.contains(column.name) && !optional.contains(column.name) {
          errors.append(
            FieldError("\(path).\(column.name)", "required: the recipe reads it; send null for a missing value"))
        }
        continue
      }
      if let message = check(value, column: column, table: input.name) {
        errors.append(FieldError("\(path).\(column.name)", message))
      } else {
        out[c] = value
      }
    }
    return out
  }

  /// Why `value` cannot be the column's value, or nil when it can.
  func check(_ value: JSONValue, column: ColumnSchema, table: String) -> String? {
    if value == .null { return nil }
    switch column.type {
    case .float:
      if case .number(let d) = value, d.isFinite { return nil }
      return "expected a number or null, found \(value.kindName)"
    case .int:
      if case .number(let d) = value, d.isFinite, d == d.rounded(), abs(d) < 9e15 { return nil }
      if case .number = value { return "expected a whole number or null, found \(value)" }
      return "expected a whole number or null, found \(value.kindName)"
    case .bool:
      if case .bool = value { return nil }
      if case .number(let d) = value, d == 0 || d == 1 { return nil }
      return "expected true, false or null, found \(value.kindName)"
    case .category:
      guard case .string(let s) = value else {
        return "expected a category (a string) or null, found \(value.kindName)"
      }
      guard let known = levels[table]?[column.name], !known.contains(s) else { return nil }
      let sorted = known.sorted()
      var text = "unknown category '\(s)'"
      if let best = Suggestions.closest(to: s, among: sorted) { text += "; did you mean '\(best)'?" }
      let shown = sorted.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
      return text + " (expected one of \(shown)\(sorted.count > 8 ? ", … \(sorted.count - 8) more" : ""), or null)"
    }
  }

  /// Checked records (values in `schema` order) as a frame with exactly the input's columns and
  /// training types.
  static func frame(_ rows: [[JSONValue]], columns schema: [ColumnSchema]) throws -> DataFrame {
    let n = rows.count
    var columns: [Column] = []
    columns.reserveCapacity(schema.count)
    for (k, c) in schema.enumerated() {
      let values = rows.map { $0[k] }
      switch c.type {
      case .float:
        columns.append(
          .float(
            c.name,
            values.map {
              if case .number(let d) = $0 { return d }; return .nan
            }))
      case .int:
        var ints = [Int64](repeating: 0, count: n), valid = [Bool](repeating: true, count: n)
        for (i, v) in values.enumerated() {
          if case .number(let d) = v { ints[i] = Int64(d) } else { valid[i] = false }
        }
        columns.append(.int(c.name, ints, valid: valid.contains(false) ? valid : nil))
      case .bool:
        columns.append(
          .bool(
            c.name,
            values.map { v -> Int8 in
              switch v {
              case .bool(let b): return b ? 1 : 0
              case .number(let d): return d == 1 ? 1 : 0
              default: return -1
              }
            }))
      case .category:
        columns.append(
          .category(
            c.name,
            strings: values.map {
              if case .string(let s) = $0 { return s }; return nil
            }))
      }
    }
    return try DataFrame(columns: columns)
  }

  // MARK: tables → features

  /// Runs the tables through the Scorer (the recipe, then the model): the feature row, the PD
  /// and the warnings. A recipe error on checked input is a 422 naming the application.
  package func map(_ tables: [String: DataFrame], id: String?, model: CreditModel, path: String) throws(ServiceError)
    -> MappedApplication
  {
    let batch: ScoredBatch
    let row: [Double]
    do {
      batch = try scorer.score(tables, reasons: 0)
      row = try featureRow(batch.features, model: model)
    } catch let e as PSDError {
      throw ServiceError.invalid([
        FieldError(
          path + Self.applicationKey, e.message + (e.notes.isEmpty ? "" : " (" + e.notes.joined(separator: "; ") + ")"))
      ])
    } catch {
      throw ServiceError.invalid([FieldError(path + Self.applicationKey, "\(error)")])
    }
    guard batch.applications.count == 1, batch.features.rowCount == 1 else {
      throw ServiceError.invalid([
        FieldError(path + Self.applicationKey, "the recipe made \(batch.features.rowCount) rows of one application")
      ])
    }
    let scored = batch.applications[0]
    return MappedApplication(
      row: row, id: id, warnings: scored.warnings + batch.notes,
      probability: scored.probabilityOfDefault)
  }

  /// The first row of the recipe's output as the model's features: `FeatureMatrix.aligned`'s
  /// values (a level by its label, NaN when missing or unseen), read by position with the
  /// levels' codes prepared once (aligned built a level index per categorical feature per call).
  /// Anything unexpected goes through `aligned`, for its errors.
  func featureRow(_ frame: DataFrame, model: CreditModel) throws -> [Double] {
    guard frame.rowCount == 1 else { return try aligned(frame, model: model) }
    var row = [Double](repeating: .nan, count: model.features.count)
    for (f, spec) in model.features.enumerated() {
      let p = featurePositions[f]
      guard p >= 0, p < frame.columnCount, frame.columns[p].name == spec.name else {
        return try aligned(frame, model: model)
      }
      let column = frame.columns[p]
      if let codes = levelCodes[f] {
        guard case .category(let frameCodes, let frameLevels) = column.data else {
          return try aligned(frame, model: model)
        }
        let code = frameCodes[0]
        row[f] = code < 0 ? .nan : codes[frameLevels[Int(code)]].map(Double.init) ?? .nan
      } else {
        guard let values = column.doubles() else { return try aligned(frame, model: model) }
        row[f] = values[0]
      }
    }
    return row
  }

  func aligned(_ frame: DataFrame, model: CreditModel) throws -> [Double] {
    try FeatureMatrix.aligned(frame, to: model.features, positions: featurePositions).columns.map { $0.first ?? .nan }
  }

  /// The tables with the application's fields changed (values already checked).
  func changing(_ tables: [String: DataFrame], _ changes: [String: JSONValue]) throws -> [String: DataFrame] {
    var out = tables
    var app = tables[applications.name]!
    for (name, value) in changes {
      guard let schema = applications.columns.first(where: { $0.name == name }) else { continue }
      let one = try Self.frame([[value]], columns: [schema])
      app = try app.setting(one[name]!)
    }
    out[applications.name] = app
    return out
  }
}

/// What a recipe reads and knows, worked out from its steps.
enum RecipeColumns {
  /// Per input table, the columns the recipe reads to build `outputs` (conservative: a step's
  /// own columns — keys, conditions, expressions, encoded and aggregated columns — all count).
  static func read(_ recipe: FeatureRecipe, outputs: Set<String>) -> [String: Set<String>] {
    let steps = recipe.steps
    var needed = [Set<String>](repeating: [], count: steps.count)
    var used = [Bool](repeating: false, count: steps.count)
    needed[recipe.output] = outputs
    used[recipe.output] = true
    for i in steps.indices.reversed() where used[i] {
      let step = steps[i]
      var want = needed[i]
      switch step.operation {
      case .load, .select, .drop, .concat, .keep, .unreplayable, .replace:
        break
      case .derive(let derived):
        for d in derived.reversed() where want.contains(d.name) {
          want.remove(d.name)
          want.formUnion(columns(d.expression))
        }
      case .filter(let condition):
        want.formUnion(columns(condition))
      case .rename(let pairs):
        for p in pairs.reversed() where want.contains(p.to) {
          want.remove(p.to)
          want.insert(p.from)
        }
      case .sort(let keys):
        want.formUnion(keys.map(\.column))
      case .aggregate(let keys, let specs, _, _):
        want = Set(keys).union(specs.map(\.column))
      case .join(let keys, _, let suffix):
        want.formUnion(keys)
        for name in want where !suffix.isEmpty && name.hasSuffix(suffix) {
          want.insert(String(name.dropLast(suffix.count)))
        }
      case .encode(_, let frozen):
        want.formUnion(frozen.map(\.column))
      }
      for j in step.inputs {
        used[j] = true
        needed[j].formUnion(want.intersection(steps[j].schema.map(\.name)))
      }
    }
    var out: [String: Set<String>] = [:]
    for input in recipe.inputs {
      let names = Set(input.columns.map(\.name))
      for s in input.steps { out[input.name, default: []].formUnion(needed[s].intersection(names)) }
    }
    return out
  }

  /// The column names an expression reads.
  static func columns(_ e: FrameExpression) -> Set<String> {
    leaves(e) { if case .column(let c) = $0 { return [c] } else { return [] } }
  }

  /// The string literals of an expression (levels a condition names).
  static func strings(_ e: FrameExpression) -> Set<String> {
    leaves(e) { if case .string(let s) = $0 { return [s] } else { return [] } }
  }

  /// `pick` applied to every leaf of the expression, gathered.
  static func leaves(_ e: FrameExpression, _ pick: (FrameExpression) -> Set<String>) -> Set<String> {
    switch e {
    case .negate(let a), .not(let a), .isMissing(let a, _): return leaves(a, pick)
    case .binary(_, let a, let b): return leaves(a, pick).union(leaves(b, pick))
    case .call(_, let args): return args.reduce(into: Set<String>()) { $0.formUnion(leaves($1, pick)) }
    case .column, .number, .string, .bool, .missing: return pick(e)
    }
  }

  /// Known levels per input table and categorical column: an encode step's frozen levels (for
  /// the tables it descends from), a categorical model feature read straight from the
  /// applications table, plus any level a replace step turns into something else.
  static func levels(_ recipe: FeatureRecipe, model: CreditModel) -> [String: [String: Set<String>]] {
    let steps = recipe.steps
    var origins = [Set<String>](repeating: [], count: steps.count)
    for input in recipe.inputs { for s in input.steps { origins[s].insert(input.name) } }
    for (i, step) in steps.enumerated() { for j in step.inputs { origins[i].formUnion(origins[j]) } }
    var out: [String: [String: Set<String>]] = [:]
    func categorical(_ table: String, _ column: String) -> Bool {
      recipe.inputs.first { $0.name == table }?.columns.contains { $0.name == column && $0.type == .category } ?? false
    }
    var redefined: Set<String> = []
    for step in steps {
      switch step.operation {
      case .derive(let d): redefined.formUnion(d.map(\.name))
      case .rename(let pairs): redefined.formUnion(pairs.map(\.to))
      default: break
      }
    }
    for (i, step) in steps.enumerated() {
      guard case .encode(_, let frozen) = step.operation else { continue }
      for f in frozen {
        for table in origins[i] where categorical(table, f.column) && !redefined.contains(f.column) {
          out[table, default: [:]][f.column, default: []].formUnion(f.levels)
        }
      }
    }
    if let app = recipe.applications {
      for spec in model.features
      where spec.levels != nil && categorical(app.name, spec.name) && !redefined.contains(spec.name) {
        out[app.name, default: [:]][spec.name, default: []].formUnion(spec.levels!)
      }
    }
    // A level the recipe replaces (`replace app CODE_GENDER "XNA" with missing`) or names in a
    // filter (`filter app where CODE_GENDER != "XNA"`: scored, flagged) is a valid input.
    for (i, step) in steps.enumerated() {
      var named: (columns: Set<String>, levels: Set<String>)? = nil
      switch step.operation {
      case .replace(let columns, let value, _):
        if case .string(let s) = value { named = (Set(columns), [s]) }
      case .filter(let condition):
        named = (self.columns(condition), strings(condition))
      default: break
      }
      guard let named else { continue }
      for table in origins[i] {
        for c in named.columns where out[table]?[c] != nil { out[table]![c]!.formUnion(named.levels) }
      }
    }
    return out
  }
}

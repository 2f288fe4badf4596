import Foundation
import PSDCore
import PSDData
import PSDModels
import PSDScoring

/// Labelled or unlabelled rows read into the model's feature columns: the loaded clients
/// (`--clients`) or the training reference (`--reference`).
package struct ModelRows: Sendable {
  package let name: String
  package let matrix: FeatureMatrix
  /// The model's target per row (true = default), when the table has the target column.
  package let labels: [Bool]?
  /// The model's feature columns as a frame, for PSI.
  package let frame: DataFrame

  package init(frame: DataFrame, model: CreditModel, name: String) throws {
    self.name = name
    let names = model.features.map(\.name)
    self.frame = try frame.selecting(names, frameName: name)
    matrix = try model.featureMatrix(frame)
    labels =
      frame[model.target] == nil ? nil : try FeatureMatrix.targetLabels(frame, target: model.target, frameName: name)
  }

  /// Reads a CSV table of feature rows (a directory of raw tables is `RawClientTables.load`).
  package static func read(path: String, model: CreditModel) throws -> DataFrame {
    if isDirectory(path) {
      throw PSDError.usage(
        "'\(path)' is a directory: give a CSV whose columns include the client id and the model's features",
        notes: ["only --clients takes a directory of raw tables (for a model with a feature recipe)"])
    }
    return try CSVReader.read(path: path).frame
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}

/// The loaded clients as raw tables (`--clients DIR`: the applications table and each side
/// table the recipe reads): their features are built through the recipe, and a what-if on one of
/// them changes its raw application fields and replays the recipe on its own rows.
package struct RawClientTables: Sendable {
  package let tables: [String: DataFrame]
  /// The file each table was read from, by recipe input name.
  package let files: [String: String]
  let applicationName: String
  /// Per side table, per application row: that application's rows of the table.
  let rowsByTable: [String: [[Int]]]

  /// `DIR/NAME.csv` for each recipe input NAME, else `DIR/NAME_test.csv`, else `DIR/NAME_train.csv`
  /// (new applications come as the test file; a study's training file works too).
  package static func files(directory: String, recipe: FeatureRecipe) throws -> [String: String] {
    var files: [String: String] = [:]
    var missing: [String] = []
    for input in recipe.inputs {
      let candidates = ["", "_test", "_train"].map {
        (directory as NSString).appendingPathComponent(input.name + $0 + ".csv")
      }
      if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
        files[input.name] = found
      } else {
        missing.append(input.name)
      }
    }
    if !missing.isEmpty {
      throw PSDError.usage(
        "'\(directory)' has no file for the recipe's input\(missing.count == 1 ? "" : "s") "
          + missing.joined(separator: ", "),
        notes: [
          "the recipe reads: "
            + recipe.inputs.map { "\($0.name) (\($0.name).csv, \($0.name)_test.csv or \($0.name)_train.csv)" }.joined(
              separator: ", ")
        ])
    }
    return files
  }

  /// Reads the tables of `directory` and builds the clients' feature frame through the recipe
  /// (with the model's target taken from the applications table when it has one).
  package static func load(directory: String, model: CreditModel, idColumn: String) throws -> (
    frame: DataFrame, raw: RawClientTables
  ) {
    let scorer = Scorer(model: model)
    guard model.recipe != nil else {
      throw PSDError.usage(
        "'\(directory)' is a directory of raw tables, but this model carries no feature recipe",
        notes: [
          "give a CSV of feature rows (save a frame from a study), or retrain the model from the study's script to get a recipe"
        ])
    }
    let recipe = try scorer.requireRecipe()
    guard let applications = recipe.applications else {
      throw PSDError.usage("the model's recipe has no applications table: it cannot serve clients from raw tables")
    }
    let files = try files(directory: directory, recipe: recipe)
    let tables = try scorer.readTables(files)
    let batch = try scorer.score(tables, reasons: 0)
    var frame = batch.features
    let app = tables[applications.name]!
    if let target = app[model.target] {
      frame = try frame.setting(target)
    } else if frame[model.target] != nil {
      frame = try frame.dropping([model.target])
    }
    guard frame[idColumn] != nil, let ids = app[idColumn] else {
      throw PSDError.usage(
        "the recipe's features have no id column '\(idColumn)'",
        notes: [
          "give the id column with --id; the applications table's columns include: "
            + app.columnNames.prefix(6).joined(separator: ", ") + ", …"
        ])
    }
    return (
      frame,
      RawClientTables(tables: tables, files: files, applicationName: applications.name, ids: ids, idColumn: idColumn)
    )
  }

  init(tables: [String: DataFrame], files: [String: String], applicationName: String, ids: Column, idColumn: String) {
    self.tables = tables
    self.files = files
    self.applicationName = applicationName
    let appRows = tables[applicationName]!.rowCount
    let appKey = (0..<appRows).map { ids.isMissing($0) ? nil : LinkKey(ids, $0) }
    var rowsByTable: [String: [[Int]]] = [:]
    var pending = tables.keys.filter { $0 != applicationName }.sorted()
    // Tables with the id column: their rows by id.
    for name in pending {
      guard let column = tables[name]![idColumn] else { continue }
      var byID: [LinkKey: [Int]] = [:]
      for r in 0..<column.count where !column.isMissing(r) { byID[LinkKey(column, r), default: []].append(r) }
      rowsByTable[name] = appKey.map { $0.flatMap { byID[$0] } ?? [] }
    }
    pending.removeAll { rowsByTable[$0] != nil }
    // Tables linked through another one (bureau_balance by SK_ID_BUREAU through bureau).
    var progress = true
    while progress && !pending.isEmpty {
      progress = false
      for name in pending {
        let table = tables[name]!
        guard
          let (via, key) = rowsByTable.keys.sorted().lazy.compactMap({ v -> (String, String)? in
            let shared = table.columnNames.first { $0 != idColumn && tables[v]![$0] != nil }
            return shared.map { (v, $0) }
          }).first
        else { continue }
        let column = table[key]!, link = tables[via]![key]!
        var byKey: [LinkKey: [Int]] = [:]
        for r in 0..<column.count where !column.isMissing(r) { byKey[LinkKey(column, r), default: []].append(r) }
        rowsByTable[name] = rowsByTable[via]!.map { rows in
          rows.flatMap { link.isMissing($0) ? [] : byKey[LinkKey(link, $0)] ?? [] }
        }
        pending.removeAll { $0 == name }
        progress = true
      }
    }
    // A table linked to nothing: every application sees all of it (correct, only slower).
    for name in pending { rowsByTable[name] = Array(repeating: Array(0..<tables[name]!.rowCount), count: appRows) }
    self.rowsByTable = rowsByTable
  }

  /// One application's tables: its row of the applications table and its rows of each side table.
  func tables(row: Int) -> [String: DataFrame] {
    var out: [String: DataFrame] = [applicationName: tables[applicationName]!.gather([row])]
    for (name, rows) in rowsByTable { out[name] = tables[name]!.gather(rows[row]) }
    return out
  }

  /// The application's fields as JSON (what a what-if changes from).
  func applicationFields(row: Int) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for column in tables[applicationName]!.columns {
      if column.isMissing(row) {
        out[column.name] = .null
      } else if column.isNumeric {
        out[column.name] = .number(column.doubleValue(row))
      } else {
        out[column.name] = .string(column.text(row))
      }
    }
    return out
  }
}

/// The clients the server holds, found by id. Only their model features (and id) are kept.
package struct ClientTable: Sendable {
  package let idColumn: String
  package let rows: ModelRows
  package let ids: [String]
  private let rowByID: [String: Int]
  /// The raw tables the clients were built from (`--clients DIR`), for what-ifs through the recipe.
  package let raw: RawClientTables?

  package init(frame: DataFrame, model: CreditModel, idColumn: String, name: String, raw: RawClientTables? = nil) throws
  {
    self.raw = raw
    let column = try frame.column(idColumn, frameName: name)
    rows = try ModelRows(frame: frame, model: model, name: name)
    self.idColumn = idColumn
    var ids: [String] = []
    var index: [String: Int] = [:]
    ids.reserveCapacity(frame.rowCount)
    for r in 0..<frame.rowCount {
      let id = column.isMissing(r) ? "" : column.text(r)
      ids.append(id)
      if !id.isEmpty && index[id] == nil { index[id] = r }
    }
    self.ids = ids
    rowByID = index
  }

  /// A CSV of feature rows, or a directory of raw tables built into features through the recipe.
  package static func load(path: String, model: CreditModel, idColumn: String) throws -> ClientTable {
    if ModelRows.isDirectory(path) {
      let (frame, raw) = try RawClientTables.load(directory: path, model: model, idColumn: idColumn)
      return try ClientTable(frame: frame, model: model, idColumn: idColumn, name: path, raw: raw)
    }
    return try ClientTable(
      frame: ModelRows.read(path: path, model: model), model: model, idColumn: idColumn, name: path)
  }

  package var count: Int { ids.count }

  package func row(of id: String) -> Int? { rowByID[id] }

  /// The client's feature values as posted fields, so a what-if on a loaded client goes through
  /// the same mapper as a new application.
  package func fields(row r: Int, model: CreditModel) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for (f, spec) in model.features.enumerated() {
      out[spec.name] = FeatureValues.json(rows.matrix.columns[f][r], spec)
    }
    return out
  }
}

/// A key value linking rows of two tables: a number for a numeric column (no text per row: the
/// side tables of a full-scale study have tens of millions of rows), else the text.
enum LinkKey: Hashable {
  case number(Double)
  case text(String)

  init(_ column: Column, _ row: Int) {
    self = column.isNumeric ? .number(column.doubleValue(row)) : .text(column.text(row))
  }
}

/// Conversions between model inputs (Double codes) and what a person or a caller sees.
enum FeatureValues {
  static func json(_ v: Double, _ spec: FeatureSpec) -> JSONValue {
    if v.isNaN { return .null }
    if let levels = spec.levels {
      let code = Int(v)
      return code >= 0 && code < levels.count ? .string(levels[code]) : .null
    }
    return .number(v)
  }

  /// An id posted as a number or a string, as the id column prints it.
  static func idText(_ value: JSONValue) -> String? {
    switch value {
    case .string(let s): return s
    case .number(let d) where d.isFinite && d == d.rounded() && abs(d) < 1e15: return String(Int64(d))
    case .number(let d) where d.isFinite: return String(d)
    default: return nil
    }
  }
}

import Foundation
import PSDCore
import PSDData
import PSDModels

/// Labelled or unlabelled rows read into the model's feature columns: the loaded clients
/// (`--clients`) or the training reference (`--reference`).
public struct ModelRows: Sendable {
  public let name: String
  public let matrix: FeatureMatrix
  /// The model's target per row (true = default), when the table has the target column.
  public let labels: [Bool]?
  /// The model's feature columns as a frame, for PSI.
  public let frame: DataFrame

  public init(frame: DataFrame, model: CreditModel, name: String) throws {
    self.name = name
    let names = model.features.map(\.name)
    self.frame = try frame.selecting(names, frameName: name)
    matrix = try model.featureMatrix(frame)
    labels = frame[model.target] == nil ? nil : try FeatureMatrix.targetLabels(frame, target: model.target, frameName: name)
  }

  /// Reads a CSV table. A directory (raw tables to be turned into features by a recipe) is
  /// refused until models carry one.
  public static func read(path: String, model: CreditModel) throws -> DataFrame {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw PSDError.usage("'\(path)' is a directory: raw tables need a model with a feature recipe",
                           notes: ["give a CSV whose columns include the client id and the model's features (save a frame from a study)"])
    }
    return try CSVReader.read(path: path).frame
  }
}

/// The clients the server holds, found by id. Only their model features (and id) are kept.
public struct ClientTable: Sendable {
  public let idColumn: String
  public let rows: ModelRows
  public let ids: [String]
  private let rowByID: [String: Int]

  public init(frame: DataFrame, model: CreditModel, idColumn: String, name: String) throws {
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

  public static func load(path: String, model: CreditModel, idColumn: String) throws -> ClientTable {
    try ClientTable(frame: ModelRows.read(path: path, model: model), model: model, idColumn: idColumn, name: path)
  }

  public var count: Int { ids.count }

  public func row(of id: String) -> Int? { rowByID[id] }

  /// The client's feature values as posted fields, so a what-if on a loaded client goes through
  /// the same mapper as a new application.
  public func fields(row r: Int, model: CreditModel) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for (f, spec) in model.features.enumerated() {
      out[spec.name] = FeatureValues.json(rows.matrix.columns[f][r], spec)
    }
    return out
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

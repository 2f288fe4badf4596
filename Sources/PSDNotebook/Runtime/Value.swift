import PSDCore
import PSDData
import PSDModels
import PSDWarehouse

/// What a name in the session is bound to.
package enum Value: Sendable {
  case frame(DataFrame)
  case number(Double)
  case string(String)
  case bool(Bool)
  case list([Value])
  case missing
  /// A trained model (gbdt or logistic) with its threshold and calibration.
  case model(CreditModel)
  /// Optimal bins of features against a target (`bin`), with WoE and IV.
  case binning(Binning)
  /// Open connections to a PostgreSQL-protocol warehouse (one server or a set of shards).
  case warehouse(Warehouse)
  /// A frame that lives in a warehouse (a table, a query, a table psd made there): commands
  /// that support it send SQL; `collect` or `sample` pulls rows into a frame.
  case warehouseFrame(RemoteFrame)
  /// A result with named fields: `e = evaluate m on te` gives e.auc, e.gini, e.ks, ...
  case record(Record)

  /// The kind, as users read it in messages ("'te' is a frame, not a model").
  package var kindName: String {
    switch self {
    case .frame: return "frame"
    case .number: return "number"
    case .string: return "string"
    case .bool: return "boolean"
    case .list: return "list"
    case .missing: return "missing value"
    case .model: return "model"
    case .binning: return "binning"
    case .warehouse: return "warehouse"
    case .warehouseFrame: return "warehouse frame"
    case .record(let r): return r.kind
    }
  }

  /// The kind with its article, for messages: "a frame", "an evaluation".
  package var kindWithArticle: String {
    let name = kindName
    return (name.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + name
  }

  /// Numbers, strings, booleans and missing: what a scalar name (`fn = 10`) holds, and what a
  /// bare name in a frame expression may stand for when it is not a column.
  package var isScalar: Bool {
    switch self {
    case .number, .string, .bool, .missing: return true
    default: return false
    }
  }

  /// One line for `names` and for statements whose result is not bound.
  package var summary: String {
    switch self {
    case .frame(let f): return "frame \(Format.count(f.rowCount, "row")) × \(Format.count(f.columnCount, "column"))"
    case .number(let v): return Format.number(v)
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return b ? "true" : "false"
    case .list(let items): return "[" + items.map(\.summary).joined(separator: ", ") + "]"
    case .missing: return "missing"
    case .model(let m): return m.headline
    case .binning(let b):
      return
        "binning of \(Format.count(b.features.count, "feature")) by \(b.target) on \(Format.count(b.rowCount)) rows"
    case .warehouse(let w): return w.summary
    case .warehouseFrame(let f): return f.summary
    case .record(let r): return r.summary
    }
  }
}

/// A result whose parts are read by name: `e.auc`. Fields keep the order they were made in.
package struct Record: Sendable {
  /// What it is, for messages: "evaluation".
  package var kind: String
  package var fields: [(name: String, value: Value)]

  package init(kind: String, fields: [(name: String, value: Value)]) {
    self.kind = kind
    self.fields = fields
  }

  package func field(_ name: String) -> Value? { fields.first { $0.name == name }?.value }

  package var fieldNames: [String] { fields.map(\.name) }

  /// `evaluation: auc 0.7512, gini 0.5024, ks 0.4101, … (20 fields)`: one line for `names` and
  /// `print` (numbers to 4 decimals, as tables print them); the name alone shows every field.
  package var summary: String {
    let shown = fields.prefix(3).map { field in
      if case .number(let v) = field.value, v != v.rounded() || abs(v) >= 1e15 {
        return "\(field.name) \(Format.fixed(v))"
      }
      return "\(field.name) \(field.value.summary)"
    }
    return kind + ": " + shown.joined(separator: ", ") + (fields.count > 3 ? ", … (\(fields.count) fields)" : "")
  }
}

import PSDData
import PSDModels
import PSDWarehouse

/// What a name in the session is bound to.
public enum Value: Sendable {
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

  /// The kind, as users read it in messages ("'te' is a frame, not a model").
  public var kindName: String {
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
    }
  }

  /// One line for `names` and for statements whose result is not bound.
  public var summary: String {
    switch self {
    case .frame(let f): return "frame \(Format.count(f.rowCount)) rows × \(f.columnCount) columns"
    case .number(let v): return Format.number(v)
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return b ? "true" : "false"
    case .list(let items): return "[" + items.map(\.summary).joined(separator: ", ") + "]"
    case .missing: return "missing"
    case .model(let m): return m.headline
    case .binning(let b):
      return "binning of \(Format.count(b.features.count, "feature")) by \(b.target) on \(Format.count(b.rowCount)) rows"
    case .warehouse(let w): return w.summary
    case .warehouseFrame(let f): return f.summary
    }
  }
}

import PSDData
import PSDModels

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
    }
  }
}

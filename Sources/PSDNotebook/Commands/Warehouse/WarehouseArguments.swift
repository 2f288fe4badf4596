import PSDCore
import PSDLanguage
import PSDWarehouse

extension CommandContext {
  /// The warehouse frame the next argument names (`app`, or the frame of `app.COL`), without
  /// consuming it; nil when it names anything else, so the in-memory path runs unchanged.
  func peekWarehouseFrame() -> (frame: RemoteFrame, name: String)? {
    guard let next = nextArgument else { return nil }
    let name: String
    switch next.kind {
    case .name(let n): name = n
    case .member(let base, _): name = base
    default: return nil
    }
    if case .warehouseFrame(let f)? = session.value(named: name) { return (f, name) }
    return nil
  }

  /// The warehouse frame named by the next argument.
  func warehouseFrame(_ what: String = "a warehouse frame") throws -> (frame: RemoteFrame, name: String) {
    let expr = try take(what)
    guard let name = expr.name else { throw error("\(spec.name): expected \(what), found \(expr.text)", at: expr) }
    let value = try session.lookup(name, at: expr)
    guard case .warehouseFrame(let f) = value else {
      throw error(
        "'\(name)' is \(value.kindWithArticle), not a warehouse frame", at: expr,
        notes: ["read one with: x = table wh \"application_train\""])
    }
    return (f, name)
  }

  /// The warehouse connection named by the next argument.
  func warehouse(_ what: String = "a warehouse") throws -> Warehouse {
    let expr = try take(what)
    guard let name = expr.name else { throw error("\(spec.name): expected \(what), found \(expr.text)", at: expr) }
    let value = try session.lookup(name, at: expr)
    guard case .warehouse(let w) = value else {
      throw error(
        "'\(name)' is \(value.kindWithArticle), not a warehouse", at: expr,
        notes: ["connect first: wh = connect \"postgresql://user@host/db\""])
    }
    return w
  }

  /// A column of a warehouse frame: a bare name, `x.COL` or a string, with did-you-mean.
  func warehouseColumn(of frame: RemoteFrame, named frameName: String, _ what: String = "a column") throws -> String {
    let expr = try take(what)
    return try warehouseColumn(expr, of: frame, named: frameName)
  }

  func warehouseColumn(_ expr: Expr, of frame: RemoteFrame, named frameName: String) throws -> String {
    let name: String
    switch expr.kind {
    case .name(let n), .string(let n): name = n
    case .member(let base, let c) where base == frameName: name = c
    default: throw error("\(spec.name): expected a column of '\(frameName)', found \(expr.text)", at: expr)
    }
    guard frame.columnNames.contains(name) else {
      var notes: [String] = []
      if let best = Suggestions.closest(to: name, among: frame.columnNames) { notes.append("did you mean '\(best)'?") }
      throw error("no column '\(name)' in '\(frameName)'", at: expr, notes: notes)
    }
    return name
  }

  /// One column or a `[A, B]` list of a warehouse frame.
  func warehouseColumns(of frame: RemoteFrame, named frameName: String, _ what: String) throws -> [String] {
    let expr = try take(what)
    if case .list(let items) = expr.kind {
      return try items.map { try warehouseColumn($0, of: frame, named: frameName) }
    }
    return [try warehouseColumn(expr, of: frame, named: frameName)]
  }
}

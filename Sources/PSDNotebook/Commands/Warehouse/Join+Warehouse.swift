import PSDData
import PSDWarehouse

extension JoinCommand {
  /// `join` of two warehouse frames: a temporary table made in the warehouse. A warehouse frame
  /// joined with an in-memory one is an error saying how to bring them together.
  static func runInWarehouse(_ c: CommandContext) throws -> Bool {
    guard let (left, leftName) = c.peekWarehouseFrame() else { return false }
    _ = try c.take("the left frame")
    guard let (right, rightName) = c.peekWarehouseFrame() else {
      let expr = try c.take("the right frame")
      throw c.error(
        "join: '\(leftName)' lives in the warehouse but '\(expr.text)' is in memory", at: expr,
        notes: ["collect '\(leftName)' first (x = collect \(leftName)), or join two warehouse frames"])
    }
    _ = try c.take("the right frame")
    try c.expectKeyword("on")
    let keys = try c.warehouseColumns(of: left, named: leftName, "the key column(s)")
    let kind = try c.choice("kind", as: JoinKind.self)
    let result = try RemoteFeatures.join(
      left, right, on: keys, kind: kind,
      suffix: try c.stringValue("suffix"),
      leftName: leftName, rightName: rightName, control: c.control)
    c.print("\(result.summary), made in the warehouse")
    c.result(.warehouseFrame(result))
    return true
  }
}

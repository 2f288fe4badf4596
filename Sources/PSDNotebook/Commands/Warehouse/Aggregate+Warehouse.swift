import PSDWarehouse

extension AggregateCommand {
  /// `aggregate` on a warehouse frame: a temporary table made in the warehouse
  /// (PSDWarehouse.RemoteFeatures), bound as a warehouse frame. False when the argument is not one.
  static func runInWarehouse(_ c: CommandContext) throws -> Bool {
    guard c.peekWarehouseFrame() != nil else { return false }
    let (remote, name) = try c.warehouseFrame()
    try c.expectKeyword("by")
    let keys = try c.warehouseColumns(of: remote, named: name, "the key column(s)")
    let specs = try statistics(c, columns: remote.columnNames, frameName: name)
    let result = try RemoteFeatures.aggregate(
      remote, by: keys, specs: specs, prefix: try c.string("prefix") ?? "",
      sizeColumn: try c.bool("size"), frameName: name,
      control: c.control)
    c.print("\(result.summary): one row per \(keys.joined(separator: ", ")), made in the warehouse")
    c.result(.warehouseFrame(result))
    return true
  }
}

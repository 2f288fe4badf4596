import PSDCore
import PSDData
import PSDWarehouse

extension DescribeCommand {
  /// `describe` on a warehouse frame: the statistics computed in the warehouse
  /// (PSDWarehouse.RemoteDescribe), laid out by the same tables as in memory, plus a line saying
  /// the quartiles are approximate and by how much. False when the argument is not one.
  static func runInWarehouse(_ c: CommandContext) throws -> Bool {
    guard let (remote, name) = c.peekWarehouseFrame() else { return false }
    let first = try c.take("a warehouse frame")
    var columns: [String]? = nil
    if case .member = first.kind { columns = [try c.warehouseColumn(first, of: remote, named: name)] }
    let top = try c.int("top", default: columns == nil ? 3 : 10)
    var target: String?
    if c.keyword("by") { target = try c.warehouseColumn(of: remote, named: name, "the target column") }
    if let t = target, columns == [t] { columns = [] }
    let result = try RemoteDescribe.describe(remote, columns: columns, by: target, topLevels: top, control: c.control)
    if let target {
      let grouped = GroupedDescription(target: target, classes: result.classes)
      c.print(renderGrouped(grouped, c, topLevels: top))
    } else if let one = result.classes.first?.description {
      if columns != nil, let column = one.columns.first {
        c.print(renderColumn(column, c))
      } else {
        c.print("\(name): \(Format.count(one.rows)) rows × \(remote.columns.count) columns (in the warehouse)")
        c.print(renderFrame(one, c))
      }
    }
    let widths = result.binWidths.filter { $0.value > 0 }
    if !widths.isEmpty {
      var line =
        "25%/50%/75% are approximate: read from \(Format.count(RemoteDescribe.bins))-bin histograms in the warehouse, each within one bin width"
      if widths.count == 1, let (column, width) = widths.first {
        line += " (\(column): \(TableRenderer.number(width, digits: c.settings.digits)))"
      } else {
        line += " ((max − min) / \(Format.count(RemoteDescribe.bins)) of its column)"
      }
      c.print(line)
    }
    return true
  }
}

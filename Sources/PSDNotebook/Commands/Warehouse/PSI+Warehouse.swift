import PSDCore
import PSDData
import PSDWarehouse

extension PSICommand {
  /// `psi` of two warehouse frames: bin counts computed in the warehouse with the reference's
  /// exact decile edges (PSDWarehouse.RemoteStability), printed like the in-memory result.
  static func runInWarehouse(_ c: CommandContext) throws -> Bool {
    guard let (reference, referenceName) = c.peekWarehouseFrame() else { return false }
    _ = try c.take("the reference frame")
    let (current, currentName) = try c.warehouseFrame("the warehouse frame to compare")
    var skip: Set<String> = ["SK_ID_CURR", "TARGET"]
    for name in try c.names("exclude") ?? [] {
      guard reference.columnNames.contains(name) else {
        throw PSDError.unknown("column", name, in: referenceName, candidates: reference.columnNames)
      }
      skip.insert(name)
    }
    let result = try RemoteStability.populationStability(
      reference: reference, current: current, skip: skip,
      control: c.control)
    try report(result, referenceName: referenceName, currentName: currentName, top: try c.int("top"), c)
    return true
  }
}

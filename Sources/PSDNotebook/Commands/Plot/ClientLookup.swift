import PSDData

/// `client=ID`: the row of one client, found in the SK_ID_CURR column.
enum ClientLookup {
  static let idColumn = "SK_ID_CURR"

  static func row(_ c: CommandContext, _ frame: DataFrame, _ frameName: String) throws -> (row: Int, id: String) {
    guard let client = try c.value(option: "client") else {
      throw c.error("plot-ascii: this chart is about one client: add client=ID (an \(idColumn))")
    }
    let wanted: String
    switch client {
    case .number(let v): wanted = Format.number(v)
    case .string(let s): wanted = s
    default: throw c.error("option 'client' expects an id like 100002", at: c.option("client")?.value)
    }
    let ids = try frame.column(idColumn, frameName: frameName)
    guard let row = (0..<frame.rowCount).first(where: { ids.text($0) == wanted }) else {
      throw c.error("no client \(wanted) in '\(frameName)' (column \(idColumn))", at: c.option("client")?.value)
    }
    return (row, wanted)
  }
}

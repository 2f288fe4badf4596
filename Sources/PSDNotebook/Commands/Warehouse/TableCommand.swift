import PSDWarehouse

/// `app = table wh "application_train"`: a frame that stays in the warehouse.
enum TableCommand {
  static let spec = CommandSpec(
    name: "table", topic: "warehouse",
    usage: ["X = table WAREHOUSE \"table\"", "X = table WAREHOUSE \"schema.table\""],
    summary: "a warehouse table as a frame that stays in the warehouse (no rows are read)",
    details: """
      Reads only the column names and types. describe, aggregate and join on such a frame run as SQL in \
      the warehouse; collect and sample pull rows into memory. Integer, floating-point, numeric, boolean \
      and text columns are read; any other type is an error naming the column (cast it with query).
      """,
    examples: ["app = table wh \"application_train\""],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let warehouse = try c.warehouse()
    let name = try c.quoted("a table name")
    let frame = try RemoteFrame.table(warehouse, name, control: c.control)
    c.print(frame.summary)
    c.result(.warehouseFrame(frame))
  }
}

import PSDCore
import PSDWarehouse

/// `x = collect app`: every row of a warehouse frame, into memory.
enum CollectCommand {
  static let spec = CommandSpec(
    name: "collect", topic: "warehouse",
    usage: ["X = collect WAREHOUSE_FRAME"],
    summary: "pull every row of a warehouse frame into memory (COPY … TO STDOUT into psd's CSV reader)",
    details: """
      Streams `COPY (SELECT …) TO STDOUT (FORMAT csv)` from every shard at once into a temporary file, \
      then reads it with psd's own CSV reader, each column typed as the warehouse types it. Progress shows \
      the bytes received; Ctrl-C cancels the query on the server (PQcancel) and leaves the session as it was.
      """,
    examples: ["app_rows = collect app"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (remote, _) = try c.warehouseFrame()
    let frame = try RemoteRows.collect(remote, control: c.control)
    c.print("collected \(Format.count(frame.rowCount)) rows × \(frame.columnCount) columns from \(remote.source)")
    c.result(.frame(frame))
  }
}

import PSDWarehouse

/// `x = query wh "SELECT ..."`: a query's rows as a frame that stays in the warehouse.
enum QueryCommand {
  static let spec = CommandSpec(
    name: "query", topic: "warehouse",
    usage: ["X = query WAREHOUSE \"SELECT …\""],
    summary: "a SQL query as a frame that stays in the warehouse (run when a command needs it)",
    details: """
      The query becomes a subquery of the SQL later commands send; psd runs it with LIMIT 0 once to \
      learn its columns, so a mistake is reported at once with the server's message. With shards the \
      query runs on every shard and the frame is the union of the results: row-level queries (filters, \
      derived columns, joins on the client key) give the right answer, a query that aggregates across \
      clients gives one result per shard.
      """,
    examples: ["recent = query wh \"SELECT * FROM bureau WHERE DAYS_CREDIT > -365\""],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let warehouse = try c.warehouse()
    let sql = try c.quoted("the SQL text")
    let frame = try RemoteFrame.query(warehouse, sql, control: c.control)
    c.print(frame.summary)
    c.result(.warehouseFrame(frame))
  }
}

import Foundation
import PSDCore
import PSDWarehouse

/// `wh = connect "postgresql://user@host/db"`, a service name, a list of shards, or env="VAR".
enum ConnectCommand {
  static let spec = CommandSpec(
    name: "connect", topic: "warehouse",
    usage: [
      "W = connect \"postgresql://user@host:port/db\"", "W = connect \"SERVICE\"",
      "W = connect [\"postgresql://…/s1\", \"postgresql://…/s2\"]", "W = connect env=\"PSD_WAREHOUSE_DSN\""
    ],
    summary: "open connections to a PostgreSQL-protocol warehouse (one server or a set of shards)",
    details: """
      Connects through libpq: a URI, key=value pairs, or a bare service name (pg_service.conf). A list \
      connects to shards that each hold part of every table, partitioned by client (all rows of one \
      SK_ID_CURR on one shard); psd then sends each query to every shard at once and merges the partial \
      results. env= reads the connection string(s) from an environment variable (several separated by \
      spaces). A password inside the string is refused, so it never reaches history, reports or saved \
      sessions: use ~/.pgpass, passfile=, a service file or PGPASSWORD. Nothing psd prints shows the \
      connection string. See Docs/warehouse.md.
      """,
    options: [OptionSpec("env", .text, "read the connection string(s) from this environment variable", as: "VAR")],
    examples: [
      "wh = connect \"postgresql://analyst@dwh.example.com/credit\"", "wh = connect env=\"PSD_WAREHOUSE_DSN\"",
      "wh = connect [\"postgresql://analyst@node1/credit\", \"postgresql://analyst@node2/credit\"]"
    ],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var dsns: [String]
    if let variable = try c.string("env") {
      guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else {
        throw c.error(
          "connect: the environment variable \(variable) is not set", at: c.option("env")?.value,
          notes: ["set it to a connection string, e.g. export \(variable)='postgresql://user@host/db'"])
      }
      dsns = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    } else {
      let expr = try c.take("a connection string in quotes, or a list of them")
      switch try c.session.evaluate(expr) {
      case .string(let s): dsns = [s]
      case .list(let items):
        dsns = try items.map { item in
          guard case .string(let s) = item else {
            throw c.error("connect: expected a list of quoted connection strings", at: expr)
          }
          return s
        }
      default: throw c.error("connect: expected a connection string in quotes, found \(expr.text)", at: expr)
      }
    }
    let warehouse = try Warehouse(dsns: dsns)
    c.print("connected to \(warehouse.summary)")
    c.result(.warehouse(warehouse))
  }
}

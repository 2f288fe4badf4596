import Foundation
import PSDCore
import PSDData

/// A PostgreSQL-protocol warehouse: one server, or a coordinator-free set of shards that each
/// hold a disjoint part of every table, partitioned by client (all rows of one SK_ID_CURR on one
/// shard). psd keeps one libpq connection per shard, opened by `connect` and closed when the
/// value is dropped. Connection strings are kept only to reconnect; nothing prints them.
/// `@unchecked Sendable`: the mutable state (`connections`, `tableCounter`) is only touched under
/// `lock`; the rest is immutable after `init`.
package final class Warehouse: @unchecked Sendable {
  private let conninfos: [String]
  private var connections: [PGConnection?]
  /// "user@host:port/db" per shard, for messages and `names`.
  package let labels: [String]
  package let serverVersion: String
  private let lock = NSLock()
  private var tableCounter = 0

  /// Opens every connection (all or nothing). A password inside a connection string is refused:
  /// it would be echoed into history, reports and saved sessions. Use ~/.pgpass, a service file
  /// or PGPASSWORD.
  package init(dsns: [String]) throws {
    guard !dsns.isEmpty else { throw PSDError.usage("connect: expected at least one connection string") }
    var infos: [String] = []
    for dsn in dsns {
      let info = Warehouse.conninfo(dsn)
      let parsed = PGConnection.parse(info)
      guard let keywords = parsed.keywords else {
        throw PSDError.usage(
          "connect: libpq cannot read the connection string: \(parsed.error ?? "invalid")",
          notes: ["expected postgresql://user@host:port/db, key=value pairs, or a service name"])
      }
      if let password = keywords["password"], !password.isEmpty {
        throw PSDError.usage(
          "connect: the connection string contains a password; psd never keeps passwords in scripts",
          notes: ["put it in ~/.pgpass (or a passfile= / service file, or PGPASSWORD) and leave it out of the string"])
      }
      infos.append(info)
    }
    var opened: [PGConnection] = []
    for info in infos { opened.append(try PGConnection(conninfo: info)) }  // earlier ones close on throw
    conninfos = infos
    connections = opened
    labels = opened.map(\.label)
    serverVersion = opened[0].serverVersion
  }

  /// A URI or key=value string as is; a bare word is a service name (pg_service.conf).
  static func conninfo(_ dsn: String) -> String {
    let trimmed = dsn.trimmingCharacters(in: .whitespaces)
    if trimmed.contains("://") || trimmed.contains("=") { return trimmed }
    return "service=\(trimmed)"
  }

  package var shardCount: Int { conninfos.count }

  /// "psd@127.0.0.1:25401/psd (PostgreSQL 15.18)" or "2 shards: …".
  package var summary: String {
    if labels.count == 1 { return "warehouse \(labels[0]) (PostgreSQL \(serverVersion))" }
    return "warehouse of \(labels.count) shards: " + labels.joined(separator: ", ") + " (PostgreSQL \(serverVersion))"
  }

  /// A fresh name for a temporary table (unique within this connection set).
  func temporaryName(_ stem: String) -> String {
    lock.lock(); defer { lock.unlock() }
    tableCounter += 1
    return "psd_\(stem)_\(tableCounter)"
  }

  /// The connection of shard `k`, reopened when the last one was lost.
  private func connection(_ k: Int) throws -> PGConnection {
    lock.lock(); defer { lock.unlock() }
    if let c = connections[k], c.isOpen { return c }
    let c = try PGConnection(conninfo: conninfos[k])
    connections[k] = c
    return c
  }

  /// Runs `body` on every shard at once (one thread per shard, up to the core count) and returns
  /// the results in shard order. The first failure is rethrown, naming the shard when there are
  /// several.
  func onEveryShard<T>(_ body: @escaping (PGConnection, Int) throws -> T) throws -> [T] {
    let n = shardCount
    let results = Parallel.map(n) { k -> Result<T, Error> in
      Result { try body(try self.connection(k), k) }
    }
    return try results.enumerated().map { k, r in
      switch r {
      case .success(let v): return v
      case .failure(let e):
        if n > 1, var p = e as? PSDError, p.kind != .cancelled {
          p.message = "shard \(k + 1) of \(n): " + p.message
          throw p
        }
        throw e
      }
    }
  }

  /// The same SQL on every shard; the rows of each.
  func query(_ sql: String, control: TaskControl) throws -> [PGRows] {
    try onEveryShard { c, _ in try c.execute(sql, control: control) }
  }

  /// Closes every connection now (the value stays usable: a later command reconnects).
  package func close() {
    lock.lock(); defer { lock.unlock() }
    for c in connections { c?.close() }
  }
}

/// One column of a warehouse frame, with the psd type its SQL type reads as. `name` is psd's name;
/// `sqlName` the column's name in the warehouse, which differs only for names longer than
/// PostgreSQL's 63-byte identifier limit (see `SQL.physicalName`).
package struct RemoteColumn: Sendable, Equatable {
  package var name: String
  package var type: ColumnType
  package var sqlType: String
  package var sqlName: String

  package init(name: String, type: ColumnType, sqlType: String, sqlName: String? = nil) {
    self.name = name
    self.type = type
    self.sqlType = sqlType
    self.sqlName = sqlName ?? name
  }

  /// The column in SQL, qualified by a relation alias: q."AMT_CREDIT".
  package func sql(_ alias: String = "q") -> String { "\(alias).\(SQL.identifier(sqlName))" }
}

/// A frame that lives in the warehouse: a table, a temporary table psd made, or a query. Nothing
/// is read until a command needs it; most commands send SQL and pull back only small results.
package struct RemoteFrame: Sendable {
  package let warehouse: Warehouse
  /// SQL for the rows: a quoted table name or a parenthesised query.
  package let relation: String
  /// How psd names it: the table name, or "query".
  package let source: String
  package let columns: [RemoteColumn]

  package var columnNames: [String] { columns.map(\.name) }

  package func column(_ name: String, frameName: String? = nil) throws -> RemoteColumn {
    if let c = columns.first(where: { $0.name == name }) { return c }
    throw PSDError.unknown("column", name, in: frameName ?? source, candidates: columnNames)
  }

  /// psd's name of each column whose warehouse name differs (physical → psd), to carry over
  /// into a table made from this one.
  var longNames: [String: String] {
    Dictionary(uniqueKeysWithValues: columns.filter { $0.sqlName != $0.name }.map { ($0.sqlName, $0.name) })
  }

  /// `table wh "application_train"` (optionally "schema.table").
  package static func table(_ warehouse: Warehouse, _ name: String, control: TaskControl = .none) throws -> RemoteFrame
  {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !name.isEmpty, parts.count <= 2, !parts.contains(where: \.isEmpty) else {
      throw PSDError.usage(
        "table: expected a table name like \"application_train\" or \"schema.table\", found \"\(name)\"")
    }
    let relation = parts.map(SQL.identifier).joined(separator: ".")
    do {
      return try describe(warehouse, relation: relation, source: name, control: control)
    } catch let e as PSDError where e.message.contains("does not exist") {
      let tables =
        (try? warehouse.query(
          "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog','information_schema')",
          control: control))?.first?.rows.compactMap { $0[0] } ?? []
      throw PSDError.unknown("table", name, in: warehouse.labels[0], candidates: tables)
    }
  }

  /// `query wh "SELECT ..."`: the query's rows (on every shard, their union).
  package static func query(_ warehouse: Warehouse, _ sql: String, control: TaskControl = .none) throws -> RemoteFrame {
    var body = sql.trimmingCharacters(in: .whitespacesAndNewlines)
    while body.hasSuffix(";") { body.removeLast() }
    guard !body.isEmpty else { throw PSDError.usage("query: the SQL text is empty") }
    return try describe(warehouse, relation: "(\(body))", source: "query", control: control)
  }

  /// Reads the column names and types (a zero-row query), checking every type is one psd reads.
  /// `longNames` gives psd's name of columns psd made under a shortened warehouse name.
  static func describe(
    _ warehouse: Warehouse, relation: String, source: String, longNames: [String: String] = [:],
    control: TaskControl
  ) throws -> RemoteFrame {
    let shapes = try warehouse.query("SELECT * FROM \(relation) AS q LIMIT 0", control: control)
    let first = shapes[0]
    for (k, s) in shapes.enumerated() where s.columns != first.columns || s.types != first.types {
      throw PSDError.data("'\(source)' has different columns on shard \(k + 1) than on shard 1")
    }
    var columns: [RemoteColumn] = []
    var seen = Set<String>()
    for (sqlName, oid) in zip(first.columns, first.types) {
      let name = longNames[sqlName] ?? sqlName
      guard seen.insert(name).inserted else {
        throw PSDError.data("'\(source)' has two columns named '\(name)'", notes: ["rename one with AS in the query"])
      }
      guard let (type, sqlType) = SQL.psdType(oid: oid) else {
        let found = (try? warehouse.query("SELECT format_type(\(oid), NULL)", control: control))?.first?.rows.first
        let typeName = found.flatMap { $0[0] } ?? "oid \(oid)"
        throw PSDError.data(
          "column '\(name)' of '\(source)' has the type \(typeName), which psd does not read",
          notes: [
            "psd reads integers, floating-point and numeric, booleans and text; cast it in a query: query wh \"SELECT \(name)::text AS \(name), ...\""
          ],
          subject: name)
      }
      columns.append(RemoteColumn(name: name, type: type, sqlType: sqlType, sqlName: sqlName))
    }
    return RemoteFrame(warehouse: warehouse, relation: relation, source: source, columns: columns)
  }

  /// "warehouse frame application_train (122 columns, 2 shards)".
  package var summary: String {
    let shards = warehouse.shardCount > 1 ? ", \(warehouse.shardCount) shards" : ""
    return "warehouse frame \(source) (\(columns.count) columns\(shards))"
  }

  /// Rows per shard (one count query each).
  package func rowCount(control: TaskControl = .none) throws -> Int {
    try warehouse.query("SELECT count(*) FROM \(relation) AS q", control: control)
      .reduce(0) { $0 + Int($1.rows[0][0] ?? "0")! }
  }
}

/// Quoting and literals for the SQL psd emits.
package enum SQL {
  /// A double-quoted identifier ("AMT_CREDIT"): upper-case names stay as they are.
  package static func identifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A single-quoted text literal.
  package static func literal(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }

  /// A float8 literal that reads back as exactly `x` (Swift prints the shortest round-trip
  /// digits; PostgreSQL's float8 input rounds correctly). Typed, so comparisons stay in float8.
  package static func float8(_ x: Double) -> String {
    if x.isNaN { return "'NaN'::float8" }
    if x.isInfinite { return x > 0 ? "'Infinity'::float8" : "'-Infinity'::float8" }
    return "'\(x)'::float8"
  }

  /// The psd type a PostgreSQL type oid reads as; nil for types psd does not read.
  static func psdType(oid: UInt32) -> (ColumnType, String)? {
    switch oid {
    case 20: return (.int, "bigint")
    case 21: return (.int, "smallint")
    case 23: return (.int, "integer")
    case 700: return (.float, "real")
    case 701: return (.float, "double precision")
    case 1700: return (.float, "numeric")
    case 16: return (.bool, "boolean")
    case 25: return (.category, "text")
    case 1043: return (.category, "varchar")
    case 1042: return (.category, "char")
    case 19: return (.category, "name")
    default: return nil
    }
  }

  /// PostgreSQL's identifier limit: it silently cuts longer names (two long names sharing their
  /// first 63 bytes would collide).
  package static let maximumIdentifierBytes = 63

  /// The warehouse name of a column psd makes: the name itself when it fits, otherwise its first
  /// bytes (whole characters) + "_" + 8 hex digits of the SHA-256 of the whole name, 63 bytes at
  /// most. psd keeps the full name in the frame, so users never see the short one; the hash keeps
  /// names that share a long prefix apart, and is the same in every session.
  package static func physicalName(_ name: String) -> String {
    guard name.utf8.count > maximumIdentifierBytes else { return name }
    let tag = "_" + String(SHA256.hex(of: Array(name.utf8)).prefix(8))
    var prefix = ""
    var bytes = 0
    for ch in name {
      let n = String(ch).utf8.count
      if bytes + n > maximumIdentifierBytes - tag.utf8.count { break }
      prefix.append(ch)
      bytes += n
    }
    return prefix + tag
  }
}

import CLibPQ
import Foundation
import PSDCore

/// Rows returned by a query, as text (libpq's text format); nil is SQL NULL.
package struct PGRows: Sendable {
  package var columns: [String]
  /// PostgreSQL type oids, one per column.
  package var types: [UInt32]
  package var rows: [[String?]]

  package func index(_ name: String) -> Int? { columns.firstIndex(of: name) }
}

/// One libpq connection. Every query is sent asynchronously and waited for in slices of 100 ms,
/// so Ctrl-C (the session's interrupt flag) can cancel it on the server with PQcancel. A
/// connection whose server went away is closed at once (never left half-open).
/// Not thread-safe: one statement at a time per connection (shards each have their own).
/// `@unchecked Sendable` so a shard's worker can use it: `Warehouse` hands each connection to one
/// worker at a time (one per shard in `onEveryShard`), never to two at once.
final class PGConnection: @unchecked Sendable {
  private var conn: OpaquePointer?
  /// "user@host:port/db": how messages name the server (never the password).
  let label: String

  /// Opens a connection or throws the server's message; nothing stays open on failure.
  init(conninfo: String) throws {
    let c = PQconnectdb(conninfo)
    guard let c, PQstatus(c) == CONNECTION_OK else {
      let message = c.map { PGConnection.text(PQerrorMessage($0)) } ?? "out of memory"
      if let c { PQfinish(c) }
      throw PSDError.io("cannot connect to the warehouse: \(PGConnection.firstLines(message))")
    }
    psd_pq_quiet(c)
    conn = c
    let user = PGConnection.text(PQuser(c)), host = PGConnection.text(PQhost(c))
    let port = PGConnection.text(PQport(c)), db = PGConnection.text(PQdb(c))
    label = "\(user)@\(host):\(port)/\(db)"
  }

  deinit { close() }

  var isOpen: Bool { conn != nil }

  func close() {
    if let conn { PQfinish(conn) }
    conn = nil
  }

  /// The server's version as "15.18".
  var serverVersion: String {
    guard let conn else { return "?" }
    let v = Int(PQserverVersion(conn))
    return "\(v / 10000).\(v % 10000)"
  }

  // MARK: queries

  /// Runs one or more SQL statements; returns the last result's rows (empty for commands).
  @discardableResult
  func execute(_ sql: String, control: TaskControl) throws -> PGRows {
    let conn = try live()
    PGConnection.log(sql)
    guard PQsendQuery(conn, sql) == 1 else { throw lost("sending the query") }
    var rows = PGRows(columns: [], types: [], rows: [])
    var failure: String?
    while let result = try nextResult(conn, control: control) {
      defer { PQclear(result) }
      switch PQresultStatus(result) {
      case PGRES_TUPLES_OK: rows = PGConnection.rows(of: result)
      case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: rows = PGRows(columns: [], types: [], rows: [])
      case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
        failure = "COPY is not allowed here"
      default: failure = failure ?? PGConnection.text(PQresultErrorMessage(result))
      }
    }
    try finish(failure, control: control)
    return rows
  }

  /// Runs `COPY (...) TO STDOUT` and hands each chunk of bytes to `sink`; returns the byte count.
  func copyOut(_ sql: String, control: TaskControl, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
    let conn = try live()
    PGConnection.log(sql)
    guard PQsendQuery(conn, sql) == 1 else { throw lost("sending the query") }
    var failure: String?
    var bytes = 0
    var cancelled = false
    while let result = try nextResult(conn, control: control) {
      let status = PQresultStatus(result)
      if status == PGRES_COPY_OUT {
        PQclear(result)
        copying: while true {
          var buffer: UnsafeMutablePointer<CChar>?
          let n = PQgetCopyData(conn, &buffer, 1)
          if n > 0, let buffer {
            defer { PQfreemem(buffer) }
            try sink(UnsafeRawBufferPointer(start: buffer, count: Int(n)))
            bytes += Int(n)
          } else if n == 0 {
            if control.isCancelled && !cancelled { cancelled = true; cancel(conn) }
            try waitForInput(conn)
          } else {
            break copying  // -1: done (the final status follows); -2: error (reported by PQgetResult)
          }
        }
        continue
      }
      defer { PQclear(result) }
      if status != PGRES_COMMAND_OK { failure = failure ?? PGConnection.text(PQresultErrorMessage(result)) }
    }
    try finish(failure, control: control)
    return bytes
  }

  // MARK: waiting, cancelling, failing

  private func live() throws -> OpaquePointer {
    guard let conn else { throw PSDError.io("the connection to \(label) is closed") }
    return conn
  }

  /// The next result of the query being run; waits in short slices, cancelling on Ctrl-C.
  private func nextResult(_ conn: OpaquePointer, control: TaskControl) throws -> OpaquePointer? {
    var cancelled = false
    while PQisBusy(conn) != 0 {
      if control.isCancelled && !cancelled {
        cancelled = true
        cancel(conn)
      }
      try waitForInput(conn)
    }
    return PQgetResult(conn)
  }

  private func waitForInput(_ conn: OpaquePointer) throws {
    let fd = PQsocket(conn)
    if fd < 0 || psd_pq_wait_readable(fd, 100) < 0 && errno != EINTR { throw lost("waiting for the server") }
    if PQconsumeInput(conn) == 0 { throw lost("reading from the server") }
  }

  /// Asks the server to stop the running statement (a separate connection, as libpq does it).
  private func cancel(_ conn: OpaquePointer) {
    guard let handle = PQgetCancel(conn) else { return }
    var buffer = [CChar](repeating: 0, count: 256)
    _ = PQcancel(handle, &buffer, Int32(buffer.count))
    PQfreeCancel(handle)
  }

  /// After the last result: the query's error (closing a broken connection), or cancellation.
  private func finish(_ failure: String?, control: TaskControl) throws {
    if let conn, PQstatus(conn) != CONNECTION_OK {
      let message = failure ?? PGConnection.text(PQerrorMessage(conn))
      close()
      throw PSDError.io(
        "the warehouse connection \(label) was lost: \(PGConnection.firstLines(message))",
        notes: ["psd closed it; the next warehouse command reconnects (temporary tables made before are gone)"])
    }
    if let failure {
      if control.isCancelled { throw PSDError(.cancelled, "interrupted") }
      throw PSDError.data("the warehouse (\(label)) refused the query: \(PGConnection.firstLines(failure))")
    }
    try control.checkCancelled()
  }

  private func lost(_ doing: String) -> PSDError {
    let message = conn.map { PGConnection.text(PQerrorMessage($0)) } ?? ""
    close()
    return PSDError.io(
      "the warehouse connection \(label) was lost while \(doing): \(PGConnection.firstLines(message))",
      notes: ["psd closed it; the next warehouse command reconnects (temporary tables made before are gone)"])
  }

  /// With PSD_SQL_LOG=FILE, every statement psd sends is appended to FILE (for Docs/warehouse.md
  /// and the benchmark, which replays them in psql). Statements only: no connection strings.
  private static let logPath = ProcessInfo.processInfo.environment["PSD_SQL_LOG"].flatMap { $0.isEmpty ? nil : $0 }
  private static let logLock = NSLock()

  static func log(_ sql: String) {
    guard let logPath else { return }
    logLock.lock(); defer { logLock.unlock() }
    guard let file = fopen(logPath, "a") else { return }
    fputs(sql + ";\n", file)
    fclose(file)
  }

  // MARK: text

  static func text(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }
  static func text(_ p: UnsafeMutablePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

  /// A server message without libpq's "ERROR:  " prefix and trailing newline; keeps DETAIL/HINT lines.
  static func firstLines(_ message: String) -> String {
    let lines = message.split(separator: "\n").map { line -> String in
      var s = String(line)
      for prefix in ["ERROR:  ", "FATAL:  "] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
      return s.trimmingCharacters(in: .whitespaces)
    }.filter { !$0.isEmpty && !$0.hasPrefix("LINE ") && !$0.hasPrefix("^") }
    return lines.prefix(3).joined(separator: "; ")
  }

  static func rows(of result: OpaquePointer) -> PGRows {
    let n = Int(PQntuples(result)), m = Int(PQnfields(result))
    let columns = (0..<m).map { text(PQfname(result, Int32($0))) }
    let types = (0..<m).map { UInt32(PQftype(result, Int32($0))) }
    var rows: [[String?]] = []
    rows.reserveCapacity(n)
    for i in 0..<n {
      rows.append(
        (0..<m).map { j in
          PQgetisnull(result, Int32(i), Int32(j)) != 0 ? nil : text(PQgetvalue(result, Int32(i), Int32(j)))
        })
    }
    return PGRows(columns: columns, types: types, rows: rows)
  }

  /// The keywords a connection string sets (nil when libpq cannot parse it, with its reason).
  static func parse(_ conninfo: String) -> (keywords: [String: String]?, error: String?) {
    var error: UnsafeMutablePointer<CChar>?
    guard let options = PQconninfoParse(conninfo, &error) else {
      let message = text(error)
      if let error { PQfreemem(error) }
      return (nil, message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    defer { PQconninfoFree(options) }
    var out: [String: String] = [:]
    var p = options
    while let keyword = p.pointee.keyword {
      if let value = p.pointee.val { out[String(cString: keyword)] = String(cString: value) }
      p += 1
    }
    return (out, nil)
  }
}

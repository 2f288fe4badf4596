import Foundation
import PSDCore
import PSDData

/// Pulling rows into memory: `COPY (SELECT …) TO STDOUT (FORMAT csv)` from every shard at once,
/// streamed into one temporary file that psd's own CSV reader then loads, with each column's type
/// taken from the warehouse (a text column of digits stays categorical).
package enum RemoteRows {
  package static func collect(_ frame: RemoteFrame, control: TaskControl = .none) throws -> DataFrame {
    try pull(frame, from: "SELECT \(selectList(frame)) FROM \(frame.relation) AS q", control: control)
  }

  /// A stratified sample of `n` rows: each class (and each shard) keeps its share of the rows,
  /// rounded by largest remainder so the total is exactly `n` (all rows when there are fewer).
  /// Which rows: the first by md5(seed || row text), so the same seed gives the same sample.
  package static func sample(
    _ frame: RemoteFrame, by target: String, n: Int, seed: Int = 42,
    frameName: String? = nil, control: TaskControl = .none
  ) throws -> DataFrame {
    guard n > 0 else { throw PSDError.usage("sample: n must be at least 1") }
    let t = try frame.column(target, frameName: frameName).sql()
    let counts = try frame.warehouse.query(
      "SELECT \(t)::text, count(*) FROM \(frame.relation) AS q GROUP BY 1", control: control)
    var cells: [(shard: Int, label: String?, rows: Int)] = []
    for (k, shard) in counts.enumerated() { for row in shard.rows { cells.append((k, row[0], Int(row[1]!)!)) } }
    let total = cells.reduce(0) { $0 + $1.rows }
    let take = allocate(n: min(n, total), among: cells.map(\.rows))
    let list = selectList(frame)
    let sql = (0..<frame.warehouse.shardCount).map { k -> String in
      let conditions = cells.indices.filter { cells[$0].shard == k && take[$0] > 0 }.map { i -> String in
        let label = cells[i].label.map { "s.psd_class = \(SQL.literal($0))" } ?? "s.psd_class IS NULL"
        return "(\(label) AND s.psd_rank <= \(take[i]))"
      }
      return """
        SELECT \(frame.columns.map { $0.sql("s") }.joined(separator: ", ")) FROM (SELECT \(list), \
        \(t)::text AS psd_class, row_number() OVER (PARTITION BY \(t) ORDER BY md5(\(SQL.literal("\(seed):")) || q::text)) AS psd_rank \
        FROM \(frame.relation) AS q) AS s WHERE \(conditions.isEmpty ? "false" : conditions.joined(separator: " OR "))
        """
    }
    return try pull(frame, perShard: sql, control: control)
  }

  /// Largest-remainder rounding of n · size / total: non-negative, sums to n, never above size.
  static func allocate(n: Int, among sizes: [Int]) -> [Int] {
    let total = sizes.reduce(0, +)
    guard total > 0 else { return sizes.map { _ in 0 } }
    let exact = sizes.map { Double(n) * Double($0) / Double(total) }
    var out = exact.map { Int($0.rounded(.down)) }
    var left = n - out.reduce(0, +)
    for i in exact.indices.sorted(by: { exact[$0] - Double(out[$0]) > exact[$1] - Double(out[$1]) }) where left > 0 {
      if out[i] < sizes[i] { out[i] += 1; left -= 1 }
    }
    return out
  }

  /// Every column, booleans spelled true/false (COPY writes t/f).
  static func selectList(_ frame: RemoteFrame) -> String {
    frame.columns.map { c in
      let x = c.sql()
      return c.type == .bool
        ? "(CASE WHEN \(x) THEN 'true' WHEN NOT \(x) THEN 'false' END) AS \(SQL.identifier(c.sqlName))" : x
    }.joined(separator: ", ")
  }

  static func pull(_ frame: RemoteFrame, from sql: String, control: TaskControl) throws -> DataFrame {
    try pull(frame, perShard: Array(repeating: sql, count: frame.warehouse.shardCount), control: control)
  }

  /// Streams each shard's COPY into its own file (concurrently), joins them under one header,
  /// and reads the result with the warehouse's column types.
  static func pull(_ frame: RemoteFrame, perShard sql: [String], control: TaskControl) throws -> DataFrame {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("psd-collect-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let received = SharedCounter()
    let paths = try frame.warehouse.onEveryShard { connection, k -> String in
      let path = directory.appendingPathComponent("shard\(k).csv").path
      guard let out = fopen(path, "wb") else {
        throw PSDError.io("collect: cannot write a temporary file in \(directory.path)")
      }
      defer { fclose(out) }
      var reported = 0
      _ = try connection.copyOut(
        "COPY (\(sql[k])) TO STDOUT (FORMAT csv, HEADER \(k == 0 ? "true" : "false"))",
        control: control
      ) { chunk in
        if fwrite(chunk.baseAddress, 1, chunk.count, out) != chunk.count {
          throw PSDError.io("collect: the disk is full?")
        }
        let total = received.add(chunk.count)
        if total - reported > 1 << 20 {
          reported = total
          control.report("collect", done: Double(total), detail: "bytes from the warehouse")
        }
      }
      return path
    }
    var combined = paths[0]
    if paths.count > 1 {
      combined = directory.appendingPathComponent("all.csv").path
      guard let out = fopen(combined, "wb") else { throw PSDError.io("collect: cannot write a temporary file") }
      defer { fclose(out) }
      var buffer = [UInt8](repeating: 0, count: 1 << 20)
      for p in paths {
        guard let input = fopen(p, "rb") else { continue }
        defer { fclose(input) }
        while true {
          let n = fread(&buffer, 1, buffer.count, input)
          if n == 0 { break }
          if fwrite(buffer, 1, n, out) != n { throw PSDError.io("collect: the disk is full?") }
        }
      }
    }
    // The header holds the warehouse names; long names get psd's full name back.
    var options = CSVReadOptions()
    for c in frame.columns { options.columnTypes[c.sqlName] = c.type }
    let pulled = try CSVReader.read(path: combined, displayName: frame.source, options: options, control: control).frame
    let renamed = frame.columns.filter { $0.sqlName != $0.name }.map { (from: $0.sqlName, to: $0.name) }
    return renamed.isEmpty ? pulled : try pulled.renaming(renamed)
  }
}

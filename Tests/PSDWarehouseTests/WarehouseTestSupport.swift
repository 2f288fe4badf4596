import Foundation
import PSDCore
import PSDData
import PSDTestSupport
@testable import PSDWarehouse

/// The servers Scripts/warehouse-up.sh starts (Scripts/test.sh exports their DSNs):
/// PSD_WAREHOUSE_DSN, a single node; PSD_WAREHOUSE_SHARDS, two shards split by SK_ID_CURR.
enum Servers {
  static let environment = ProcessInfo.processInfo.environment
  static let single = environment["PSD_WAREHOUSE_DSN"].flatMap { $0.isEmpty ? nil : $0 }
  static let shards = (environment["PSD_WAREHOUSE_SHARDS"] ?? "").split(separator: " ").map(String.init)
  static var available: Bool { single != nil && shards.count >= 2 }
  static let reason =
    "the warehouse tests did not run: PSD_WAREHOUSE_DSN and PSD_WAREHOUSE_SHARDS are not set (bash Scripts/warehouse-up.sh starts the servers; Scripts/test.sh does it)"

  /// Both layouts every equivalence test runs on.
  static let layouts = ["single", "shards"]

  static func dsns(_ layout: String) -> [String] { layout == "single" ? [single!] : shards }

  static func warehouse(_ layout: String) throws -> Warehouse { try Warehouse(dsns: dsns(layout)) }

  /// A DSN with one more query parameter (application_name=, passfile=, port changes).
  static func with(_ dsn: String, _ parameter: String) -> String {
    dsn + (dsn.contains("?") ? "&" : "?") + parameter
  }
}

/// The bundled sample the servers were loaded from, read in memory.
func sample(_ table: String) throws -> DataFrame {
  try CSVReader.read(path: repositoryPath("Examples/data/\(table).csv")).frame
}

/// Rows keyed by the text of column `key` (the warehouse returns rows in no fixed order).
func rowsByKey(_ frame: DataFrame, _ key: String) throws -> [String: Int] {
  let column = try frame.column(key)
  var out: [String: Int] = [:]
  for i in 0..<frame.rowCount { out[column.text(i)] = i }
  return out
}

/// `frame`'s rows in the order of `reference`'s `key` values (a shard merge has its own order); a
/// key `frame` lacks is an error, and extra rows in `frame` make the row counts differ.
func inRowOrder(of reference: DataFrame, _ frame: DataFrame, key: String) throws -> DataFrame {
  let rows = try rowsByKey(frame, key)
  let keys = try reference.column(key)
  let order = try (0..<reference.rowCount).map { i in
    guard let j = rows[keys.text(i)] else { throw PSDError.data("key \(keys.text(i)) is missing") }
    return j
  }
  return frame.rowCount == reference.rowCount ? frame.gather(order) : frame
}

func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  return abs(a - b) <= relative * max(1, abs(a), abs(b))
}

import PSDCore

/// A columnar table: named, typed columns of equal length.
/// Invariant: every column has `rowCount` values and names are unique.
public struct DataFrame: Sendable {
  public private(set) var columns: [Column]
  public private(set) var rowCount: Int
  private var indexByName: [String: Int]
  /// How the frame was built from loaded files (set by the notebook's commands; nil when unknown).
  /// Operations return frames without it: the statement that ran attaches the new node.
  public var lineage: FrameLineage?

  public init(columns: [Column]) throws {
    var index: [String: Int] = [:]
    for (i, column) in columns.enumerated() {
      if column.name.isEmpty { throw PSDError.data("column \(i + 1) has an empty name") }
      if index[column.name] != nil {
        throw PSDError.data("duplicate column name '\(column.name)'", subject: column.name)
      }
      index[column.name] = i
    }
    let rows = columns.first?.count ?? 0
    if let bad = columns.first(where: { $0.count != rows }) {
      throw PSDError.data("column '\(bad.name)' has \(bad.count) rows, expected \(rows)")
    }
    self.columns = columns
    self.rowCount = rows
    self.indexByName = index
  }

  /// A frame with no columns and no rows.
  public static let empty = try! DataFrame(columns: [])

  public var columnCount: Int { columns.count }
  public var columnNames: [String] { columns.map(\.name) }

  public func columnIndex(_ name: String) -> Int? { indexByName[name] }

  public subscript(name: String) -> Column? {
    indexByName[name].map { columns[$0] }
  }

  /// The column, or an error with a did-you-mean note naming the frame.
  public func column(_ name: String, frameName: String? = nil) throws -> Column {
    if let i = indexByName[name] { return columns[i] }
    throw PSDError.unknown("column", name, in: frameName, candidates: columnNames)
  }

  /// Rows picked by index (-1 gives a row of missing values).
  public func gather(_ rows: [Int]) -> DataFrame {
    try! DataFrame(columns: columns.map { $0.gather(rows) })
  }

  /// Adds a column, or replaces the one with the same name in place.
  public func setting(_ column: Column) throws -> DataFrame {
    if column.count != rowCount && !columns.isEmpty {
      throw PSDError.data("column '\(column.name)' has \(column.count) rows, frame has \(rowCount)")
    }
    var cols = columns
    if let i = indexByName[column.name] { cols[i] = column } else { cols.append(column) }
    return try DataFrame(columns: cols)
  }

  public func selecting(_ names: [String], frameName: String? = nil) throws -> DataFrame {
    try DataFrame(columns: names.map { try column($0, frameName: frameName) })
  }

  public func dropping(_ names: [String], frameName: String? = nil) throws -> DataFrame {
    for n in names { _ = try column(n, frameName: frameName) }
    let drop = Set(names)
    return try DataFrame(columns: columns.filter { !drop.contains($0.name) })
  }
}

import PSDCore

/// A columnar table: named, typed columns of equal length.
/// Invariant: every column has `rowCount` values and names are unique.
package struct DataFrame: Sendable {
  package private(set) var columns: [Column]
  package private(set) var rowCount: Int
  private var indexByName: [String: Int]
  /// How the frame was built from loaded files (set by the notebook's commands; nil when unknown).
  /// Operations return frames without it: the statement that ran attaches the new node.
  package var lineage: FrameLineage?

  package init(columns: [Column]) throws {
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

  /// A frame from columns already known to have distinct names and `rowCount` rows, with their
  /// name index (a copy of another frame's, extended): no checks and no re-hashing of names that
  /// were indexed before. Joins and `setting` on frames of ~700 columns spent most of a
  /// one-application replay re-hashing the same names.
  init(unchecked columns: [Column], rowCount: Int, index: [String: Int]) {
    self.columns = columns
    self.rowCount = rowCount
    self.indexByName = index
  }

  /// Hands the columns over and leaves the frame empty: a caller building a wider frame from
  /// this one grows the array in place (when nothing else holds it) instead of copying it.
  mutating func takeColumns() -> [Column] {
    var out: [Column] = []
    swap(&out, &columns)
    rowCount = 0
    indexByName = [:]
    return out
  }

  /// A frame with no columns and no rows.
  package static let empty = try! DataFrame(columns: [])

  package var columnCount: Int { columns.count }
  package var columnNames: [String] { columns.map(\.name) }

  package func columnIndex(_ name: String) -> Int? { indexByName[name] }

  /// Every column's position by name (to build a frame with the same or more columns).
  var columnIndexes: [String: Int] { indexByName }

  package subscript(name: String) -> Column? {
    indexByName[name].map { columns[$0] }
  }

  /// The column, or an error with a did-you-mean note naming the frame.
  package func column(_ name: String, frameName: String? = nil) throws -> Column {
    if let i = indexByName[name] { return columns[i] }
    throw PSDError.unknown("column", name, in: frameName, candidates: columnNames)
  }

  /// Rows picked by index (-1 gives a row of missing values).
  package func gather(_ rows: [Int]) -> DataFrame {
    DataFrame(
      unchecked: columns.map { $0.gather(rows) }, rowCount: columns.isEmpty ? 0 : rows.count, index: indexByName)
  }

  /// Adds a column, or replaces the one with the same name in place.
  package func setting(_ column: Column) throws -> DataFrame {
    if column.count != rowCount && !columns.isEmpty {
      throw PSDError.data("column '\(column.name)' has \(column.count) rows, frame has \(rowCount)")
    }
    if column.name.isEmpty { throw PSDError.data("column \(columns.count + 1) has an empty name") }
    var cols = columns
    var index = indexByName
    if let i = indexByName[column.name] {
      cols[i] = column
    } else {
      index[column.name] = cols.count
      cols.append(column)
    }
    return DataFrame(unchecked: cols, rowCount: column.count, index: index)
  }

  package func selecting(_ names: [String], frameName: String? = nil) throws -> DataFrame {
    try DataFrame(columns: names.map { try column($0, frameName: frameName) })
  }

  package func dropping(_ names: [String], frameName: String? = nil) throws -> DataFrame {
    for n in names { _ = try column(n, frameName: frameName) }
    let drop = Set(names)
    return try DataFrame(columns: columns.filter { !drop.contains($0.name) })
  }
}

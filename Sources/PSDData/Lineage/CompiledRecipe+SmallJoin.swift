import PSDCore

/// A join step whose output layout is known before any row arrives: both inputs are conformed
/// to their training schemas, so the output is the left schema then the right's non-key
/// columns, named as `join` names them — the join step's own schema. One application's joins
/// (one row on each side) then need no hashing of ~700 column names: the frame is built with
/// the step's prepared name index.
struct PreparedJoin: Sendable {
  /// Positions of the key columns in the left and in the right input schema (int keys only).
  let leftKeys: [Int]
  let rightKeys: [Int]
  /// Right input positions of the non-key columns, in output order.
  let rightColumns: [Int]
  /// Columns of the recipe's widest step.
  let capacity: Int

  /// Below this many left × right rows, matching by a scan beats building a hash table.
  static let maximumPairs = 4096

  /// nil when the layout cannot be told in advance (keys that are not int columns on both
  /// sides, or a training schema that is not the join's own naming of its inputs).
  init?(
    keys: [String], suffix: String, left: [ColumnSchema], right: [ColumnSchema],
    output: [ColumnSchema], capacity: Int
  ) {
    var leftKeys: [Int] = [], rightKeys: [Int] = []
    for key in keys {
      guard let l = left.firstIndex(where: { $0.name == key }), left[l].type == .int,
        let r = right.firstIndex(where: { $0.name == key }), right[r].type == .int
      else { return nil }
      leftKeys.append(l)
      rightKeys.append(r)
    }
    // The names `DataFrame.joinCounting` gives: a right name already taken gets the suffix.
    var taken = Set(left.map(\.name))
    var expected = left
    var rightColumns: [Int] = []
    for (i, c) in right.enumerated() where !keys.contains(c.name) {
      var name = c.name
      if taken.contains(name) {
        name = c.name + suffix
        var n = 2
        while taken.contains(name) { name = c.name + suffix + String(n); n += 1 }
      }
      taken.insert(name)
      expected.append(ColumnSchema(name: name, type: c.type))
      rightColumns.append(i)
    }
    guard expected == output else { return nil }
    self.leftKeys = leftKeys
    self.rightKeys = rightKeys
    self.rightColumns = rightColumns
    self.capacity = capacity
  }

  /// The left join of two small frames conformed to the step's input schemas, or nil when it
  /// is not small or a left row matches several right rows (the general join repeats or
  /// refuses those). The same columns and values as `DataFrame.join(kind: .left)`.
  /// `consume`: the left frame is read for the last time; its columns are taken (it is left
  /// empty) and the right's appended in place, not copied into a new array.
  func join(
    _ left: inout DataFrame, _ right: DataFrame, consume: Bool, schema: [ColumnSchema], index: [String: Int]
  ) -> DataFrame? {
    guard left.rowCount * right.rowCount <= PreparedJoin.maximumPairs else { return nil }
    /// Each key column's values, nil where missing (missing keys match nothing).
    func keyValues(_ frame: DataFrame, _ positions: [Int]) -> [[Int64?]]? {
      var out: [[Int64?]] = []
      for p in positions {
        guard case .int(let values, let valid) = frame.columns[p].data else { return nil }
        out.append(values.indices.map { valid?[$0] == false ? nil : values[$0] })
      }
      return out
    }
    guard let lk = keyValues(left, leftKeys), let rk = keyValues(right, rightKeys) else { return nil }
    var rightRows = [Int](repeating: -1, count: left.rowCount)
    for l in 0..<left.rowCount {
      for r in 0..<right.rowCount {
        var equal = true
        for k in lk.indices {
          guard let a = lk[k][l], let b = rk[k][r], a == b else { equal = false; break }
        }
        guard equal else { continue }
        if rightRows[l] >= 0 { return nil }
        rightRows[l] = r
      }
    }
    let unmatched = rightRows.contains { $0 < 0 }
    // Row l matched right row l (one application and its one aggregated row): the right
    // columns are taken as they are, not copied row by row.
    let aligned = !unmatched && right.rowCount == left.rowCount && rightRows.indices.allSatisfy { rightRows[$0] == $0 }
    let rows = left.rowCount
    var columns = consume ? left.takeColumns() : left.columns
    // Room for the widest frame of the recipe: a chain of joins grows one array, never moves it.
    columns.reserveCapacity(Swift.max(schema.count, capacity))
    for p in rightColumns {
      var c = aligned ? right.columns[p] : right.columns[p].gatherRows(rightRows, hasMissingRows: unmatched)
      c.name = schema[columns.count].name
      columns.append(c)
    }
    return DataFrame(unchecked: columns, rowCount: rows, index: index)
  }
}

import PSDCore

extension DataFrame {
  /// Adds (or replaces) column `name` with the expression's value on every row.
  /// Numbers give a float column, conditions a bool column, text a categorical column.
  package func derive(
    _ name: String, _ expression: FrameExpression,
    frameName: String? = nil
  ) throws -> DataFrame {
    if name.isEmpty { throw PSDError.usage("derive needs a column name") }
    let value = try expression.evaluate(on: self, frameName: frameName)
    return try setting(value.column(named: name, rows: rowCount))
  }

  /// The rows where the condition holds; rows where it is missing are dropped (as SQL does).
  package func filter(_ condition: FrameExpression, frameName: String? = nil) throws -> DataFrame {
    let value = try condition.evaluate(on: self, frameName: frameName)
    let keep: [Int8]
    switch value {
    case .truth(let t): keep = t
    case .boolean(let b): return b ? self : gather([])
    case .missing: return gather([])
    default:
      throw PSDError.data(
        "filter needs a condition (a comparison, 'is missing', and/or/not)",
        notes: ["for example: filter app where AMT_INCOME_TOTAL > 100000"])
    }
    var rows: [Int] = []
    rows.reserveCapacity(keep.count)
    for i in 0..<keep.count where keep[i] == 1 { rows.append(i) }
    return rows.count == rowCount ? self : gatherRows(rows)
  }
}

/// Public initialisers for the describe results, so statistics computed elsewhere (the
/// warehouse's pushed-down SQL) are laid out by the same renderer as the in-memory ones.
extension NumericSummary {
  package init(
    count: Int, missing: Int, mean: Double, std: Double, min: Double, q25: Double,
    median: Double, q75: Double, max: Double, integer: Bool
  ) {
    self.init(
      count: count, missing: missing, mean: mean, std: std, min: min, q25: q25, median: median,
      q75: q75, max: max, isInteger: integer)
  }
}

extension CategorySummary {
  package init(count: Int, missing: Int, distinct: Int, top: [(label: String, count: Int)]) {
    self.init(
      count: count, missing: missing, distinct: distinct,
      top: top.map { Level(label: $0.label, count: $0.count) })
  }
}

extension ColumnSummary {
  package init(name: String, type: ColumnType, rows: Int, numeric: NumericSummary) {
    self.init(name: name, type: type, rows: rows, statistics: .numeric(numeric))
  }
  package init(name: String, type: ColumnType, rows: Int, category: CategorySummary) {
    self.init(name: name, type: type, rows: rows, statistics: .category(category))
  }
}

extension FrameDescription {
  package init(rowCount: Int, summaries: [ColumnSummary]) { self.init(rows: rowCount, columns: summaries) }
}

extension GroupedDescription {
  package init(target: String, classes: [(label: String, description: FrameDescription)]) {
    self.init(target: target, groups: classes.map { Group(label: $0.label, description: $0.description) })
  }
}

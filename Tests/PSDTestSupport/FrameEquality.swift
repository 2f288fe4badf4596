import PSDData
import Testing

/// How close two numbers must be to count as equal: |a - b| <= absolute, or
/// |a - b| <= relative * max(|a|, |b|). The default, `.exact`, wants the same number (bit for bit,
/// so -0.0 and 0.0 differ as their CSV text does). Missing equals missing in every mode.
package struct Tolerance: Sendable, CustomStringConvertible {
  package var absolute: Double
  package var relative: Double

  package init(absolute: Double = 0, relative: Double = 0) {
    self.absolute = absolute
    self.relative = relative
  }

  package static let exact = Tolerance()

  package var description: String {
    self.absolute == 0 && relative == 0 ? "exact" : "absolute \(self.absolute), relative \(relative)"
  }

  /// Whether `a` and `b` are equal within the tolerance (NaN, missing, equals only NaN).
  package func accepts(_ a: Double, _ b: Double) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if absolute == 0 && relative == 0 { return a.bitPattern == b.bitPattern }
    if a == b { return true }  // infinities of the same sign
    let difference = Swift.abs(a - b)
    return difference <= absolute || difference <= relative * Swift.max(Swift.abs(a), Swift.abs(b))
  }
}

/// What differs between two frames, or nil when they are equal: the row count, the column names
/// (in order), each column's type, then the values (numbers within `tolerance`, categories by
/// label, missing equal to missing). The message names the first differing column and row and
/// counts the rows that differ in it. `numericTypesMayDiffer`: an int column may equal a float
/// one (a database's types), compared as numbers; other type pairs compare as text.
package func frameDifference(
  _ actual: DataFrame, _ expected: DataFrame, tolerance: Tolerance = .exact, numericTypesMayDiffer: Bool = false
) -> String? {
  if actual.columnNames != expected.columnNames {
    let missing = expected.columnNames.filter { !actual.columnNames.contains($0) }
    let extra = actual.columnNames.filter { !expected.columnNames.contains($0) }
    var parts = ["the columns differ: \(actual.columnNames) is not \(expected.columnNames)"]
    if !missing.isEmpty { parts.append("missing \(missing)") }
    if !extra.isEmpty { parts.append("not expected \(extra)") }
    if missing.isEmpty && extra.isEmpty { parts.append("same names, another order") }
    return parts.joined(separator: "; ")
  }
  if actual.rowCount != expected.rowCount {
    return "\(actual.rowCount) rows, expected \(expected.rowCount)"
  }
  for (a, e) in zip(actual.columns, expected.columns) {
    if a.type != e.type && !numericTypesMayDiffer { return "column \(a.name) is \(a.type), expected \(e.type)" }
    var first: Int? = nil
    var count = 0
    for row in 0..<e.count where !sameValue(a, e, row, tolerance) {
      if first == nil { first = row }
      count += 1
    }
    if let row = first {
      return "column \(a.name), row \(row): \(shown(a, row)), expected \(shown(e, row)) "
        + "(\(count) of \(e.count) rows differ; tolerance \(tolerance))"
    }
  }
  return nil
}

/// Records an issue, at the caller's line, when two frames differ (see `frameDifference`).
package func expectFramesEqual(
  _ actual: DataFrame, _ expected: DataFrame, tolerance: Tolerance = .exact, numericTypesMayDiffer: Bool = false,
  _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  if let difference = frameDifference(
    actual, expected, tolerance: tolerance, numericTypesMayDiffer: numericTypesMayDiffer)
  {
    Issue.record("\(context.isEmpty ? "" : context + ": ")\(difference)", sourceLocation: sourceLocation)
  }
}

private func sameValue(_ a: Column, _ e: Column, _ row: Int, _ tolerance: Tolerance) -> Bool {
  let missing = (a.isMissing(row), e.isMissing(row))
  if missing.0 || missing.1 { return missing.0 && missing.1 }
  if a.type != e.type && !(a.isNumeric && e.isNumeric) { return a.text(row) == e.text(row) }
  switch (a.data, e.data) {
  case (.category, .category): return a.label(row) == e.label(row)
  case (.int(let x, _), .int(let y, _)) where tolerance.absolute == 0 && tolerance.relative == 0:
    return x[row] == y[row]  // exact without a round trip through Double
  default: return tolerance.accepts(a.doubleValue(row), e.doubleValue(row))
  }
}

private func shown(_ column: Column, _ row: Int) -> String {
  column.isMissing(row) ? "missing" : (column.type == .category ? "'\(column.text(row))'" : column.text(row))
}

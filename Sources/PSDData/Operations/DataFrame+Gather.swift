import PSDCore

extension Column {
  /// Rows picked by index over spans; -1 gives a missing value. Same result as `gather`,
  /// without per-element closures (joins and filters move millions of cells).
  func gatherRows(_ rows: [Int], hasMissingRows: Bool) -> Column {
    switch data {
    case .float(let v):
      return .float(name, gathered(v, rows, missing: .nan, hasMissingRows: hasMissingRows))
    case .int(let v, let valid):
      let out = gathered(v, rows, missing: 0, hasMissingRows: hasMissingRows)
      var mask: [Bool]? = nil
      if let valid {
        mask = gathered(valid, rows, missing: false, hasMissingRows: hasMissingRows)
      } else if hasMissingRows {
        mask = rows.map { $0 >= 0 }
      }
      if let mk = mask, !mk.contains(false) { mask = nil }
      return .int(name, out, valid: mask)
    case .bool(let v):
      return .bool(name, gathered(v, rows, missing: -1, hasMissingRows: hasMissingRows))
    case .category(let c, let levels):
      return .category(name, codes: gathered(c, rows, missing: -1, hasMissingRows: hasMissingRows), levels: levels)
    }
  }
}

/// `source[rows[i]]` for every i, `missing` where `rows[i]` is negative (only looked for when
/// `hasMissingRows`). Through spans: every index is bounds-checked and no pointer outlives the
/// array that lent it.
@inline(__always)
func gathered<T: BitwiseCopyable>(_ source: [T], _ rows: [Int], missing: T, hasMissingRows: Bool) -> [T] {
  let src = source.span, r = rows.span
  var out = [T](repeating: missing, count: r.count)
  var o = out.mutableSpan
  if hasMissingRows {
    for i in 0..<r.count {
      let k = r[i]
      if k >= 0 { o[i] = src[k] }
    }
  } else {
    for i in 0..<r.count { o[i] = src[r[i]] }
  }
  return out
}

/// Frames with fewer rows than this are processed on the calling thread: the work is smaller
/// than handing it to another thread (and, on a loaded machine, waiting for that thread to be
/// scheduled). One application scored through a recipe runs every step on frames of a few rows.
let serialRows = 2048

/// Runs `body(i)` for i in 0..<count on all cores, collecting the results in order; on the
/// calling thread when `rows` (the rows each call handles) is below `serialRows`.
func parallelMap<T>(_ count: Int, rows: Int = .max, _ body: (Int) -> T) -> [T] {
  if count == 0 { return [] }
  if count == 1 || rows < serialRows { return (0..<count).map(body) }
  return Parallel.map(count, body)
}

extension DataFrame {
  /// Gathers rows of every column in parallel (-1 gives missing values).
  func gatherRows(_ rows: [Int]) -> DataFrame {
    let hasMissing = rows.contains { $0 < 0 }
    let cols = parallelMap(columns.count, rows: Swift.max(rows.count, rowCount)) {
      columns[$0].gatherRows(rows, hasMissingRows: hasMissing)
    }
    return DataFrame(unchecked: cols, rowCount: columns.isEmpty ? 0 : rows.count, index: columnIndexes)
  }
}

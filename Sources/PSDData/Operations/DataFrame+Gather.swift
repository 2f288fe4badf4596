import Dispatch

extension Column {
  /// Rows picked by index over raw buffers; -1 gives a missing value. Same result as
  /// `gather`, without per-element closures (joins and filters move millions of cells).
  func gatherRows(_ rows: [Int], hasMissingRows: Bool) -> Column {
    let m = rows.count
    switch data {
    case .float(let v):
      var out = [Double](repeating: 0, count: m)
      v.withUnsafeBufferPointer { src in
        rows.withUnsafeBufferPointer { r in
          out.withUnsafeMutableBufferPointer { o in
            if hasMissingRows {
              for i in 0..<m { let k = r[i]; o[i] = k < 0 ? .nan : src[k] }
            } else {
              for i in 0..<m { o[i] = src[r[i]] }
            }
          }
        }
      }
      return .float(name, out)
    case .int(let v, let valid):
      var out = [Int64](repeating: 0, count: m)
      var mask: [Bool]? = (valid != nil || hasMissingRows) ? [Bool](repeating: true, count: m) : nil
      v.withUnsafeBufferPointer { src in
        rows.withUnsafeBufferPointer { r in
          out.withUnsafeMutableBufferPointer { o in
            if hasMissingRows {
              for i in 0..<m { let k = r[i]; o[i] = k < 0 ? 0 : src[k] }
            } else {
              for i in 0..<m { o[i] = src[r[i]] }
            }
          }
          if mask != nil {
            mask!.withUnsafeMutableBufferPointer { mk in
              if let valid {
                valid.withUnsafeBufferPointer { va in
                  for i in 0..<m { let k = r[i]; mk[i] = k >= 0 && va[k] }
                }
              } else {
                for i in 0..<m { mk[i] = r[i] >= 0 }
              }
            }
          }
        }
      }
      if let mk = mask, !mk.contains(false) { mask = nil }
      return .int(name, out, valid: mask)
    case .bool(let v):
      var out = [Int8](repeating: -1, count: m)
      v.withUnsafeBufferPointer { src in
        rows.withUnsafeBufferPointer { r in
          out.withUnsafeMutableBufferPointer { o in
            for i in 0..<m { let k = r[i]; if k >= 0 { o[i] = src[k] } }
          }
        }
      }
      return .bool(name, out)
    case .category(let c, let levels):
      var out = [Int32](repeating: -1, count: m)
      c.withUnsafeBufferPointer { src in
        rows.withUnsafeBufferPointer { r in
          out.withUnsafeMutableBufferPointer { o in
            for i in 0..<m { let k = r[i]; if k >= 0 { o[i] = src[k] } }
          }
        }
      }
      return .category(name, codes: out, levels: levels)
    }
  }
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
  var out = [T?](repeating: nil, count: count)
  out.withUnsafeMutableBufferPointer { slots in
    let s = slots
    DispatchQueue.concurrentPerform(iterations: count) { i in s[i] = body(i) }
  }
  return out.map { $0! }
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

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PSDCore

/// Writes a frame as CSV (comma separated, LF line ends, UTF-8, no BOM).
///
/// The file appears whole or not at all: the text goes to a temporary file in the same
/// directory, which is renamed over the target only after everything was written. Floats use
/// Swift's shortest round-trip text (`Double.description`: `-3648.0`, `1e-05`, `inf`), so
/// `CSVReader` reads back the same bits. Missing values are empty fields. A field is quoted
/// when it holds the separator, a quote, a line break, or leading/trailing spaces.
package enum CSVWriter {
  /// `header`: the names written in the first line instead of the frame's column names (one per
  /// column; they need not be distinct, as a frame's names must).
  package static func write(
    _ frame: DataFrame, to path: String, separator: UInt8 = UInt8(ascii: ","),
    header: [String]? = nil, control: TaskControl = .none
  ) throws {
    precondition(header.map { $0.count == frame.columns.count } ?? true, "one header name per column")
    // AtomicFile: the temporary file, the rename, and its rules (regular files only, symlinks
    // written through, read-only files and the session's inputs refused, cleanup on signals).
    try AtomicFile.write(to: path) { fd in
      try writeRows(
        frame, header: header ?? frame.columns.map(\.name), fd: fd, path: path, separator: separator,
        control: control)
    }
  }

  /// How one column's cells are staged and written.
  private enum Kind: UInt8 {
    case float, int, nullableInt, bool, category
  }

  /// Adjacent columns of one kind.
  private struct KindRun {
    var kind: Kind
    var columns: Range<Int>
  }

  /// One column as the formatter sees it: its kind and, for categories, where its levels'
  /// encoded bytes start in the shared level table.
  private struct ColumnPlan {
    var kind: Kind
    var firstLevel: Int = 0
  }

  /// Rows go in batches, each split into chunks formatted on every core. A chunk first copies its
  /// rows' cells out of the frame's arrays into a staging area this function owns (a column at a
  /// time, inside the closure that lends the array's storage, so no pointer into the frame
  /// outlives it), then formats them into its own output buffer. The chunks' buffers are written
  /// in order while the next batch is formatted.
  private static func writeRows(
    _ frame: DataFrame, header names: [String], fd: Int32, path: String, separator: UInt8,
    control: TaskControl
  ) throws {
    let columns = frame.columns
    let columnCount = columns.count
    var header: [UInt8] = []
    for (i, name) in names.enumerated() {
      if i > 0 { header.append(separator) }
      header.append(contentsOf: encodeField(Array(name.utf8), separator: separator))
    }
    header.append(10)
    try header.withUnsafeBytes { try AtomicFile.writeAll(fd, $0.baseAddress!, $0.count, path: path) }
    let rowCount = frame.rowCount
    guard rowCount > 0 else { return }

    // Plans, every category level's field bytes (quoted once), and the widest row.
    var planList: [ColumnPlan] = []
    var levelByteList: [UInt8] = []
    var levelStartList: [Int] = [0]  // level j's bytes: levelStartList[j]..<levelStartList[j + 1]
    var rowBound = columnCount + 1  // separators and the line end
    for column in columns {
      switch column.data {
      case .float:
        planList.append(ColumnPlan(kind: .float))
        rowBound += ShortestDouble.maxLength
      case .int(_, let valid):
        planList.append(ColumnPlan(kind: valid == nil ? .int : .nullableInt))
        rowBound += 20
      case .bool:
        planList.append(ColumnPlan(kind: .bool))
        rowBound += 5
      case .category(_, let levels):
        planList.append(ColumnPlan(kind: .category, firstLevel: levelStartList.count - 1))
        var widest = 0
        for level in levels {
          let field = encodeField(Array(level.utf8), separator: separator)
          levelByteList.append(contentsOf: field)
          levelStartList.append(levelByteList.count)
          widest = max(widest, field.count)
        }
        rowBound += widest
      }
    }

    let batchRows = max(1, min(65_536, (32 << 20) / max(1, columnCount * 8), (64 << 20) / rowBound))
    let batchBlocks = (batchRows + 7) / 8
    // Each batch is formatted in several chunks per core, so the thread that writes the previous
    // batch's text to the file (one task among them) does not leave the other cores waiting.
    let formatChunks = max(1, min(4 * Parallel.coreCount, batchBlocks))
    // A chunk (whole blocks of 8 rows) has room for its rows at their widest, and for the
    // formatter's scratch past the end.
    let chunkCapacity = (batchBlocks + formatChunks - 1) / formatChunks * 8 * rowBound + ShortestDouble.slack
    // Staging: 8 bytes per cell (a double, an integer, or a category code) and 1 byte per cell
    // (a validity flag or a boolean), in blocks of 8 rows: block b holds every column's 8 cells,
    // so a row's cells lie 64 bytes apart in one small region (not a page apart per column).
    let stage = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, columnCount * batchBlocks * 8))
    let flags = UnsafeMutablePointer<Int8>.allocate(capacity: max(1, columnCount * batchBlocks * 8))
    // Two sets of chunk buffers: one being formatted while the other is written.
    let output = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * formatChunks * chunkCapacity)
    let lengths = UnsafeMutablePointer<Int>.allocate(capacity: 2 * formatChunks)
    defer {
      stage.deallocate()
      flags.deallocate()
      output.deallocate()
      lengths.deallocate()
    }
    // The plans and level table, copied into buffers this function owns (like the staging area),
    // so the formatting tasks read them without nesting inside three lending closures.
    let plans = owned(planList), levelBytes = owned(levelByteList), levelStarts = owned(levelStartList)
    defer {
      plans.deallocate()
      levelBytes.deallocate()
      levelStarts.deallocate()
    }
    let formatter = ShortestDouble()

    // Adjacent columns of one kind as one run, so the formatter picks the kind once per run and
    // not once per cell (an indirect jump per cell was a fifth of the formatting time).
    var runList: [KindRun] = []
    for (c, plan) in planList.enumerated() {
      if let last = runList.last, last.kind == plan.kind, last.columns.upperBound == c {
        runList[runList.count - 1].columns = last.columns.lowerBound..<(c + 1)
      } else {
        runList.append(KindRun(kind: plan.kind, columns: c..<(c + 1)))
      }
    }
    let runs = owned(runList)
    defer { runs.deallocate() }

    /// Writes the cells of `columns` in the row whose column-0 cell is `base`, each followed by a
    /// separator: `write(cell, column, at)` writes one (nothing for a missing value) and returns
    /// its byte count.
    @inline(__always)
    func cells(
      _ columns: Range<Int>, _ base: Int, _ p: inout UnsafeMutablePointer<UInt8>,
      _ write: (_ cell: Int, _ column: Int, _ at: UnsafeMutablePointer<UInt8>) -> Int
    ) {
      for c in columns {
        p += write(base &+ c &* 8, c, p)
        p.pointee = separator
        p += 1
      }
    }

    /// Formats the staged rows `rows` (batch-relative) at `start` and returns the end. A row's
    /// last separator becomes its line end.
    func format(_ rows: Range<Int>, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
      var p = start
      for row in rows {
        let base = row >> 3 &* columnCount &* 8 &+ row & 7  // column c's cell: base + 8c
        for run in runs {
          switch run.kind {
          case .float:
            cells(run.columns, base, &p) { cell, _, at in
              let x = Double(bitPattern: stage[cell])
              return x.isNaN ? 0 : formatter.write(x, to: at)
            }
          case .int:
            cells(run.columns, base, &p) { cell, _, at in writeInt(Int64(bitPattern: stage[cell]), to: at, formatter) }
          case .nullableInt:
            cells(run.columns, base, &p) { cell, _, at in
              flags[cell] == 0 ? 0 : writeInt(Int64(bitPattern: stage[cell]), to: at, formatter)
            }
          case .bool:
            cells(run.columns, base, &p) { cell, _, at in
              let b = flags[cell]
              return b < 0 ? 0 : writeBool(b == 1, to: at)
            }
          case .category:
            cells(run.columns, base, &p) { cell, c, at in
              let code = Int(Int64(bitPattern: stage[cell]))
              guard code >= 0 else { return 0 }
              let j = plans[c].firstLevel + code
              let from = levelStarts[j], n = levelStarts[j + 1] - from
              at.update(from: levelBytes.baseAddress! + from, count: n)
              return n
            }
          }
        }
        if columnCount > 0 {
          p[-1] = 10
        } else {
          p.pointee = 10
          p += 1
        }
      }
      return p
    }

    var start = 0
    var set = 0  // the buffer set this batch is formatted into
    var pending = 0  // chunks of the previous batch (in the other set) still to be written
    var writeError: (any Error)?
    while start < rowCount || pending > 0 {
      try control.checkCancelled()
      control.report("save", done: Double(start), total: Double(rowCount), detail: "rows")
      let count = min(batchRows, rowCount - start)
      let lower = start
      let blocks = (count + 7) / 8
      let chunks = Parallel.chunkCount(blocks, chunks: formatChunks)
      let previous = 1 - set, toWrite = pending, current = set
      Parallel.forEach(1 + chunks) { task in
        if task == 0 {
          for chunk in 0..<toWrite where writeError == nil {
            let k = previous * formatChunks + chunk
            do {
              try AtomicFile.writeAll(fd, output + k * chunkCapacity, lengths[k], path: path)
            } catch {
              writeError = error
            }
          }
          return
        }
        // This chunk's rows: staged (only its own blocks), then formatted.
        let chunk = task - 1
        let blockRange = Parallel.chunkRange(chunk, of: chunks, count: blocks)
        let rows = (blockRange.lowerBound * 8)..<min(count, blockRange.upperBound * 8)
        for c in 0..<columnCount {
          stageColumn(
            columns[c], c, of: columnCount, rows: (lower + rows.lowerBound)..<(lower + rows.upperBound),
            at: rows.lowerBound, cells: stage, flags: flags)
        }
        let k = current * formatChunks + chunk
        let begin = output + k * chunkCapacity
        lengths[k] = format(rows, at: begin) - begin
      }
      if let writeError { throw writeError }
      pending = chunks
      set = previous
      start += count
    }
  }

  /// A copy of `values` in memory the caller owns and deallocates.
  private static func owned<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
    let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, values.count))
    _ = buffer.initialize(from: values)
    return buffer
  }

  /// Copies column `c`'s cells for the frame's `rows` into the staging blocks, from the batch's
  /// row `offset` (a multiple of 8: chunks are whole blocks) on (8-byte cells; validity flags and
  /// booleans as bytes). A block's 8 cells of one column are adjacent, so each block is one short
  /// contiguous copy (a cache line of cells), a block's column stride apart. The array's storage
  /// is only touched inside the closure lending it.
  private static func stageColumn(
    _ column: Column, _ c: Int, of columnCount: Int, rows: Range<Int>, at offset: Int,
    cells: UnsafeMutablePointer<UInt64>, flags: UnsafeMutablePointer<Int8>
  ) {
    let n = rows.count, first = rows.lowerBound
    let firstSlot = (offset >> 3 &* columnCount &+ c) &* 8, stride = columnCount &* 8
    @inline(__always) func scatter<T, U>(
      _ source: UnsafeBufferPointer<T>, into target: UnsafeMutablePointer<U>, _ convert: (T) -> U
    ) {
      let from = source.baseAddress! + first
      var to = target + firstSlot
      var i = 0
      while i &+ 8 <= n {
        for k in 0..<8 { to[k] = convert(from[i &+ k]) }
        to += stride
        i &+= 8
      }
      for k in 0..<(n &- i) { to[k] = convert(from[i &+ k]) }
    }
    switch column.data {
    case .float(let v):
      v.withUnsafeBufferPointer { scatter($0, into: cells) { $0.bitPattern } }
    case .int(let v, let valid):
      v.withUnsafeBufferPointer { scatter($0, into: cells) { UInt64(bitPattern: $0) } }
      valid?.withUnsafeBufferPointer { scatter($0, into: flags) { $0 ? 1 : 0 } }
    case .bool(let v):
      v.withUnsafeBufferPointer { scatter($0, into: flags) { $0 } }
    case .category(let codes, _):
      codes.withUnsafeBufferPointer { scatter($0, into: cells) { UInt64(bitPattern: Int64($0)) } }
    }
  }

  @inline(__always)
  private static func writeInt(_ value: Int64, to p: UnsafeMutablePointer<UInt8>, _ formatter: ShortestDouble) -> Int {
    if value < 0 {
      p.pointee = 45
      return 1 + formatter.writeInteger(value.magnitude, to: p + 1)
    }
    return formatter.writeInteger(UInt64(value), to: p)
  }

  @inline(__always)
  private static func writeBool(_ value: Bool, to p: UnsafeMutablePointer<UInt8>) -> Int {
    if value {
      p[0] = 116; p[1] = 114; p[2] = 117; p[3] = 101  // true
      return 4
    }
    p[0] = 102; p[1] = 97; p[2] = 108; p[3] = 115; p[4] = 101  // false
    return 5
  }

  /// The field as written: quoted (inner quotes doubled) when it holds the separator, a quote, a
  /// line break, or leading/trailing spaces.
  static func encodeField(_ field: [UInt8], separator: UInt8) -> [UInt8] {
    let needsQuotes =
      field.contains { $0 == separator || $0 == 34 || $0 == 10 || $0 == 13 }
      || field.first == 32 || field.last == 32
    guard needsQuotes else { return field }
    var out: [UInt8] = [34]
    for b in field {
      if b == 34 { out.append(34) }
      out.append(b)
    }
    out.append(34)
    return out
  }
}

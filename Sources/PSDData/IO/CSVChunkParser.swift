#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization
import PSDCore

/// Reads the records in bytes [start, end) of a mapped file into typed column buffers.
final class CSVChunkParser {
  let file: MappedFile
  let start: Int
  let end: Int
  let isLast: Bool
  let columnCount: Int
  let separator: UInt8
  let missingTokens: [[UInt8]]
  let progress: CSVLoadProgress
  let builders: UnsafeMutablePointer<CSVColumnBuilder>
  private(set) var rows = 0
  /// Rows the arrays are reserved for, and the rows `valid` masks hold.
  private(set) var capacity: Int
  /// Rows per window, and the chunk row of each window's first row.
  let window: Int
  private var windowStart = 0
  private var scratch: UnsafeMutablePointer<UInt8>
  private var scratchCapacity = 4096
  private let pow10: UnsafeMutablePointer<Double>
  /// Where the last `release` of parsed input ended.
  private var released: Int

  static let checkInterval = 4 << 20

  init(
    file: MappedFile, start: Int, end: Int, isLast: Bool, columnCount: Int, separator: UInt8,
    missingTokens: [[UInt8]], forcedStates: [CSVColumnState?], estimatedRows: Int,
    progress: CSVLoadProgress
  ) {
    self.file = file
    self.start = start
    self.end = end
    self.isLast = isLast
    self.columnCount = columnCount
    self.separator = separator
    self.missingTokens = missingTokens
    self.progress = progress
    self.capacity = max(16, estimatedRows)
    // About 2 MB of windows per chunk, so they stay in cache.
    self.window = max(16, min(16_384, (2 << 20) / max(1, columnCount * 8)))
    self.released = start
    builders = .allocate(capacity: columnCount)
    builders.initialize(repeating: CSVColumnBuilder(), count: columnCount)
    scratch = .allocate(capacity: scratchCapacity)
    pow10 = .allocate(capacity: CSVNumber.powersOfTen.count)
    pow10.initialize(from: CSVNumber.powersOfTen, count: CSVNumber.powersOfTen.count)
    for c in 0..<columnCount {
      if let forced = forcedStates[c] {
        builders[c].forced = true
        allocate(builders + c, as: forced, filledTo: 0)
      }
    }
  }

  deinit {
    for c in 0..<columnCount { builders[c].releaseStorage() }
    builders.deinitialize(count: columnCount)
    builders.deallocate()
    scratch.deallocate()
    pow10.deallocate()
  }

  // MARK: - Reading

  /// First pass: every column, inferring types.
  func parse() throws {
    try run()
    if (0..<columnCount).contains(where: { builders[$0].needsReparse }) {
      try reparseCategories()
    }
  }

  /// Reads the columns marked `needsReparse` again from the start as categories (after a
  /// numeric column met a label, or another chunk decided the column is categorical).
  func reparseCategories() throws {
    rows = 0
    windowStart = 0
    for c in 0..<columnCount {
      let b = builders + c
      if b.pointee.needsReparse {
        b.pointee.releaseStorage()
        b.pointee.state = .empty
        allocate(b, as: .category, filledTo: 0)
        b.pointee.skip = false
        b.pointee.needsReparse = false
      } else {
        b.pointee.skip = true
      }
    }
    released = start
    try run()
    for c in 0..<columnCount { builders[c].skip = false }
  }

  private func run() throws {
    guard let base = file.bytes else { return }
    let limit = end
    let sep = separator
    let ncol = columnCount
    let quote = UInt8(ascii: "\"")
    let lf = UInt8(ascii: "\n")
    let cr = UInt8(ascii: "\r")
    let minus = UInt8(ascii: "-")
    let dot = UInt8(ascii: ".")
    // A missing token could look like a number ("-1"): then every field goes through `store`.
    let fused = missingTokens.isEmpty
    let pow10 = self.pow10
    var pos = start
    var row = 0
    var nextCheck = start + CSVChunkParser.checkInterval
    var lastReported = start
    defer { rows = row }
    // The window's row: what the values are written at. Capacity and the window's first row are
    // kept in locals: read from `self` at every row, each read is a dynamic exclusivity check
    // (measured: 7 % of loading a 27.8 M-row, 3-column table).
    var w = 0
    var rowCapacity = capacity
    var firstWindowRow = windowStart
    while pos < limit {
      if pos >= nextCheck {
        if progress.stop.load(ordering: .relaxed) { throw CSVFailure(reason: .stopped, offset: pos) }
        try progress.advance(pos - lastReported)
        lastReported = pos
        file.release(from: released, to: pos - 4096)
        released = max(released, pos - 4096)
        nextCheck = pos + CSVChunkParser.checkInterval
      }
      let first = base[pos]
      // Blank lines carry nothing in a multi-column file (in a one-column file they are missing values).
      if ncol > 1 {
        if first == lf { pos += 1; continue }
        if first == cr && pos + 1 < limit && base[pos + 1] == lf { pos += 2; continue }
      }
      if row == rowCapacity {
        grow()
        rowCapacity = capacity
      }
      w = row &- firstWindowRow
      if w == window {
        flushWindows(at: row)
        firstWindowRow = row
        w = 0
      }
      let recordStart = pos
      var col = 0
      while true {
        let fieldStart = pos
        var stored = false
        var field: UnsafePointer<UInt8>
        var length: Int
        if pos < limit && base[pos] == quote {
          pos += 1
          var segment = pos
          var unescaped = 0
          var escaped = false
          while true {
            // memchr: quoted fields can be long (free text, a 100 MB blob).
            if pos < limit, let hit = memchr(base + pos, Int32(quote), limit - pos) {
              pos = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            } else {
              pos = limit
            }
            if pos >= limit {
              throw CSVFailure(reason: isLast ? .unterminatedQuote : .misSplit, offset: fieldStart)
            }
            if pos + 1 < limit && base[pos + 1] == quote {
              appendScratch(base + segment, pos + 1 - segment, at: &unescaped)
              escaped = true
              pos += 2
              segment = pos
              continue
            }
            break
          }
          if escaped {
            appendScratch(base + segment, pos - segment, at: &unescaped)
            field = scratchBytes()
            length = unescaped
          } else {
            field = base + segment
            length = pos - segment
          }
          pos += 1
          if pos < limit {
            let c = base[pos]
            if c != sep && c != lf && !(c == cr && pos + 1 < limit && base[pos + 1] == lf) {
              throw CSVFailure(reason: .textAfterQuote(column: col), offset: pos)
            }
          }
        } else {
          // Fused fast path for numeric columns: scan and convert a plain decimal in one pass
          // (no exponent, at most 15 digits: exact with one division).
          let b = builders + col
          let state = b.pointee.state
          if fused && (state == .float || state == .int) && !b.pointee.skip {
            var p = pos
            let negative = p < limit && base[p] == minus
            if negative { p += 1 }
            var mantissa: UInt64 = 0
            let digitStart = p
            while p < limit {
              let d = base[p] &- 48
              if d >= 10 { break }
              mantissa = mantissa &* 10 &+ UInt64(d)
              p += 1
            }
            var digits = p - digitStart
            var fraction = 0
            var isDecimal = false
            if p < limit && base[p] == dot {
              isDecimal = true
              p += 1
              let fracStart = p
              while p < limit {
                let d = base[p] &- 48
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                p += 1
              }
              fraction = p - fracStart
              digits += fraction
            }
            if digits > 0 && digits <= 15
              && (p == limit || base[p] == sep || base[p] == lf
                || (base[p] == cr && p + 1 < limit && base[p + 1] == lf))
            {
              if state == .float {
                let v = fraction == 0 ? Double(mantissa) : Double(mantissa) / pow10[fraction]
                b.pointee.values!.assumingMemoryBound(to: Double.self)[w] = negative ? -v : v
                stored = true
              } else if !isDecimal {
                let v = Int64(mantissa)
                b.pointee.values!.assumingMemoryBound(to: Int64.self)[w] = negative ? -v : v
                if let valid = b.pointee.valid { valid[row] = 1 }
                stored = true
              }
              if stored { pos = p }
            }
          }
          if !stored {
            while pos < limit {
              let c = base[pos]
              if c == sep || c == lf { break }
              if c == cr && pos + 1 < limit && base[pos + 1] == lf { break }
              pos += 1
            }
          }
          field = base + fieldStart
          length = pos - fieldStart
        }
        if !stored {
          try store(builders + col, row: row, at: w, field, length, column: col, offset: fieldStart)
        }
        if pos < limit && base[pos] == sep {
          pos += 1
          col += 1
          if col == ncol { throw CSVFailure(reason: .fieldCount(expected: ncol), offset: recordStart) }
          continue
        }
        if pos < limit { pos += base[pos] == cr ? 2 : 1 }
        if col != ncol - 1 { throw CSVFailure(reason: .fieldCount(expected: ncol), offset: recordStart) }
        break
      }
      row += 1
    }
    flushWindows(at: row)
    try progress.advance(limit - lastReported)
    file.release(from: released, to: limit)
  }

  /// Appends every column's window (rows `windowStart ..< row`) to its array; the next window
  /// starts at `row`.
  private func flushWindows(at row: Int) {
    let count = row - windowStart
    for c in 0..<columnCount where !builders[c].skip {
      builders[c].appendWindow(count)
    }
    windowStart = row
  }

  /// The unescaped field (out of line: a read of `scratch` inlined into `run` costs a dynamic
  /// exclusivity check at every record, quoted or not).
  @inline(never)
  private func scratchBytes() -> UnsafePointer<UInt8> { UnsafePointer(scratch) }

  @inline(never)
  private func appendScratch(_ p: UnsafePointer<UInt8>, _ n: Int, at used: inout Int) {
    growBytes(&scratch, capacity: &scratchCapacity, used: used, needed: used + n)
    (scratch + used).update(from: p, count: n)
    used += n
  }

  @inline(__always)
  private func isMissingToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for token in missingTokens where token.count == n {
      if token.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, n) == 0 }) { return true }
    }
    return false
  }

  // MARK: - Storing a field

  @inline(__always)
  private func store(
    _ b: UnsafeMutablePointer<CSVColumnBuilder>, row: Int, at w: Int, _ p: UnsafePointer<UInt8>,
    _ n: Int, column: Int, offset: Int
  ) throws {
    if b.pointee.skip { return }
    if n == 0 || (!missingTokens.isEmpty && isMissingToken(p, n)) {
      storeMissing(b, row: row, at: w)
      return
    }
    let state = b.pointee.state
    if state == .category {
      try storeLabel(b, at: w, p, n, column: column, offset: offset)
      return
    }
    var i: Int64 = 0
    var d: Double = 0
    var flag: Int8 = 0
    let kind = CSVNumber.classify(p, n, pow10: pow10, int: &i, double: &d, bool: &flag)
    switch (state, kind) {
    case (.float, .float):
      b.pointee.values!.assumingMemoryBound(to: Double.self)[w] = d
    case (.float, .int):
      b.pointee.values!.assumingMemoryBound(to: Double.self)[w] = Double(i)
    case (.int, .int):
      b.pointee.values!.assumingMemoryBound(to: Int64.self)[w] = i
      if let valid = b.pointee.valid { valid[row] = 1 }
    case (.bool, .bool):
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[w] = flag
    default:
      try storeChangingType(
        b, row: row, p, n, column: column, offset: offset,
        kind: kind, int: i, double: d, bool: flag)
    }
  }

  @inline(__always)
  private func storeLabel(
    _ b: UnsafeMutablePointer<CSVColumnBuilder>, at w: Int, _ p: UnsafePointer<UInt8>,
    _ n: Int, column: Int, offset: Int
  ) throws {
    var isNew = false
    let code = b.pointee.dictionary!.intern(p, n, isNew: &isNew)
    if isNew && !CSVReader.isValidUTF8(p, n) {
      throw CSVFailure(reason: .invalidUTF8(column: column), offset: offset)
    }
    b.pointee.values!.assumingMemoryBound(to: Int32.self)[w] = code
  }

  /// The rare cases: a column's first value, int meeting a decimal, a label among numbers.
  @inline(never)
  private func storeChangingType(
    _ b: UnsafeMutablePointer<CSVColumnBuilder>, row: Int,
    _ p: UnsafePointer<UInt8>, _ n: Int, column: Int, offset: Int,
    kind: CSVFieldKind, int i: Int64, double d: Double, bool flag: Int8
  ) throws {
    let state = b.pointee.state
    switch (state, kind) {
    case (.empty, .int):
      allocate(b, as: .int, filledTo: row)
      b.pointee.values!.assumingMemoryBound(to: Int64.self)[row &- windowStart] = i
      if let valid = b.pointee.valid { valid[row] = 1 }
    case (.empty, .float):
      allocate(b, as: .float, filledTo: row)
      b.pointee.values!.assumingMemoryBound(to: Double.self)[row &- windowStart] = d
    case (.empty, .bool):
      allocate(b, as: .bool, filledTo: row)
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[row &- windowStart] = flag
    case (.empty, .text):
      allocate(b, as: .category, filledTo: row)
      try storeLabel(b, at: row &- windowStart, p, n, column: column, offset: offset)
    case (.int, .float):
      if b.pointee.forced {
        throw CSVFailure(reason: .notOfForcedType(column: column, type: .int), offset: offset)
      }
      convertToFloat(b, rows: row)
      b.pointee.values!.assumingMemoryBound(to: Double.self)[row &- windowStart] = d
    case (.bool, .int) where b.pointee.forced && (i == 0 || i == 1):
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[row &- windowStart] = Int8(i)
    default:
      // A label (or a boolean among numbers): the column is categorical.
      if b.pointee.forced {
        let type: ColumnType = state == .int ? .int : state == .float ? .float : .bool
        throw CSVFailure(reason: .notOfForcedType(column: column, type: type), offset: offset)
      }
      b.pointee.releaseStorage()
      b.pointee.state = .empty
      allocate(b, as: .category, filledTo: row)
      b.pointee.needsReparse = row > 0
      try storeLabel(b, at: row &- windowStart, p, n, column: column, offset: offset)
    }
  }

  @inline(__always)
  private func storeMissing(_ b: UnsafeMutablePointer<CSVColumnBuilder>, row: Int, at w: Int) {
    switch b.pointee.state {
    case .empty:
      break
    case .int:
      if b.pointee.valid == nil {
        let valid = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        valid.initialize(repeating: 1, count: row)
        b.pointee.valid = valid
      }
      b.pointee.valid![row] = 0
      b.pointee.values!.assumingMemoryBound(to: Int64.self)[w] = 0
    case .float:
      b.pointee.values!.assumingMemoryBound(to: Double.self)[w] = .nan
    case .bool:
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[w] = -1
    case .category:
      b.pointee.values!.assumingMemoryBound(to: Int32.self)[w] = -1
    }
  }

  /// Gives an empty column storage of `state`, rows [0, filledTo) missing.
  private func allocate(_ b: UnsafeMutablePointer<CSVColumnBuilder>, as state: CSVColumnState, filledTo rows: Int) {
    precondition(b.pointee.state == .empty && b.pointee.values == nil)
    b.pointee.state = state
    b.pointee.startArray(missingRows: windowStart, capacity: capacity)
    let raw = state.allocateValues(capacity: window)
    b.pointee.values = raw
    let inWindow = rows - windowStart
    switch state {
    case .empty:
      break
    case .int:
      raw.assumingMemoryBound(to: Int64.self).initialize(repeating: 0, count: inWindow)
      if rows > 0 {
        let valid = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        valid.initialize(repeating: 0, count: rows)
        b.pointee.valid = valid
      }
    case .float:
      raw.assumingMemoryBound(to: Double.self).initialize(repeating: .nan, count: inWindow)
    case .bool:
      raw.assumingMemoryBound(to: Int8.self).initialize(repeating: -1, count: inWindow)
    case .category:
      raw.assumingMemoryBound(to: Int32.self).initialize(repeating: -1, count: inWindow)
      b.pointee.dictionary = CSVCategoryDictionary()
    }
  }

  /// Int values become doubles, missing rows NaN: the rows already in the array and the window's
  /// rows up to `rows`.
  func convertToFloat(_ b: UnsafeMutablePointer<CSVColumnBuilder>, rows: Int) {
    guard b.pointee.state == .int, let raw = b.pointee.values else { return }
    let valid = b.pointee.valid
    let ints = b.pointee.ints
    b.pointee.ints = []
    var doubles: [Double] = []
    doubles.reserveCapacity(Swift.max(capacity, ints.count))
    if let valid {
      for r in 0..<ints.count { doubles.append(valid[r] == 0 ? .nan : Double(ints[r])) }
    } else {
      for r in 0..<ints.count { doubles.append(Double(ints[r])) }
    }
    let inWindow = rows - windowStart
    let window = CSVColumnState.float.allocateValues(capacity: self.window)
    let from = raw.assumingMemoryBound(to: Int64.self)
    let to = window.assumingMemoryBound(to: Double.self)
    for r in 0..<Swift.max(0, inWindow) {
      to[r] = (valid.map { $0[windowStart + r] == 0 } ?? false) ? .nan : Double(from[r])
    }
    raw.deallocate()
    if let valid { free(valid) }
    b.pointee.valid = nil
    b.pointee.values = window
    b.pointee.doubles = doubles
    b.pointee.state = .float
  }

  /// More rows than `capacity`: the `valid` masks grow (the arrays grow as they are appended to).
  private func grow() {
    let newCapacity = capacity + capacity / 2 + 16
    for c in 0..<columnCount {
      let b = builders + c
      if let valid = b.pointee.valid {
        b.pointee.valid = realloc(valid, newCapacity)!.assumingMemoryBound(to: UInt8.self)
      }
    }
    capacity = newCapacity
  }
}

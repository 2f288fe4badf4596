#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization
import PSDCore

/// A column's type while a chunk is read: starts `empty` (only missing values so far) and only
/// widens (int -> float, anything -> category), so inference covers every value of the column.
enum CSVColumnState: UInt8 {
  case empty, int, float, bool, category

  var elementSize: Int {
    switch self {
    case .empty: return 0
    case .int, .float: return 8
    case .bool: return 1
    case .category: return 4
    }
  }

  init(_ type: ColumnType) {
    switch type {
    case .int: self = .int
    case .float: self = .float
    case .bool: self = .bool
    case .category: self = .category
    }
  }

  /// The narrowest state holding values of both (nil: they need a category).
  func joined(_ other: CSVColumnState) -> CSVColumnState {
    if self == other || other == .empty { return self }
    if self == .empty { return other }
    if (self == .int && other == .float) || (self == .float && other == .int) { return .float }
    return .category
  }
}

/// Why a chunk stopped. `offset` is the byte the message is about (a record's first byte, the
/// opening quote of an unterminated field); the reader turns it into a line number.
struct CSVFailure: Error {
  enum Reason {
    case fieldCount(expected: Int)
    case unterminatedQuote
    case textAfterQuote(column: Int)
    case invalidUTF8(column: Int)
    case notOfForcedType(column: Int, type: ColumnType)
    /// The chunk boundary fell inside a quoted field: re-read on one thread.
    case misSplit
    /// Stopped early because another chunk failed: errors of later chunks cannot be trusted.
    case stopped
  }
  var reason: Reason
  var offset: Int
}

/// Values of one column in one chunk, in a raw growable buffer (no Swift array in the hot
/// loop: appends there cost a uniqueness check each).
struct CSVColumnBuilder {
  var state: CSVColumnState = .empty
  var forced = false
  /// Second pass: this column is already complete.
  var skip = false
  /// Turned categorical after numeric rows: those rows must be read again as labels.
  var needsReparse = false
  /// Where the parser writes: the start of `storage`'s elements.
  var values: UnsafeMutableRawPointer? = nil
  var storage: CSVColumnStorage? = nil
  /// Int columns only: 1 present, 0 missing; allocated at the first missing value.
  var valid: UnsafeMutablePointer<UInt8>? = nil
  var dictionary: CSVCategoryDictionary? = nil

  mutating func releaseStorage() {
    if let valid { free(valid) }
    dictionary?.free()
    values = nil
    storage = nil
    valid = nil
    dictionary = nil
  }

  /// Hands the storage to the caller (the frame adopts it without a copy).
  mutating func takeStorage() -> CSVColumnStorage? {
    let taken = storage
    storage = nil
    values = nil
    return taken
  }
}

/// A column's values in the Swift array the finished frame will use, so the first chunk's
/// buffer becomes the column without a copy (later chunks are appended into its spare
/// capacity). The parser writes through `values`, a pointer to the array's elements: valid
/// because the array is held only here and never resized while it is written.
///
/// Known exception to "no pointer outlives the closure that lent it" (issue 12, item 6): `make`
/// keeps the pointer `Array(unsafeUninitializedCapacity:)` lends to its closure. Parsing into
/// builder-owned memory and copying into the arrays at the end measured 25 % more CPU per load
/// (Docs/benchmarks.md, "Unsafe code contained"), so this stays until the parser writes into
/// small reused windows appended to the arrays.
enum CSVColumnStorage {
  case doubles([Double])
  case ints([Int64])
  case flags([Int8])
  case codes([Int32])

  /// `capacity` elements for the parser to fill (trivial types: no initialization needed,
  /// untouched pages cost no memory).
  static func make(_ state: CSVColumnState, capacity: Int) -> (CSVColumnStorage, UnsafeMutableRawPointer) {
    var pointer: UnsafeMutableRawPointer? = nil
    func array<T>(_: T.Type) -> [T] {
      [T](unsafeUninitializedCapacity: capacity) { buffer, count in
        pointer = UnsafeMutableRawPointer(buffer.baseAddress!)
        count = capacity
      }
    }
    let storage: CSVColumnStorage
    switch state {
    case .int: storage = .ints(array(Int64.self))
    case .float, .empty: storage = .doubles(array(Double.self))
    case .bool: storage = .flags(array(Int8.self))
    case .category: storage = .codes(array(Int32.self))
    }
    return (storage, pointer!)
  }
}

/// Shared by the chunks of one load: progress, cancellation, and a stop flag so one chunk's
/// failure ends the others early.
final class CSVLoadProgress: Sendable {
  let control: TaskControl
  let totalBytes: Int
  let bytesDone = Atomic<Int>(0)
  let stop = Atomic<Bool>(false)

  init(control: TaskControl, totalBytes: Int) {
    self.control = control
    self.totalBytes = totalBytes
  }

  func advance(_ bytes: Int) throws {
    let done = bytesDone.add(bytes, ordering: .relaxed).newValue
    control.report("load", done: Double(done), total: Double(totalBytes), detail: "bytes")
    try control.checkCancelled()
  }
}

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
  private(set) var capacity: Int
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
    rows = 0
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
      if row == capacity { grow() }
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
            field = UnsafePointer(scratch)
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
                b.pointee.values!.assumingMemoryBound(to: Double.self)[row] = negative ? -v : v
                stored = true
              } else if !isDecimal {
                let v = Int64(mantissa)
                b.pointee.values!.assumingMemoryBound(to: Int64.self)[row] = negative ? -v : v
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
          try store(builders + col, row: row, field, length, column: col, offset: fieldStart)
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
    try progress.advance(limit - lastReported)
    file.release(from: released, to: limit)
  }

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
    _ b: UnsafeMutablePointer<CSVColumnBuilder>, row: Int, _ p: UnsafePointer<UInt8>,
    _ n: Int, column: Int, offset: Int
  ) throws {
    if b.pointee.skip { return }
    if n == 0 || (!missingTokens.isEmpty && isMissingToken(p, n)) {
      storeMissing(b, row: row)
      return
    }
    let state = b.pointee.state
    if state == .category {
      try storeLabel(b, row: row, p, n, column: column, offset: offset)
      return
    }
    var i: Int64 = 0
    var d: Double = 0
    var flag: Int8 = 0
    let kind = CSVNumber.classify(p, n, pow10: pow10, int: &i, double: &d, bool: &flag)
    switch (state, kind) {
    case (.float, .float):
      b.pointee.values!.assumingMemoryBound(to: Double.self)[row] = d
    case (.float, .int):
      b.pointee.values!.assumingMemoryBound(to: Double.self)[row] = Double(i)
    case (.int, .int):
      b.pointee.values!.assumingMemoryBound(to: Int64.self)[row] = i
      if let valid = b.pointee.valid { valid[row] = 1 }
    case (.bool, .bool):
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[row] = flag
    default:
      try storeChangingType(
        b, row: row, p, n, column: column, offset: offset,
        kind: kind, int: i, double: d, bool: flag)
    }
  }

  @inline(__always)
  private func storeLabel(
    _ b: UnsafeMutablePointer<CSVColumnBuilder>, row: Int, _ p: UnsafePointer<UInt8>,
    _ n: Int, column: Int, offset: Int
  ) throws {
    var isNew = false
    let code = b.pointee.dictionary!.intern(p, n, isNew: &isNew)
    if isNew && !CSVReader.isValidUTF8(p, n) {
      throw CSVFailure(reason: .invalidUTF8(column: column), offset: offset)
    }
    b.pointee.values!.assumingMemoryBound(to: Int32.self)[row] = code
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
      b.pointee.values!.assumingMemoryBound(to: Int64.self)[row] = i
      if let valid = b.pointee.valid { valid[row] = 1 }
    case (.empty, .float):
      allocate(b, as: .float, filledTo: row)
      b.pointee.values!.assumingMemoryBound(to: Double.self)[row] = d
    case (.empty, .bool):
      allocate(b, as: .bool, filledTo: row)
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[row] = flag
    case (.empty, .text):
      allocate(b, as: .category, filledTo: row)
      try storeLabel(b, row: row, p, n, column: column, offset: offset)
    case (.int, .float):
      if b.pointee.forced {
        throw CSVFailure(reason: .notOfForcedType(column: column, type: .int), offset: offset)
      }
      convertToFloat(b, rows: row)
      b.pointee.values!.assumingMemoryBound(to: Double.self)[row] = d
    case (.bool, .int) where b.pointee.forced && (i == 0 || i == 1):
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[row] = Int8(i)
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
      try storeLabel(b, row: row, p, n, column: column, offset: offset)
    }
  }

  @inline(__always)
  private func storeMissing(_ b: UnsafeMutablePointer<CSVColumnBuilder>, row: Int) {
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
      b.pointee.values!.assumingMemoryBound(to: Int64.self)[row] = 0
    case .float:
      b.pointee.values!.assumingMemoryBound(to: Double.self)[row] = .nan
    case .bool:
      b.pointee.values!.assumingMemoryBound(to: Int8.self)[row] = -1
    case .category:
      b.pointee.values!.assumingMemoryBound(to: Int32.self)[row] = -1
    }
  }

  /// Gives an empty column storage of `state`, rows [0, filledTo) missing.
  private func allocate(_ b: UnsafeMutablePointer<CSVColumnBuilder>, as state: CSVColumnState, filledTo rows: Int) {
    precondition(b.pointee.state == .empty && b.pointee.values == nil)
    b.pointee.state = state
    let (storage, raw) = CSVColumnStorage.make(state, capacity: capacity)
    b.pointee.storage = storage
    b.pointee.values = raw
    switch state {
    case .empty:
      break
    case .int:
      raw.assumingMemoryBound(to: Int64.self).initialize(repeating: 0, count: rows)
      if rows > 0 {
        let valid = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        valid.initialize(repeating: 0, count: rows)
        b.pointee.valid = valid
      }
    case .float:
      raw.assumingMemoryBound(to: Double.self).initialize(repeating: .nan, count: rows)
    case .bool:
      raw.assumingMemoryBound(to: Int8.self).initialize(repeating: -1, count: rows)
    case .category:
      raw.assumingMemoryBound(to: Int32.self).initialize(repeating: -1, count: rows)
      b.pointee.dictionary = CSVCategoryDictionary()
    }
  }

  /// Int64 and Double have the same size: convert in place, missing rows become NaN.
  func convertToFloat(_ b: UnsafeMutablePointer<CSVColumnBuilder>, rows: Int) {
    guard b.pointee.state == .int, let raw = b.pointee.values else { return }
    let ints = raw.assumingMemoryBound(to: Int64.self)
    let (storage, newRaw) = CSVColumnStorage.make(.float, capacity: capacity)
    let doubles = newRaw.assumingMemoryBound(to: Double.self)
    if let valid = b.pointee.valid {
      for r in 0..<rows { doubles[r] = valid[r] == 0 ? .nan : Double(ints[r]) }
      free(valid)
      b.pointee.valid = nil
    } else {
      for r in 0..<rows { doubles[r] = Double(ints[r]) }
    }
    b.pointee.storage = storage
    b.pointee.values = newRaw
    b.pointee.state = .float
  }

  private func grow() {
    let newCapacity = capacity + capacity / 2 + 16
    for c in 0..<columnCount {
      let b = builders + c
      let size = b.pointee.state.elementSize
      if let values = b.pointee.values, size > 0 {
        let (storage, raw) = CSVColumnStorage.make(b.pointee.state, capacity: newCapacity)
        raw.copyMemory(from: values, byteCount: capacity * size)
        b.pointee.storage = storage
        b.pointee.values = raw
      }
      if let valid = b.pointee.valid {
        b.pointee.valid = realloc(valid, newCapacity)!.assumingMemoryBound(to: UInt8.self)
      }
    }
    capacity = newCapacity
  }
}

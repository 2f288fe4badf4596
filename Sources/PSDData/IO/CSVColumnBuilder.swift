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

/// Values of one column in one chunk. The parser writes each value into `values`, a small
/// window of rows the builder owns (no Swift array in the hot loop: an element store there costs
/// a uniqueness check each); every `window` rows the window is appended to the Swift
/// array the finished frame will use. So no pointer into an array outlives the closure that lent
/// it, and each value is still written to the column's memory once (from a window that stays in
/// cache) instead of parsed into a buffer as large as the column and copied at the end.
struct CSVColumnBuilder {
  var state: CSVColumnState = .empty
  var forced = false
  /// Second pass: this column is already complete.
  var skip = false
  /// Turned categorical after numeric rows: those rows must be read again as labels.
  var needsReparse = false
  /// The window: rows `windowStart ..< windowStart + window` of the chunk, of `state`'s element
  /// type (from `CSVColumnState.allocateValues`).
  var values: UnsafeMutableRawPointer? = nil
  /// Rows before the window, in the array of `state`'s type (the others stay empty).
  var doubles: [Double] = []
  var ints: [Int64] = []
  var flags: [Int8] = []
  var codes: [Int32] = []
  /// Int columns only: 1 present, 0 missing, by row of the chunk; allocated at the first missing
  /// value.
  var valid: UnsafeMutablePointer<UInt8>? = nil
  var dictionary: CSVCategoryDictionary? = nil

  mutating func releaseStorage() {
    values?.deallocate()
    if let valid { free(valid) }
    dictionary?.free()
    values = nil
    doubles = []
    ints = []
    flags = []
    codes = []
    valid = nil
    dictionary = nil
  }

  /// Hands the array of `state` to the caller (the frame adopts it without a copy).
  mutating func takeStorage() -> CSVColumnStorage? {
    defer { doubles = []; ints = []; flags = []; codes = [] }
    switch state {
    case .empty: return nil
    case .float: return .doubles(doubles)
    case .int: return .ints(ints)
    case .bool: return .flags(flags)
    case .category: return .codes(codes)
    }
  }

  /// Starts the array of `state` with `rows` missing values and room for `capacity`.
  mutating func startArray(missingRows rows: Int, capacity: Int) {
    func start<T>(_ a: inout [T], _ missing: T) {
      a = []
      a.reserveCapacity(Swift.max(capacity, rows))
      a.append(contentsOf: repeatElement(missing, count: rows))
    }
    switch state {
    case .empty: break
    case .float: start(&doubles, .nan)
    case .int: start(&ints, 0)
    case .bool: start(&flags, -1)
    case .category: start(&codes, -1)
    }
  }

  /// Appends the window's first `count` rows to the array.
  mutating func appendWindow(_ count: Int) {
    guard count > 0, let raw = values else { return }
    func append<T>(_ a: inout [T]) {
      a.append(contentsOf: UnsafeBufferPointer(start: raw.assumingMemoryBound(to: T.self), count: count))
    }
    switch state {
    case .empty: break
    case .float: append(&doubles)
    case .int: append(&ints)
    case .bool: append(&flags)
    case .category: append(&codes)
    }
  }
}

extension CSVColumnState {
  /// Room for `capacity` values of this state's element type, bound to that type and left
  /// uninitialized. Freed with `deallocate()`.
  func allocateValues(capacity: Int) -> UnsafeMutableRawPointer {
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: Swift.max(1, capacity) * Swift.max(1, elementSize),
      alignment: 8)
    switch self {
    case .int: raw.bindMemory(to: Int64.self, capacity: capacity)
    case .float, .empty: raw.bindMemory(to: Double.self, capacity: capacity)
    case .bool: raw.bindMemory(to: Int8.self, capacity: capacity)
    case .category: raw.bindMemory(to: Int32.self, capacity: capacity)
    }
    return raw
  }
}

/// A column's values in the Swift array the finished frame will use, so the first chunk's
/// array becomes the column without a copy (later chunks are appended into its spare capacity).
enum CSVColumnStorage {
  case doubles([Double])
  case ints([Int64])
  case flags([Int8])
  case codes([Int32])
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

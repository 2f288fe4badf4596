import PSDCore

/// Open-addressing hash table from 64-bit keys to dense ids handed out in first-seen order.
/// Side tables group millions of rows on integer ids (SK_ID_CURR, SK_ID_BUREAU); a Swift
/// Dictionary costs several times more per lookup than this linear-probing table. A struct over
/// raw pointers, so the hot loops pay no exclusivity checks; call `release()` when done.
struct DenseIdTable {
  private var keys: UnsafeMutablePointer<Int64>
  private var ids: UnsafeMutablePointer<Int32>
  private var capacity: Int
  private var shift: UInt64
  private(set) var count: Int = 0

  init(expected: Int) {
    var cap = 16
    while cap < expected * 2 { cap <<= 1 }
    capacity = cap
    shift = UInt64(64 - cap.trailingZeroBitCount)
    keys = .allocate(capacity: cap)
    ids = .allocate(capacity: cap)
    ids.initialize(repeating: -1, count: cap)
    keys.initialize(repeating: 0, count: cap)
  }

  func release() {
    keys.deallocate()
    ids.deallocate()
  }

  @inline(__always) private func slot(_ key: Int64) -> Int {
    Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The id of `key`, inserting it with the next id when absent.
  @inline(__always) mutating func insert(_ key: Int64) -> Int32 {
    var s = slot(key)
    let mask = capacity - 1
    while true {
      let id = ids[s]
      if id < 0 {
        let new = Int32(truncatingIfNeeded: count)
        keys[s] = key
        ids[s] = new
        count += 1
        if count * 2 > capacity { grow() }
        return new
      }
      if keys[s] == key { return id }
      s = (s + 1) & mask
    }
  }

  /// The id of `key`, or -1 when it was never inserted.
  @inline(__always) func lookup(_ key: Int64) -> Int32 {
    var s = slot(key)
    let mask = capacity - 1
    while true {
      let id = ids[s]
      if id < 0 { return -1 }
      if keys[s] == key { return id }
      s = (s + 1) & mask
    }
  }

  private mutating func grow() {
    let oldKeys = keys, oldIds = ids, oldCap = capacity
    capacity = oldCap * 2
    shift = UInt64(64 - capacity.trailingZeroBitCount)
    keys = .allocate(capacity: capacity)
    ids = .allocate(capacity: capacity)
    ids.initialize(repeating: -1, count: capacity)
    keys.initialize(repeating: 0, count: capacity)
    let mask = capacity - 1
    for i in 0..<oldCap where oldIds[i] >= 0 {
      var s = slot(oldKeys[i])
      while ids[s] >= 0 { s = (s + 1) & mask }
      keys[s] = oldKeys[i]
      ids[s] = oldIds[i]
    }
    oldKeys.deallocate()
    oldIds.deallocate()
  }
}

/// A key column as 64-bit integers plus a missing flag, so every key type groups and joins
/// through the same table. Floats use their bit pattern (with -0 folded into 0).
struct EncodedKey {
  var values: [Int64]
  /// nil: nothing missing.
  var missing: [Bool]?

  init(values: [Int64], missing: [Bool]?) {
    self.values = values
    self.missing = missing
  }

  init(_ column: Column) {
    switch column.data {
    case .int(let v, let valid):
      values = v
      missing = valid.map { $0.map { !$0 } }
    case .float(let v):
      values = v.map { $0 == 0 ? 0 : Int64(bitPattern: $0.bitPattern) }
      missing = v.contains { $0.isNaN } ? v.map { $0.isNaN } : nil
    case .bool(let v):
      values = v.map { Int64($0) }
      missing = v.contains { $0 < 0 } ? v.map { $0 < 0 } : nil
    case .category(let codes, _):
      values = codes.map { Int64($0) }
      missing = codes.contains { $0 < 0 } ? codes.map { $0 < 0 } : nil
    }
  }
}

/// Rows mapped to dense group ids, in the order each key is first seen. Rows whose key is
/// missing get group -1 and are left out (as pandas' groupby does by default).
package struct GroupIndex: Sendable {
  /// Group of each row, -1 when a key value is missing.
  package let groupOfRow: [Int32]
  package let groupCount: Int
  /// The first row of each group (where the output key values come from).
  package let firstRow: [Int]

  /// Groups the frame's rows by the named key columns.
  package init(frame: DataFrame, keys: [String], frameName: String? = nil) throws {
    if keys.isEmpty { throw PSDError.usage("grouping needs at least one key column") }
    var combined: [Int32]? = nil
    var combinedCount = 0
    for name in keys {
      let column = try frame.column(name, frameName: frameName)
      let (ids, count) = GroupIndex.factorize(EncodedKey(column))
      if let previous = combined {
        // Pair the ids so far with this column's ids, then factorize the pairs: still
        // first-seen order, and the product never overflows 64 bits (both are < 2^31).
        var pairs = [Int64](repeating: 0, count: ids.count)
        var missing = [Bool](repeating: false, count: ids.count)
        var anyMissing = false
        for i in 0..<ids.count {
          if previous[i] < 0 || ids[i] < 0 {
            missing[i] = true
            anyMissing = true
          } else {
            pairs[i] = Int64(previous[i]) * Int64(count) + Int64(ids[i])
          }
        }
        let r = GroupIndex.factorize(EncodedKey(values: pairs, missing: anyMissing ? missing : nil))
        combined = r.ids
        combinedCount = r.count
      } else {
        combined = ids
        combinedCount = count
      }
    }
    let groups = combined ?? []
    var first = [Int](repeating: 0, count: combinedCount)
    var seen = 0
    for (row, g) in groups.enumerated() where g >= 0 && Int(g) == seen {
      // Ids are handed out in row order, so group `seen` first appears here.
      first[seen] = row
      seen += 1
      if seen == combinedCount { break }
    }
    groupOfRow = groups
    groupCount = combinedCount
    firstRow = first
  }

  /// Dense ids in first-seen order; -1 for missing keys. Runs of equal keys (side tables are
  /// usually sorted by client) skip the hash lookup.
  static func factorize(_ key: EncodedKey) -> (ids: [Int32], count: Int) {
    let n = key.values.count
    var out = [Int32](repeating: -1, count: n)
    var table = DenseIdTable(expected: min(n, 1 << 16))
    defer { table.release() }
    let v = key.values.span
    var o = out.mutableSpan
    var lastKey: Int64 = 0
    var lastId: Int32 = -1
    let hasMissing = key.missing != nil
    let missing = key.missing ?? []
    let m = missing.span
    for i in 0..<n {
      if hasMissing && m[i] { continue }
      let k = v[i]
      if lastId >= 0 && k == lastKey {
        o[i] = lastId
        continue
      }
      lastId = table.insert(k)
      lastKey = k
      o[i] = lastId
    }
    return (out, table.count)
  }

  /// Rows listed group by group (counting sort): `rows[offsets[g]..<offsets[g+1]]` are group
  /// g's rows in frame order. Needed by median and nunique.
  package func rowsByGroup() -> (offsets: [Int], rows: [Int32]) {
    var offsets = [Int](repeating: 0, count: groupCount + 1)
    for g in groupOfRow where g >= 0 { offsets[Int(g) + 1] += 1 }
    for g in 0..<groupCount { offsets[g + 1] += offsets[g] }
    var cursor = offsets
    var rows = [Int32](repeating: 0, count: offsets[groupCount])
    for (row, g) in groupOfRow.enumerated() where g >= 0 {
      rows[cursor[Int(g)]] = Int32(row)
      cursor[Int(g)] += 1
    }
    return (offsets, rows)
  }
}

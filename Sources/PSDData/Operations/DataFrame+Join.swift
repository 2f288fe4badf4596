import PSDCore

package enum JoinKind: String, Sendable, CaseIterable, Codable {
  /// Every left row, in order; columns from the right are missing where no key matches.
  case left
  /// Only left rows with a match, in left order.
  case inner
}

extension DataFrame {
  /// The largest join result psd builds: past it a many-to-many match (`join app app on
  /// CODE_GENDER`) is refused before anything is allocated, instead of aborting on allocation.
  package static let maxJoinRows = 50_000_000
  package static let maxJoinCells = 500_000_000

  /// Counts the output rows of a join whose right keys repeat, and refuses one above the limits.
  static func checkJoinSize(_ leftIds: [Int32], offsets: [Int], kind: JoinKind, columns: Int, keys: [String]) throws {
    var rows = 0
    for g in leftIds {
      rows += g >= 0 ? offsets[Int(g) + 1] - offsets[Int(g)] : (kind == .left ? 1 : 0)
    }
    let cells = rows.multipliedReportingOverflow(by: Swift.max(1, columns))
    guard rows > maxJoinRows || cells.overflow || cells.partialValue > maxJoinCells else { return }
    throw PSDError.data(
      "join on \(keys.joined(separator: ", ")) would make \(rows) rows × \(columns) columns: the keys repeat on both sides (many-to-many); psd builds at most \(maxJoinRows) rows and \(maxJoinCells) cells",
      notes: [
        "aggregate the right frame by the key first (aggregate X by KEY {...}), or join on a key that is unique on one side"
      ])
  }

  /// Joins `right` onto this frame on key columns present in both under the same names.
  /// The result has this frame's columns (keys included, from the left), then the right
  /// frame's non-key columns; a right column whose name is already taken gets `suffix`
  /// appended (`AMT_ANNUITY` -> `AMT_ANNUITY_right`). Rows come in left order; a left row
  /// matching several right rows repeats once per match, in right order. Missing key values
  /// never match anything. Keys must have the same type on both sides (int, float, bool or
  /// categorical; categorical keys match by label even when level sets differ).
  package func join(
    _ right: DataFrame, on keys: [String], kind: JoinKind = .left,
    suffix: String = "_right", leftName: String? = nil,
    rightName: String? = nil, control: TaskControl = .none
  ) throws -> DataFrame {
    try joinCounting(
      right, on: keys, kind: kind, suffix: suffix, leftName: leftName, rightName: rightName,
      control: control
    ).frame
  }

  /// `join`, with how many left rows found a key and how many right keys found no row.
  package func joinCounting(
    _ right: DataFrame, on keys: [String], kind: JoinKind = .left,
    suffix: String = "_right", leftName: String? = nil, rightName: String? = nil,
    control: TaskControl = .none
  ) throws -> (frame: DataFrame, statistics: JoinStatistics) {
    if keys.isEmpty { throw PSDError.usage("join needs at least one key column") }
    if Set(keys).count != keys.count { throw PSDError.usage("a join key is listed twice") }
    var leftIds: [Int32]? = nil
    var rightIds: [Int32]? = nil
    for key in keys {
      let l = try column(key, frameName: leftName)
      let r = try right.column(key, frameName: rightName)
      guard l.type == r.type else {
        throw PSDError.data(
          "join key '\(key)' is \(l.type.word) in '\(leftName ?? "left")' but \(r.type.word) in '\(rightName ?? "right")'",
          notes: ["both frames must hold the key with the same type"], subject: key)
      }
      let (le, re) = DataFrame.encodeKeyPair(l, r)
      var (li, ri) = DataFrame.matchIds(left: le, right: re)
      if let pl = leftIds, let pr = rightIds {
        // Combine with the keys so far: pair ids, then match the pairs.
        let width = Int64(Swift.max(1, (ri.max() ?? 0) + 1))
        func pairs(_ a: [Int32], _ b: [Int32]) -> EncodedKey {
          var miss = [Bool](repeating: false, count: a.count)
          var vals = [Int64](repeating: 0, count: a.count)
          for i in 0..<a.count {
            if a[i] < 0 || b[i] < 0 { miss[i] = true } else { vals[i] = Int64(a[i]) * width + Int64(b[i]) }
          }
          return EncodedKey(values: vals, missing: miss)
        }
        (li, ri) = DataFrame.matchIds(left: pairs(pl, li), right: pairs(pr, ri))
      }
      leftIds = li
      rightIds = ri
    }
    try control.checkCancelled()
    let li = leftIds!, ri = rightIds!

    // Right rows bucketed by id (counting sort), then one probe per left row.
    let groupCount = Int((ri.max() ?? -1) + 1)
    var offsets = [Int](repeating: 0, count: groupCount + 1)
    for g in ri where g >= 0 { offsets[Int(g) + 1] += 1 }
    var unique = true
    for g in 0..<groupCount {
      if offsets[g + 1] > 1 { unique = false }
      offsets[g + 1] += offsets[g]
    }
    var keyUsed = [Bool](repeating: false, count: groupCount)
    var matchedLeft = 0
    for g in li where g >= 0 { matchedLeft += 1; keyUsed[Int(g)] = true }
    let statistics = JoinStatistics(
      leftRows: li.count, matchedLeftRows: matchedLeft, rightKeys: groupCount,
      unmatchedRightKeys: keyUsed.lazy.filter { !$0 }.count)
    var bucket = [Int](repeating: 0, count: offsets[groupCount])
    var cursor = offsets
    for (row, g) in ri.enumerated() where g >= 0 {
      bucket[cursor[Int(g)]] = row
      cursor[Int(g)] += 1
    }

    if !unique {
      try DataFrame.checkJoinSize(
        li, offsets: offsets, kind: kind, columns: columnCount + right.columnCount, keys: keys)
    }

    var leftRows: [Int] = []
    var rightRows: [Int] = []
    if unique && kind == .left {
      // The common case (a per-client aggregate joined onto applications): one probe per row.
      rightRows = [Int](repeating: -1, count: li.count)
      let l = li.span, b = bucket.span, off = offsets.span
      var r = rightRows.mutableSpan
      for i in 0..<l.count {
        let g = Int(l[i])
        if g >= 0 { r[i] = b[off[g]] }
      }
    } else {
      leftRows.reserveCapacity(li.count)
      rightRows.reserveCapacity(li.count)
      for (row, g) in li.enumerated() {
        if g < 0 {
          if kind == .left { leftRows.append(row); rightRows.append(-1) }
          continue
        }
        for j in offsets[Int(g)]..<offsets[Int(g) + 1] {
          leftRows.append(row)
          rightRows.append(bucket[j])
        }
      }
    }
    try control.checkCancelled()

    let keepLeftAsIs = unique && kind == .left
    let rightHasMissing = rightRows.contains { $0 < 0 }
    let keySet = Set(keys)
    let rightColumns = right.columns.filter { !keySet.contains($0.name) }
    let leftCount = keepLeftAsIs ? 0 : columns.count
    let gathered = parallelMap(
      leftCount + rightColumns.count,
      rows: Swift.max(rightRows.count, right.rowCount)
    ) { i -> Column in
      i < leftCount
        ? columns[i].gatherRows(leftRows, hasMissingRows: false)
        : rightColumns[i - leftCount].gatherRows(rightRows, hasMissingRows: rightHasMissing)
    }
    var out: [Column] = keepLeftAsIs ? columns : Array(gathered[..<leftCount])
    out.reserveCapacity(out.count + rightColumns.count)
    // The left frame's name index, extended with the right columns (the names taken so far).
    var taken = columnIndexes
    for var c in gathered[leftCount...] {
      if taken[c.name] != nil {
        var name = c.name + suffix
        var n = 2
        while taken[name] != nil { name = c.name + suffix + String(n); n += 1 }
        c.name = name
      }
      taken[c.name] = out.count
      out.append(c)
    }
    let rows = keepLeftAsIs ? rowCount : leftRows.count
    return (DataFrame(unchecked: out, rowCount: out.isEmpty ? 0 : rows, index: taken), statistics)
  }

  /// Both key columns encoded in one value space (categorical right codes re-mapped to the
  /// left frame's levels by label; labels absent on the left get codes past the left ones).
  static func encodeKeyPair(_ l: Column, _ r: Column) -> (EncodedKey, EncodedKey) {
    if case .category(_, let ll) = l.data, case .category(let rc, let rl) = r.data, ll != rl {
      var index: [String: Int32] = [:]
      for (i, s) in ll.enumerated() { index[s] = Int32(i) }
      var next = Int32(ll.count)
      let map: [Int32] = rl.map { s in
        if let i = index[s] { return i }
        defer { next += 1 }
        return next
      }
      let remapped = rc.map { $0 < 0 ? Int32(-1) : map[Int($0)] }
      return (EncodedKey(l), EncodedKey(Column.category(r.name, codes: remapped, levels: [])))
    }
    return (EncodedKey(l), EncodedKey(r))
  }

  /// Right keys get dense ids; left keys get the id of the equal right key, or -1.
  static func matchIds(left: EncodedKey, right: EncodedKey) -> ([Int32], [Int32]) {
    var table = DenseIdTable(expected: Swift.min(right.values.count, 1 << 20))
    defer { table.release() }
    var ri = [Int32](repeating: -1, count: right.values.count)
    for i in 0..<right.values.count where !(right.missing?[i] ?? false) {
      ri[i] = table.insert(right.values[i])
    }
    var li = [Int32](repeating: -1, count: left.values.count)
    let v = left.values.span
    var o = li.mutableSpan
    if let m = left.missing {
      for i in 0..<v.count where !m[i] { o[i] = table.lookup(v[i]) }
    } else {
      for i in 0..<v.count { o[i] = table.lookup(v[i]) }
    }
    return (li, ri)
  }
}

/// How the keys of a join met: left rows with a match, distinct right keys without one.
package struct JoinStatistics: Sendable, Equatable {
  package var leftRows: Int
  package var matchedLeftRows: Int
  package var rightKeys: Int
  package var unmatchedRightKeys: Int
}

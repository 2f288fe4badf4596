/// Per-group statistics over contiguous arrays: one pass over the rows per statistic, indexed
/// by the dense group ids computed once by `GroupIndex`.
///
/// The loops read and write through `Span`/`MutableSpan`. Row positions are bounds-checked (the
/// checks hoist out of the loops); the per-group accumulators are indexed `unchecked:` because a
/// group id is -1 (no group) or below `groupCount` by `GroupIndex`'s construction, and a check on
/// each of four accumulators per row cost a third more instructions in `basicStats`.
enum AggregateKernels {
  static func groupSizes(_ groups: [Int32], groupCount: Int) -> [Int64] {
    var sizes = [Int64](repeating: 0, count: groupCount)
    let g = groups.span
    var s = sizes.mutableSpan
    for i in g.indices {
      let k = Int(g[i])
      if k >= 0 { s[unchecked: k] &+= 1 }
    }
    return sizes
  }

  /// All output columns of one source column.
  static func run(
    column: Column, functions: [AggregateFunction], prefix: String,
    index: GroupIndex, sizes: [Int64],
    rowLists: (offsets: [Int], rows: [Int32])?
  ) -> [Column] {
    let base = prefix + column.name + "_"
    let results = outputs(
      column.data, functions: functions, groups: index.groupOfRow, groupCount: index.groupCount,
      sizes: sizes, rowLists: rowLists)
    var parts: [String]?
    return results.map { r in
      switch r.kind {
      case .statistic(let f): return Column(name: base + f.suffix, data: r.data)
      case .level(let l, let f):
        if parts == nil, case .category(_, let levels) = column.data { parts = uniqueLevelParts(levels) }
        return Column(name: base + parts![l] + levelSuffix(f), data: r.data)
      case .missing(let f): return Column(name: base + "MISSING" + levelSuffix(f), data: r.data)
      }
    }
  }

  /// `_COUNT` for `counts`, `_SHARE` for `shares`: the end of a level column's name.
  static func levelSuffix(_ f: AggregateFunction) -> String { f == .counts ? "_COUNT" : "_SHARE" }

  /// What one aggregate output holds, before it is named: `<COL>_<FUNC>`, a level's
  /// `<COL>_<level>_COUNT|SHARE` (`level`: its index in the column's levels) or the missing
  /// values' `<COL>_MISSING_COUNT|SHARE`.
  enum OutputKind: Equatable {
    case statistic(AggregateFunction)
    case level(Int, AggregateFunction)
    case missing(AggregateFunction)
  }

  /// The values of every output of one source column, in output order. The one place the
  /// statistics are computed: `DataFrame.aggregate` names these, and a replay's prepared
  /// aggregate (one application's rows) places them by the training schema, so both give the
  /// same bits.
  static func outputs(
    _ data: ColumnData, functions: [AggregateFunction], groups: [Int32], groupCount G: Int,
    sizes: [Int64], rowLists: (offsets: [Int], rows: [Int32])?
  ) -> [(kind: OutputKind, data: ColumnData)] {
    if case .category(let codes, let levels) = data {
      return categorical(
        codes: codes, levels: levels, functions: functions, groups: groups, groupCount: G,
        sizes: sizes, rowLists: rowLists)
    }
    let values = Column(name: "", data: data).doubles()!
    var out: [(kind: OutputKind, data: ColumnData)] = []
    out.reserveCapacity(functions.count)
    // count, sum, min and max in one pass over the rows when any of them is wanted.
    let wantsBasic = functions.contains { [.count, .sum, .mean, .min, .max, .var, .std].contains($0) }
    let basic = wantsBasic ? basicStats(values, groups, G) : nil
    var meanCache: [Double]?
    func means() -> [Double] {
      if let meanCache { return meanCache }
      let b = basic!
      let m = (0..<G).map { b.count[$0] == 0 ? Double.nan : b.sum[$0] / Double(b.count[$0]) }
      meanCache = m
      return m
    }
    var varCache: [Double]?
    func variances() -> [Double] {
      if let varCache { return varCache }
      let v = variance(values, groups, means(), basic!.count)
      varCache = v
      return v
    }
    for f in functions {
      let d: ColumnData
      switch f {
      case .count: d = .int(basic!.count, valid: nil)
      case .sum: d = .float(basic!.sum)
      case .mean: d = .float(means())
      case .min: d = .float(basic!.min)
      case .max: d = .float(basic!.max)
      case .var: d = .float(variances())
      case .std: d = .float(variances().map { $0.squareRoot() })
      case .median: d = .float(median(values, rowLists!))
      case .nunique: d = .int(distinctCount(values, rowLists!), valid: nil)
      case .first: d = .float(firstOrLast(values, groups, G, last: false))
      case .last: d = .float(firstOrLast(values, groups, G, last: true))
      case .counts, .shares: continue  // rejected before the kernels run
      }
      out.append((.statistic(f), d))
    }
    return out
  }

  /// Count of non-missing values, sum, min and max per group; min/max are missing (NaN) for
  /// groups without values, the sum is 0.
  static func basicStats(_ values: [Double], _ groups: [Int32], _ G: Int)
    -> (count: [Int64], sum: [Double], min: [Double], max: [Double])
  {
    var count = [Int64](repeating: 0, count: G)
    var sum = [Double](repeating: 0, count: G)
    var lo = [Double](repeating: .infinity, count: G)
    var hi = [Double](repeating: -.infinity, count: G)
    do {
      let v = values.span, g = groups.span
      precondition(g.count == v.count)
      var c = count.mutableSpan, s = sum.mutableSpan, l = lo.mutableSpan, h = hi.mutableSpan
      for i in v.indices {
        let k = Int(g[i])
        let x = v[i]
        if k >= 0 && !x.isNaN {
          c[unchecked: k] &+= 1
          s[unchecked: k] += x
          // Selects rather than branches: minsd/maxsd, no mispredictions.
          let lo = l[unchecked: k], hi = h[unchecked: k]
          l[unchecked: k] = x < lo ? x : lo
          h[unchecked: k] = x > hi ? x : hi
        }
      }
      for k in 0..<G where c[k] == 0 {
        l[k] = .nan
        h[k] = .nan
      }
    }
    return (count, sum, lo, hi)
  }

  /// Sample variance around the group means (two passes: stable for large values such as
  /// amounts in the millions).
  static func variance(
    _ values: [Double], _ groups: [Int32], _ means: [Double],
    _ counts: [Int64]
  ) -> [Double] {
    let G = means.count
    var ss = [Double](repeating: 0, count: G)
    do {
      let v = values.span, g = groups.span, m = means.span
      precondition(g.count == v.count)
      var s = ss.mutableSpan
      for i in v.indices {
        let k = Int(g[i])
        let x = v[i]
        if k >= 0 && !x.isNaN {
          let d = x - m[unchecked: k]
          s[unchecked: k] += d * d
        }
      }
    }
    for k in 0..<G { ss[k] = counts[k] < 2 ? .nan : ss[k] / Double(counts[k] - 1) }
    return ss
  }

  /// First / last non-missing value in frame order.
  static func firstOrLast(_ values: [Double], _ groups: [Int32], _ G: Int, last: Bool) -> [Double] {
    var out = [Double](repeating: .nan, count: G)
    do {
      let v = values.span, g = groups.span
      precondition(g.count == v.count)
      var o = out.mutableSpan
      for i in v.indices {
        let k = Int(g[i])
        let x = v[i]
        guard k >= 0, !x.isNaN else { continue }
        if last || o[unchecked: k].isNaN { o[unchecked: k] = x }
      }
    }
    return out
  }

  static func median(_ values: [Double], _ lists: (offsets: [Int], rows: [Int32])) -> [Double] {
    let G = lists.offsets.count - 1
    var out = [Double](repeating: .nan, count: G)
    var buffer: [Double] = []
    for k in 0..<G {
      buffer.removeAll(keepingCapacity: true)
      for j in lists.offsets[k]..<lists.offsets[k + 1] {
        let x = values[Int(lists.rows[j])]
        if !x.isNaN { buffer.append(x) }
      }
      let n = buffer.count
      if n == 0 { continue }
      buffer.sort()
      out[k] = n % 2 == 1 ? buffer[n / 2] : (buffer[n / 2 - 1] + buffer[n / 2]) / 2
    }
    return out
  }

  static func distinctCount(_ values: [Double], _ lists: (offsets: [Int], rows: [Int32])) -> [Int64] {
    let G = lists.offsets.count - 1
    var out = [Int64](repeating: 0, count: G)
    var buffer: [Double] = []
    for k in 0..<G {
      buffer.removeAll(keepingCapacity: true)
      for j in lists.offsets[k]..<lists.offsets[k + 1] {
        let x = values[Int(lists.rows[j])]
        if !x.isNaN { buffer.append(x) }
      }
      if buffer.isEmpty { continue }
      buffer.sort()
      var distinct: Int64 = 1
      for j in 1..<buffer.count where buffer[j] != buffer[j - 1] { distinct += 1 }
      out[k] = distinct
    }
    return out
  }

  static func categorical(
    codes: [Int32], levels: [String], functions: [AggregateFunction], groups: [Int32],
    groupCount G: Int, sizes: [Int64], rowLists: (offsets: [Int], rows: [Int32])?
  ) -> [(kind: OutputKind, data: ColumnData)] {
    let L = levels.count
    var out: [(kind: OutputKind, data: ColumnData)] = []
    var table: [Int64]?  // L x G level counts, level-major: each level's counts are contiguous
    func levelCounts() -> [Int64] {
      if let table { return table }
      var t = [Int64](repeating: 0, count: G * L)
      do {
        let c = codes.span, g = groups.span
        var counts = t.mutableSpan
        for i in 0..<c.count {
          let k = Int(g[i])
          let code = Int(c[i])
          if k >= 0 && code >= 0 { counts[code * G + k] &+= 1 }
        }
      }
      table = t
      return t
    }
    func nonMissing() -> [Int64] {
      let t = levelCounts()
      var n = [Int64](repeating: 0, count: G)
      for l in 0..<L { for k in 0..<G { n[k] += t[l * G + k] } }
      return n
    }
    for f in functions {
      switch f {
      case .count:
        var n = [Int64](repeating: 0, count: G)
        for (i, c) in codes.enumerated() where c >= 0 {
          let k = Int(groups[i])
          if k >= 0 { n[k] += 1 }
        }
        out.append((.statistic(f), .int(n, valid: nil)))
      case .nunique:
        // Stamp each level with the last group that used it: one pass per group's rows.
        let lists = rowLists!
        var stamp = [Int](repeating: -1, count: L)
        var result = [Int64](repeating: 0, count: G)
        for k in 0..<G {
          for j in lists.offsets[k]..<lists.offsets[k + 1] {
            let code = Int(codes[Int(lists.rows[j])])
            if code >= 0 && stamp[code] != k { stamp[code] = k; result[k] += 1 }
          }
        }
        out.append((.statistic(f), .int(result, valid: nil)))
      case .first, .last:
        var picked = [Int32](repeating: -1, count: G)
        for (i, c) in codes.enumerated() {
          let k = Int(groups[i])
          if k >= 0 && c >= 0 && (f == .last || picked[k] < 0) { picked[k] = c }
        }
        out.append((.statistic(f), .category(codes: picked, levels: levels)))
      case .counts, .shares:
        let t = levelCounts()
        let present = nonMissing()
        for l in 0..<L {
          let counts = Array(t[(l * G)..<((l + 1) * G)])
          if !counts.contains(where: { $0 > 0 }) { continue }  // levels absent from this frame
          out.append((.level(l, f), levelData(counts, sizes, shares: f == .shares)))
        }
        let missing = (0..<G).map { sizes[$0] - present[$0] }
        if missing.contains(where: { $0 > 0 }) {
          out.append((.missing(f), levelData(missing, sizes, shares: f == .shares)))
        }
      default: break  // number-only statistics are rejected before the kernels run
      }
    }
    return out
  }

  static func levelData(_ counts: [Int64], _ sizes: [Int64], shares: Bool) -> ColumnData {
    if !shares { return .int(counts, valid: nil) }
    return .float((0..<counts.count).map { Double(counts[$0]) / Double(sizes[$0]) })
  }
}

import PSDCore
import Synchronization

/// Summary statistics of a numeric (float, int or bool) column. Missing values are excluded
/// from every statistic; `std` is the sample standard deviation (n - 1), quantiles interpolate
/// linearly between order statistics (as pandas does). Statistics are NaN when count is 0.
package struct NumericSummary: Sendable, Equatable {
  package var count: Int
  package var missing: Int
  package var mean: Double
  package var std: Double
  package var min: Double
  package var q25: Double
  package var median: Double
  package var q75: Double
  package var max: Double
  /// All values are whole numbers from an int or bool column (render without decimals).
  package var isInteger: Bool
}

/// Summary of a categorical column: distinct labels and the most frequent ones.
package struct CategorySummary: Sendable, Equatable {
  package struct Level: Sendable, Equatable {
    package var label: String
    package var count: Int
  }
  package var count: Int
  package var missing: Int
  package var distinct: Int
  /// Most frequent first; ties in first-seen order.
  package var top: [Level]
}

/// One column's summary.
package struct ColumnSummary: Sendable, Equatable {
  package enum Statistics: Sendable, Equatable {
    case numeric(NumericSummary)
    case category(CategorySummary)
  }
  package var name: String
  package var type: ColumnType
  package var rows: Int
  package var statistics: Statistics

  package var missing: Int {
    switch statistics {
    case .numeric(let s): return s.missing
    case .category(let s): return s.missing
    }
  }
  /// Percentage of missing values (0 for an empty column).
  package var missingPercent: Double { rows == 0 ? 0 : Double(missing) * 100 / Double(rows) }
}

/// `describe X`: every column's summary, in frame order.
package struct FrameDescription: Sendable, Equatable {
  package var rows: Int
  package var columns: [ColumnSummary]
}

/// `describe X by TARGET`: the same summaries per class of the target column.
package struct GroupedDescription: Sendable, Equatable {
  package struct Group: Sendable, Equatable {
    /// The class as text ("0", "1", a label, or "missing").
    package var label: String
    package var description: FrameDescription
  }
  package var target: String
  package var groups: [Group]
}

package enum Describe {
  /// Classes beyond this make `describe by` unreadable (and usually mean the wrong column).
  package static let maximumGroups = 20

  package static func column(_ column: Column, topLevels: Int = 5) -> ColumnSummary {
    summarize(column, rows: nil, topLevels: topLevels)
  }

  package static func frame(
    _ frame: DataFrame, topLevels: Int = 5,
    control: TaskControl = .none
  ) throws -> FrameDescription {
    let columns = frame.columns
    let summaries = try parallelMap(columns.count, control: control) { i in
      summarize(columns[i], rows: nil, topLevels: topLevels)
    }
    return FrameDescription(rows: frame.rowCount, columns: summaries)
  }

  /// `body(i)` for i in 0..<count on every core, in order; checks cancellation per item.
  static func parallelMap<T>(_ count: Int, control: TaskControl, _ body: (Int) -> T) throws -> [T] {
    let cancelled = Atomic<Bool>(false)
    let results = Parallel.map(count) { i -> T? in
      if cancelled.load(ordering: .relaxed) || control.isCancelled {
        cancelled.store(true, ordering: .relaxed)
        return nil
      }
      return body(i)
    }
    try control.checkCancelled()
    return results.map { $0! }
  }

  /// Summaries per class of `target` (the target column itself is left out). Classes are
  /// sorted (numbers numerically, labels alphabetically); missing target values form a last
  /// "missing" class.
  package static func grouped(
    _ frame: DataFrame, by target: String, frameName: String? = nil,
    topLevels: Int = 5, control: TaskControl = .none
  ) throws -> GroupedDescription {
    let targetColumn = try frame.column(target, frameName: frameName)
    var rowsByKey: [String: [Int]] = [:]
    var numericKey: [String: Double] = [:]
    var missingRows: [Int] = []
    for i in 0..<frame.rowCount {
      if targetColumn.isMissing(i) {
        missingRows.append(i)
        continue
      }
      let key = targetColumn.text(i)
      if rowsByKey[key] == nil {
        if rowsByKey.count >= maximumGroups {
          throw PSDError.usage(
            "'\(target)' has more than \(maximumGroups) distinct values; describe ... by needs a column with few classes (like TARGET)",
            subject: target)
        }
        numericKey[key] = targetColumn.isNumeric ? targetColumn.doubleValue(i) : nil
      }
      rowsByKey[key, default: []].append(i)
    }
    let keys = rowsByKey.keys.sorted { a, b in
      if let x = numericKey[a], let y = numericKey[b] { return x < y }
      return a < b
    }
    var classes = keys.map { ($0, rowsByKey[$0]!) }
    if !missingRows.isEmpty { classes.append(("missing", missingRows)) }
    let others = frame.columns.filter { $0.name != target }
    // Per column (in parallel), the summary of each class.
    let perColumn = try parallelMap(others.count, control: control) { i in
      classes.map { summarize(others[i], rows: $0.1, topLevels: topLevels) }
    }
    let groups = classes.enumerated().map { k, entry in
      GroupedDescription.Group(
        label: entry.0,
        description: FrameDescription(
          rows: entry.1.count, columns: perColumn.map { $0[k] }))
    }
    return GroupedDescription(target: target, groups: groups)
  }

  // MARK: - Computing

  static func summarize(_ column: Column, rows: [Int]?, topLevels: Int) -> ColumnSummary {
    let n = rows?.count ?? column.count
    switch column.data {
    case .category(let codes, let levels):
      var counts = [Int](repeating: 0, count: levels.count)
      var missing = 0
      if let rows {
        for r in rows { let c = codes[r]; if c < 0 { missing += 1 } else { counts[Int(c)] += 1 } }
      } else {
        for c in codes { if c < 0 { missing += 1 } else { counts[Int(c)] += 1 } }
      }
      let present = counts.indices.filter { counts[$0] > 0 }
      let ranked = present.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
      let top = ranked.prefix(topLevels).map { CategorySummary.Level(label: levels[$0], count: counts[$0]) }
      let summary = CategorySummary(count: n - missing, missing: missing, distinct: present.count, top: top)
      return ColumnSummary(name: column.name, type: .category, rows: n, statistics: .category(summary))
    default:
      var values: [Double] = []
      values.reserveCapacity(n)
      func collect(_ all: UnsafeBufferPointer<Double>) {
        if let rows {
          for r in rows { let v = all[r]; if !v.isNaN { values.append(v) } }
        } else {
          for v in all where !v.isNaN { values.append(v) }
        }
      }
      if case .float(let floats) = column.data {
        floats.withUnsafeBufferPointer(collect)
      } else if let all = column.doubles() {
        all.withUnsafeBufferPointer(collect)
      }
      let summary = numeric(&values, missing: n - values.count, isInteger: column.type != .float)
      return ColumnSummary(name: column.name, type: column.type, rows: n, statistics: .numeric(summary))
    }
  }

  /// Statistics of `values` (no NaN); reorders `values` (quantiles by selection, not a sort).
  static func numeric(_ values: inout [Double], missing: Int, isInteger: Bool) -> NumericSummary {
    let count = values.count
    guard count > 0 else {
      return NumericSummary(
        count: 0, missing: missing, mean: .nan, std: .nan, min: .nan, q25: .nan,
        median: .nan, q75: .nan, max: .nan, isInteger: isInteger)
    }
    return values.withUnsafeMutableBufferPointer { a in
      var sum = 0.0
      var low = a[0], high = a[0]
      for v in a {
        sum += v
        if v < low { low = v }
        if v > high { high = v }
      }
      let mean = sum / Double(count)
      var squares = 0.0
      if mean.isFinite {
        for v in a { squares += (v - mean) * (v - mean) }
      }
      let std = count > 1 && mean.isFinite ? (squares / Double(count - 1)).squareRoot() : .nan
      // Quantiles in increasing order: each selection only looks right of the previous one.
      var selectedUpTo = 0
      func quantile(_ q: Double) -> Double {
        let position = q * Double(count - 1)
        let lower = Int(position.rounded(.down))
        let fraction = position - Double(lower)
        if lower >= selectedUpTo { select(a, lower, from: selectedUpTo, to: count) }
        selectedUpTo = lower + 1
        let v = a[lower]
        guard fraction > 0, lower + 1 < count else { return v }
        var next = a[lower + 1]
        for i in (lower + 2)..<count where a[i] < next { next = a[i] }
        return next == v ? v : v + (next - v) * fraction
      }
      let q25 = quantile(0.25), median = quantile(0.5), q75 = quantile(0.75)
      return NumericSummary(
        count: count, missing: missing, mean: mean, std: std, min: low,
        q25: q25, median: median, q75: q75, max: high, isInteger: isInteger)
    }
  }

  /// Rearranges a[lo..<hi] so a[k] is its (k - lo)-th smallest, smaller values before, larger
  /// after (Hoare partition, median-of-three pivot; equal values split evenly).
  static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int, from lo0: Int, to hi0: Int) {
    var lo = lo0
    var hi = hi0 - 1
    while hi > lo {
      let mid = lo + (hi - lo) / 2
      if a[mid] < a[lo] { a.swapAt(mid, lo) }
      if a[hi] < a[lo] { a.swapAt(hi, lo) }
      if a[hi] < a[mid] { a.swapAt(hi, mid) }
      let pivot = a[mid]
      var i = lo
      var j = hi
      while i <= j {
        while a[i] < pivot { i += 1 }
        while a[j] > pivot { j -= 1 }
        if i <= j {
          a.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if k <= j { hi = j } else if k >= i { lo = i } else { return }
    }
  }
}

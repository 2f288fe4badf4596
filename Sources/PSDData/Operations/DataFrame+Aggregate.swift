import PSDCore
import Synchronization

/// One statistic `aggregate` can compute per group.
package enum AggregateFunction: String, CaseIterable, Sendable, Codable {
  case count, sum, mean, min, max, std, `var`, median, nunique, first, last
  /// Per-level row counts of a categorical column (one column per level).
  case counts
  /// Per-level shares of a categorical column: the mean of its one-hot encoding.
  case shares

  /// Accepted spellings besides the canonical name.
  static let aliases: [String: AggregateFunction] = [
    "variance": .var, "avg": .mean, "onehot": .shares, "share": .shares, "levels": .counts,
    "distinct": .nunique
  ]

  package static func named(_ name: String) throws -> AggregateFunction {
    let lowered = name.lowercased()
    if let f = AggregateFunction(rawValue: lowered) ?? aliases[lowered] { return f }
    throw PSDError.unknown("aggregation", name, candidates: allCases.map(\.rawValue))
  }

  /// The upper-case suffix of output columns: `BURO_AMT_CREDIT_SUM_MEAN`.
  package var suffix: String { rawValue.uppercased() }

  package var needsNumbers: Bool {
    switch self {
    case .sum, .mean, .min, .max, .std, .var, .median: return true
    default: return false
    }
  }
  package var needsCategory: Bool { self == .counts || self == .shares }
}

/// The statistics wanted for some columns. The column name `*` stands for every column that is
/// neither a key nor named elsewhere in the spec; from it, number-only statistics go to
/// numeric columns and `counts`/`shares` to categorical ones.
package struct AggregateSpec: Sendable, Equatable, Codable {
  package var column: String
  package var functions: [AggregateFunction]
  package init(column: String, functions: [AggregateFunction]) {
    self.column = column
    self.functions = functions
  }
}

/// `counts`/`shares` make one column per level; past this, a column is more likely an id.
package let maximumLevelColumns = 1000

extension DataFrame {
  /// One row per distinct key (keys in first-seen order; rows with a missing key are left out),
  /// the key columns first, then `<prefix>COUNT` (rows per group) unless `sizeColumn` is false,
  /// then per spec entry and function `<prefix><COL>_<FUNC>`; for `counts`/`shares` on a
  /// categorical column, `<prefix><COL>_<level>_COUNT` / `_SHARE` for each level present, plus
  /// `_MISSING_COUNT` / `_MISSING_SHARE` when the column has missing values.
  /// Missing values are skipped (pandas semantics): sum of nothing is 0; mean, min, max, median
  /// of nothing are missing; std and var are sample statistics (n-1), missing below 2 values.
  package func aggregate(
    by keys: [String], specs: [AggregateSpec], prefix: String = "",
    sizeColumn: Bool = true, frameName: String? = nil,
    control: TaskControl = .none
  ) throws -> DataFrame {
    let index = try GroupIndex(frame: self, keys: keys, frameName: frameName)
    try control.checkCancelled()

    // Resolve the spec into (column, functions) jobs, checking every name and type first so
    // the parallel part cannot fail.
    let schema: [(name: String, type: ColumnType)] = columns.map { ($0.name, $0.type) }
    func levelCount(_ p: Int) -> Int? {
      if case .category(_, let levels) = columns[p].data { return levels.count }
      return nil
    }
    func position(_ name: String) throws -> Int {
      if let p = columnIndex(name) { return p }
      throw PSDError.unknown("column", name, in: frameName, candidates: columnNames)
    }
    let resolved = try Self.resolveAggregate(
      specs, keys: keys, columns: schema, levelCount: levelCount, position: position)
    let jobs = resolved.map { (column: columns[$0.column], functions: $0.functions) }

    let needsRowLists = jobs.contains { job in
      job.functions.contains { $0 == .median || ($0 == .nunique && job.column.type != .category) }
        || (job.column.type == .category && job.functions.contains(.nunique))
    }
    let rowLists = needsRowLists ? index.rowsByGroup() : nil
    let sizes = AggregateKernels.groupSizes(index.groupOfRow, groupCount: index.groupCount)

    var outputs: [[Column]]
    let interrupted = Atomic<Bool>(false)
    let finished = SharedCounter()
    if rowCount < serialRows {
      // A few rows (one application's side-table rows): less work than a thread hand-off.
      outputs = jobs.map { job in
        AggregateKernels.run(
          column: job.column, functions: job.functions, prefix: prefix, index: index,
          sizes: sizes, rowLists: rowLists)
      }
    } else {
      outputs = Parallel.map(jobs.count) { j in
        if control.isCancelled { interrupted.store(true, ordering: .relaxed); return [] }
        let job = jobs[j]
        let columns = AggregateKernels.run(
          column: job.column, functions: job.functions, prefix: prefix, index: index,
          sizes: sizes, rowLists: rowLists)
        control.report("aggregate", done: Double(finished.add()), total: Double(jobs.count), detail: "columns")
        return columns
      }
    }
    if interrupted.load(ordering: .relaxed) { try control.checkCancelled() }

    var result: [Column] = keys.map { try! self.column($0).gather(index.firstRow) }
    if sizeColumn { result.append(.int(prefix + "COUNT", sizes)) }
    for cols in outputs { result.append(contentsOf: cols) }
    return try DataFrame(columns: result)
  }
}

extension DataFrame {
  /// `aggregate`'s spec resolved on columns' names and types: per job, the source column's
  /// position and its functions, in output order. `*` takes every column that is neither a key
  /// nor named elsewhere, with the functions its type allows (none per level when `levelCount`
  /// says the column is id-like). Throws what `aggregate` reports for a bad spec; `position`
  /// finds a named column or throws the unknown-column error. The one resolution, shared by
  /// `aggregate` and a recipe's prepared aggregate (which knows only the schema: `levelCount`
  /// nil, the levels are checked per call).
  static func resolveAggregate(
    _ specs: [AggregateSpec], keys: [String], columns: [(name: String, type: ColumnType)],
    levelCount: (Int) -> Int?, position: (String) throws -> Int
  ) throws -> [(column: Int, functions: [AggregateFunction])] {
    var jobs: [(column: Int, functions: [AggregateFunction])] = []
    let keySet = Set(keys)
    let named = Set(specs.map(\.column).filter { $0 != "*" })
    for spec in specs {
      if spec.column == "*" {
        for (p, column) in columns.enumerated() where !keySet.contains(column.name) && !named.contains(column.name) {
          var fits = spec.functions.filter {
            column.type == .category ? !$0.needsNumbers : !$0.needsCategory
          }
          if let levels = levelCount(p), levels > maximumLevelColumns {
            fits.removeAll { $0.needsCategory }  // an id-like text column: no per-level columns
          }
          if !fits.isEmpty { jobs.append((p, fits)) }
        }
        continue
      }
      let p = try position(spec.column)
      let column = columns[p]
      if keySet.contains(column.name) {
        throw PSDError.usage(
          "'\(column.name)' is a grouping key and cannot also be aggregated",
          subject: column.name)
      }
      for f in spec.functions {
        if column.type == .category && f.needsNumbers {
          throw PSDError.data(
            "cannot compute \(f.rawValue) of categorical column '\(column.name)'",
            notes: ["use 'counts' or 'shares' for per-level counts, or 'nunique', 'first', 'last'"],
            subject: column.name)
        }
        if column.type != .category && f.needsCategory {
          throw PSDError.data(
            "'\(f.rawValue)' needs a categorical column, '\(column.name)' is \(column.type.word)",
            notes: ["encode it first, or use count/sum/mean"], subject: column.name)
        }
      }
      if let levels = levelCount(p), levels > maximumLevelColumns, spec.functions.contains(where: \.needsCategory) {
        throw PSDError.data(
          "'\(column.name)' has \(levels) levels: too many for one column per level (at most \(maximumLevelColumns))",
          notes: ["use nunique, or group by it instead"], subject: column.name)
      }
      jobs.append((p, spec.functions))
    }
    return jobs
  }
}

import Foundation
import PSDCore
import PSDData

/// `describe` pushed down. Two scans per shard, each returning only small results:
/// 1. per class: row count, and per numeric column count, mean, M2 (sum of squared deviations),
///    min, max; these merge exactly across shards (Chan's formula for mean and M2);
/// 2. per class and numeric column, a fine histogram of `bins` equal-width bins over the
///    column's [min, max] (`width_bucket`); the quartiles are read from the merged histogram, so
///    they are approximate: each is within one bin width, (max − min) / bins, of the exact value.
/// Categorical columns: per class and value, a count (top values, distinct, missing).
package enum RemoteDescribe {
  package static let bins = 1024

  package struct Result: Sendable {
    /// One description per class of the target (a single unlabelled one without a target).
    package var classes: [(label: String, description: FrameDescription)]
    /// Histogram bin width per numeric column: the bound on each quartile's error.
    package var binWidths: [String: Double]
  }

  package static func describe(
    _ frame: RemoteFrame, columns wanted: [String]? = nil, by target: String? = nil,
    topLevels: Int = 3, control: TaskControl = .none
  ) throws -> Result {
    let all = try (wanted ?? frame.columnNames).map { try frame.column($0) }.filter { $0.name != target }
    if let target { _ = try frame.column(target) }
    let numeric = all.filter { $0.type != .category }
    let categorical = all.filter { $0.type == .category }
    let classExpr = try target.map { "(\(try frame.column($0).sql()))::text" } ?? "''::text"

    // 1. Moments, merged over shards per class.
    var select = ["\(classExpr) AS psd_class", "count(*) AS n"]
    for c in numeric {
      let x = valueExpression(c)
      select += ["count(\(x))", "avg(\(x))", "coalesce(var_pop(\(x)) * count(\(x)), 0)", "min(\(x))", "max(\(x))"]
    }
    control.report("describe", done: 0, total: 2, detail: "moments")
    let moments = try frame.warehouse.query(
      "SELECT \(select.joined(separator: ", ")) FROM \(frame.relation) AS q GROUP BY 1", control: control)
    var rowsByClass: [String?: Int] = [:]
    var stats: [String?: [Moments]] = [:]
    for shard in moments {
      for row in shard.rows {
        let key = row[0]
        rowsByClass[key, default: 0] += Int(row[1]!)!
        var merged = stats[key] ?? Array(repeating: Moments(), count: numeric.count)
        for j in numeric.indices {
          let base = 2 + 5 * j
          let part = Moments(
            count: Int(row[base]!)!, mean: double(row[base + 1]), m2: double(row[base + 2]),
            min: double(row[base + 3]), max: double(row[base + 4]))
          merged[j] = merged[j].merged(with: part)
        }
        stats[key] = merged
      }
    }
    if rowsByClass.count > Describe.maximumGroups, let target {
      throw PSDError.usage(
        "'\(target)' has more than \(Describe.maximumGroups) distinct values; describe ... by needs a column with few classes (like TARGET)",
        subject: target)
    }
    let classKeys = sortedClasses(Array(rowsByClass.keys))

    // 2. Fine histograms over each column's overall [min, max].
    let ranges: [(lo: Double, hi: Double)] = numeric.indices.map { j in
      var lo = Double.infinity, hi = -Double.infinity
      for key in classKeys {
        let m = stats[key]![j]; if m.count > 0 { lo = Swift.min(lo, m.min); hi = Swift.max(hi, m.max) }
      }
      return (lo, hi)
    }
    var histograms: [String?: [[Int]]] = [:]
    let spread = numeric.indices.filter {
      ranges[$0].lo < ranges[$0].hi && ranges[$0].lo.isFinite && ranges[$0].hi.isFinite
    }
    if !spread.isEmpty {
      control.report("describe", done: 1, total: 2, detail: "histograms")
      let values = spread.map { j in
        "(\(j), LEAST(width_bucket(\(valueExpression(numeric[j])), \(SQL.float8(ranges[j].lo)), \(SQL.float8(ranges[j].hi)), \(bins)), \(bins)))"
      }.joined(separator: ", ")
      let sql = """
        SELECT \(classExpr), v.i, v.b, count(*) FROM \(frame.relation) AS q, LATERAL (VALUES \(values)) AS v(i, b) \
        WHERE v.b IS NOT NULL GROUP BY 1, 2, 3
        """
      for shard in try frame.warehouse.query(sql, control: control) {
        for row in shard.rows {
          let j = Int(row[1]!)!, b = Int(row[2]!)! - 1
          var h = histograms[row[0]] ?? Array(repeating: [], count: numeric.count)
          if h[j].isEmpty { h[j] = Array(repeating: 0, count: bins) }
          h[j][b] += Int(row[3]!)!
          histograms[row[0]] = h
        }
      }
    }

    // Categorical columns: counts per class and value.
    var levels: [String?: [[String: Int]]] = [:]
    if !categorical.isEmpty {
      let values = categorical.enumerated().map { j, c in "(\(j), (\(c.sql()))::text)" }
        .joined(separator: ", ")
      let sql = """
        SELECT \(classExpr), v.i, v.x, count(*) FROM \(frame.relation) AS q, LATERAL (VALUES \(values)) AS v(i, x) \
        WHERE v.x IS NOT NULL GROUP BY 1, 2, 3
        """
      for shard in try frame.warehouse.query(sql, control: control) {
        for row in shard.rows {
          var l = levels[row[0]] ?? Array(repeating: [:], count: categorical.count)
          l[Int(row[1]!)!][row[2]!, default: 0] += Int(row[3]!)!
          levels[row[0]] = l
        }
      }
    }

    var widths: [String: Double] = [:]
    for (j, c) in numeric.enumerated() {
      widths[c.name] = spread.contains(j) ? (ranges[j].hi - ranges[j].lo) / Double(bins) : 0
    }
    let classes = classKeys.map { key -> (label: String, description: FrameDescription) in
      let n = rowsByClass[key]!
      var byName: [String: ColumnSummary] = [:]
      for (j, c) in numeric.enumerated() {
        let m = stats[key]![j]
        let h = histograms[key]?[j] ?? []
        func q(_ p: Double) -> Double {
          quantile(p, count: m.count, histogram: h, lo: ranges[j].lo, width: widths[c.name]!, min: m.min, max: m.max)
        }
        let summary = NumericSummary(
          count: m.count, missing: n - m.count, mean: m.count > 0 ? m.mean : .nan,
          std: m.count > 1 ? (m.m2 / Double(m.count - 1)).squareRoot() : .nan,
          min: m.count > 0 ? m.min : .nan, q25: q(0.25), median: q(0.5), q75: q(0.75),
          max: m.count > 0 ? m.max : .nan, integer: c.type != .float)
        byName[c.name] = ColumnSummary(name: c.name, type: c.type, rows: n, numeric: summary)
      }
      for (j, c) in categorical.enumerated() {
        let counts = levels[key]?[j] ?? [:]
        let present = counts.values.reduce(0, +)
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let summary = CategorySummary(
          count: present, missing: n - present, distinct: counts.count,
          top: ranked.prefix(topLevels).map { (label: $0.key, count: $0.value) })
        byName[c.name] = ColumnSummary(name: c.name, type: c.type, rows: n, category: summary)
      }
      return (
        label: key ?? "missing",
        description: FrameDescription(rowCount: n, summaries: all.map { byName[$0.name]! })
      )
    }
    return Result(classes: classes, binWidths: widths)
  }

  /// The value of a numeric column as float8 (booleans as 0/1).
  static func valueExpression(_ c: RemoteColumn) -> String {
    let x = c.sql()
    return c.type == .bool ? "(CASE WHEN \(x) THEN 1.0 WHEN NOT \(x) THEN 0.0 END)::float8" : "(\(x))::float8"
  }

  static func double(_ s: String?) -> Double { s.flatMap { Double($0) } ?? .nan }

  /// Classes in the in-memory order: numbers numerically, labels alphabetically, missing last.
  static func sortedClasses(_ keys: [String?]) -> [String?] {
    let present = keys.compactMap { $0 }.sorted { a, b in
      if let x = Double(a), let y = Double(b) { return x < y }
      return a < b
    }
    return present + (keys.contains(where: { $0 == nil }) ? [nil] : [])
  }

  /// The q-quantile (linear interpolation between order statistics, as in memory) estimated
  /// from the histogram: each order statistic is placed inside its bin by its rank, so the
  /// estimate lies in the same bin as the exact value.
  static func quantile(
    _ q: Double, count: Int, histogram h: [Int], lo: Double, width: Double,
    min: Double, max: Double
  ) -> Double {
    guard count > 0 else { return .nan }
    if width == 0 || h.isEmpty || min == max { return min }
    func orderStatistic(_ k: Int) -> Double {
      var before = 0
      for (b, n) in h.enumerated() where n > 0 {
        if k < before + n {
          let v = lo + (Double(b) + (Double(k - before) + 0.5) / Double(n)) * width
          return Swift.min(Swift.max(v, min), max)
        }
        before += n
      }
      return max
    }
    let position = q * Double(count - 1)
    let lower = Int(position.rounded(.down))
    let fraction = position - Double(lower)
    let a = orderStatistic(lower)
    guard fraction > 0, lower + 1 < count else { return a }
    return a + (orderStatistic(lower + 1) - a) * fraction
  }
}

/// Count, mean and sum of squared deviations of one column: merged exactly across shards.
struct Moments {
  var count = 0
  var mean = 0.0
  var m2 = 0.0
  var min = Double.infinity
  var max = -Double.infinity

  func merged(with b: Moments) -> Moments {
    if b.count == 0 { return self }
    if count == 0 { return b }
    let n = count + b.count
    let delta = b.mean - mean
    return Moments(
      count: n, mean: mean + delta * Double(b.count) / Double(n),
      m2: m2 + b.m2 + delta * delta * Double(count) * Double(b.count) / Double(n),
      min: Swift.min(min, b.min), max: Swift.max(max, b.max))
  }
}

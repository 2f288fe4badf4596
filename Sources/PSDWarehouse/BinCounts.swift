import PSDCore
import PSDData

/// Counts of rows per bin and class, computed in the warehouse and summed over shards: the input
/// of histograms, PSI, WoE/IV and crosstabs. Given the same edges, the counts equal the
/// in-memory ones exactly, so anything computed from them (PSI, WoE, IV) is the same to rounding.
package struct BinCounts: Sendable, Equatable {
  /// Numeric bins follow psd's PSI convention: (-inf, e0], (e0, e1], …, (e_last, +inf), then a
  /// last bin for missing values. Categorical: one bin per level (sorted), then missing.
  package var labels: [String]
  /// Class labels of the target in order (numbers numerically, missing last); one unlabelled
  /// class ("all") without a target.
  package var classes: [String]
  /// counts[bin][class]
  package var counts: [[Int]]

  /// Total per bin over all classes.
  package var totals: [Int] { counts.map { $0.reduce(0, +) } }
}

extension BinCounts {
  /// Rows per bin of a numeric column, cut at `edges` (sorted ascending), per class of `target`.
  package static func numeric(
    _ frame: RemoteFrame, column: String, edges: [Double], target: String? = nil,
    frameName: String? = nil, control: TaskControl = .none
  ) throws -> BinCounts {
    let c = try frame.column(column, frameName: frameName)
    guard c.type != .category else {
      throw PSDError.data("'\(column)' is categorical: use BinCounts.categorical", subject: column)
    }
    guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }), !edges.contains(where: \.isNaN) else {
      throw PSDError.usage("bin edges must be distinct numbers in increasing order")
    }
    let x = RemoteDescribe.valueExpression(c)
    let bin: String
    if edges.isEmpty {
      bin = "CASE WHEN \(x) IS NULL THEN 1 ELSE 0 END"
    } else {
      // width_bucket(v, thresholds) counts thresholds <= v. On negated values and reversed edges
      // it counts edges >= x, so edges.count minus it is the number of edges < x: the index of
      // the right-closed bin (e_{i-1}, e_i] holding x.
      let negated = edges.reversed().map { SQL.float8(-$0) }.joined(separator: ", ")
      bin =
        "CASE WHEN \(x) IS NULL THEN \(edges.count + 1) ELSE \(edges.count) - width_bucket(-\(x), ARRAY[\(negated)]) END"
    }
    let rows = try counts(frame, bin: bin, target: target, frameName: frameName, control: control)
    var labels: [String] = []
    for i in 0...edges.count {
      let lo = i == 0 ? "-inf" : "\(edges[i - 1])", hi = i == edges.count ? "+inf" : "\(edges[i])"
      labels.append("(\(lo), \(hi)]")
    }
    labels.append("missing")
    return assemble(rows, binCount: edges.count + 2, labels: labels)
  }

  /// Rows per level of a categorical column (levels sorted), then missing, per class.
  package static func categorical(
    _ frame: RemoteFrame, column: String, target: String? = nil,
    frameName: String? = nil, control: TaskControl = .none
  ) throws -> BinCounts {
    let c = try frame.column(column, frameName: frameName)
    let raw = try counts(
      frame, bin: "(\(c.sql()))::text", target: target, frameName: frameName,
      control: control)
    let levels = Set(raw.compactMap(\.bin)).sorted()
    let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
    let rows = raw.map { (bin: String?($0.bin.map { String(index[$0]!) } ?? String(levels.count)), $0.label, $0.count) }
    return assemble(rows, binCount: levels.count + 1, labels: levels + ["missing"])
  }

  /// (bin, class, count) rows summed over shards.
  private static func counts(
    _ frame: RemoteFrame, bin: String, target: String?, frameName: String?,
    control: TaskControl
  ) throws -> [(bin: String?, label: String?, count: Int)] {
    let classExpr = try target.map { "(\(try frame.column($0, frameName: frameName).sql()))::text" } ?? "'all'"
    let sql = "SELECT (\(bin))::text, \(classExpr), count(*) FROM \(frame.relation) AS q GROUP BY 1, 2"
    var merged: [String: (bin: String?, label: String?, count: Int)] = [:]
    for shard in try frame.warehouse.query(sql, control: control) {
      for row in shard.rows {
        let key = "\(row[0] ?? "\u{0}")\u{1}\(row[1] ?? "\u{0}")"
        merged[key, default: (row[0], row[1], 0)].count += Int(row[2]!)!
      }
    }
    return Array(merged.values)
  }

  private static func assemble(
    _ rows: [(bin: String?, label: String?, count: Int)], binCount: Int,
    labels: [String]
  ) -> BinCounts {
    let classes = RemoteDescribe.sortedClasses(Array(Set(rows.map(\.label))))
    let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1 ?? "\u{0}", $0) })
    var counts = Array(repeating: Array(repeating: 0, count: classes.count), count: binCount)
    for r in rows {
      counts[Int(r.bin!)!][classIndex[r.label ?? "\u{0}"]!] += r.count
    }
    return BinCounts(labels: labels, classes: classes.map { $0 ?? "missing" }, counts: counts)
  }

  /// Shares of all rows per bin (the PSI inputs).
  package var shares: [Double] {
    let t = totals
    let n = Double(max(1, t.reduce(0, +)))
    return t.map { Double($0) / n }
  }
}

extension BinCounts {
  /// Shares of all rows per bin in the order of `labels` (a label this frame lacks counts 0):
  /// the way to line up two frames' categorical bins for PSI.
  package func shares(over labels: [String]) -> [Double] {
    let mine = Dictionary(uniqueKeysWithValues: zip(self.labels, shares))
    return labels.map { mine[$0] ?? 0 }
  }

  /// Every label of either (categorical) bin counts, levels first, missing last.
  package static func unionLabels(_ a: BinCounts, _ b: BinCounts) -> [String] {
    let levels = Set(a.labels + b.labels).subtracting(["missing"]).sorted()
    return levels + ["missing"]
  }
}

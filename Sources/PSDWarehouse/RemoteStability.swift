import Foundation
import PSDCore
import PSDModels

/// `psi` on warehouse frames: psd's PSI with the reference's exact decile edges, from bin counts
/// computed in the warehouse. The edges are the order statistics psd uses in memory
/// (`sorted[n·k/10]`), read with `percentile_disc`, so the result equals the in-memory PSI to
/// rounding. Order statistics do not merge across shards, so the reference must be on one server.
package enum RemoteStability {
  package static func populationStability(
    reference: RemoteFrame, current: RemoteFrame, skip: Set<String> = [],
    control: TaskControl = .none
  ) throws -> [StabilityIndex] {
    guard reference.warehouse.shardCount == 1 else {
      throw PSDError.usage(
        "psi: the reference's decile edges are exact order statistics, which do not merge across \(reference.warehouse.shardCount) shards",
        notes: ["use a reference on one server, or pull it: x = collect \(reference.source)"])
    }
    let shared = reference.columns.filter { c in
      !skip.contains(c.name) && current.columns.contains { $0.name == c.name }
    }
    let numeric = shared.filter { c in
      c.type != .category && current.columns.first { $0.name == c.name }!.type != .category
    }
    let categorical = shared.filter { c in
      c.type == .category && current.columns.first { $0.name == c.name }!.type == .category
    }
    let edges = try decileEdges(reference, numeric, control: control)
    var out: [StabilityIndex] = []
    for (k, c) in numeric.enumerated() {
      control.report("psi", done: Double(k), total: Double(numeric.count + categorical.count), detail: "columns")
      let a = try BinCounts.numeric(reference, column: c.name, edges: edges[k], control: control).shares
      let b = try BinCounts.numeric(current, column: c.name, edges: edges[k], control: control).shares
      out.append(index(c.name, a, b))
    }
    for c in categorical {
      let ra = try BinCounts.categorical(reference, column: c.name, control: control)
      let rb = try BinCounts.categorical(current, column: c.name, control: control)
      let labels = BinCounts.unionLabels(ra, rb)
      out.append(index(c.name, ra.shares(over: labels), rb.shares(over: labels)))
    }
    out.sort { $0.psi != $1.psi ? $0.psi > $1.psi : $0.feature < $1.feature }
    return out
  }

  static func index(_ feature: String, _ a: [Double], _ b: [Double]) -> StabilityIndex {
    StabilityIndex(
      feature: feature, psi: populationStabilityIndex(expected: a, actual: b),
      bins: a.indices.filter { a[$0] > 0 || b[$0] > 0 }.count)
  }

  /// psd's inner decile edges (PSDModels.decileEdges) of each column, computed in the warehouse.
  static func decileEdges(_ frame: RemoteFrame, _ columns: [RemoteColumn], control: TaskControl) throws -> [[Double]] {
    guard !columns.isEmpty else { return [] }
    let counts = try frame.warehouse.query(
      "SELECT "
        + columns.map { "count(\(RemoteDescribe.valueExpression($0))), max(\(RemoteDescribe.valueExpression($0)))" }
        .joined(separator: ", ") + " FROM \(frame.relation) AS q", control: control)[0].rows[0]
    var select: [String] = []
    for (j, c) in columns.enumerated() {
      let n = Int(counts[2 * j]!)!
      // percentile_disc(f) is the value at 1-based position ceil(f·n): f = (i + 0.5) / n picks
      // sorted[i] exactly, i = min(n − 1, n·k / 10) as in memory.
      let fractions = n == 0 ? ["0.5"] : (1..<10).map { k in "\((Double(min(n - 1, n * k / 10)) + 0.5) / Double(n))" }
      select.append(
        "percentile_disc(ARRAY[\(fractions.joined(separator: ", "))]::float8[]) WITHIN GROUP (ORDER BY \(RemoteDescribe.valueExpression(c)))"
      )
    }
    let row = try frame.warehouse.query(
      "SELECT \(select.joined(separator: ", ")) FROM \(frame.relation) AS q",
      control: control)[0].rows[0]
    return columns.indices.map { j in
      guard let text = row[j], Int(counts[2 * j]!)! > 0 else { return [] }
      var edges: [Double] = []
      for e in text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap({
        Double($0)
      })
      where edges.last != e { edges.append(e) }
      if let top = counts[2 * j + 1].flatMap(Double.init), edges.last == top { edges.removeLast() }
      return edges
    }
  }
}

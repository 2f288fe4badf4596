/// One band of the gains table: the riskiest rows first (band 1 = highest PD).
package struct GainsBand: Sendable, Equatable {
  package var band: Int
  package var rows: Int
  package var defaults: Int
  package var minScore: Double
  package var maxScore: Double
  /// Defaults / rows in the band.
  package var defaultRate: Double
  /// Share of all defaults in this band and the riskier ones (cumulative capture).
  package var cumulativeCapture: Double
  /// Share of all good clients in this band and the riskier ones.
  package var cumulativeGood: Double
  /// Band default rate / overall default rate.
  package var lift: Double
  /// Default rate of bands 1...band / overall default rate.
  package var cumulativeLift: Double
  /// cumulativeCapture − cumulativeGood: the KS is the largest of these.
  package var ks: Double
}

/// The gains (decile) table: rows sorted by score, highest first, cut into `bands` groups of
/// equal size (the first `n mod bands` groups one row larger). Rows with tied scores can fall on
/// both sides of a cut; they are ordered by row number, so the table is reproducible.
package func gainsTable(scores: [Double], labels: [Bool], bands: Int = 10) -> [GainsBand] {
  precondition(scores.count == labels.count && bands >= 1)
  let n = scores.count
  let totalDefaults = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
  let totalGood = n - totalDefaults
  guard n > 0 else { return [] }
  let overall = Double(totalDefaults) / Double(n)
  let order = descendingOrder(scores)
  var out: [GainsBand] = []
  var start = 0, cumulativeDefaults = 0, cumulativeRows = 0
  for b in 0..<min(bands, n) {
    let size = n / bands + (b < n % bands ? 1 : 0)
    let rows = order[start..<(start + size)]
    let defaults = rows.reduce(0) { $0 + (labels[$1] ? 1 : 0) }
    cumulativeDefaults += defaults
    cumulativeRows += size
    let capture = totalDefaults > 0 ? Double(cumulativeDefaults) / Double(totalDefaults) : 0
    let good = totalGood > 0 ? Double(cumulativeRows - cumulativeDefaults) / Double(totalGood) : 0
    let rate = Double(defaults) / Double(size)
    out.append(
      GainsBand(
        band: b + 1, rows: size, defaults: defaults,
        minScore: rows.map { scores[$0] }.min()!, maxScore: rows.map { scores[$0] }.max()!,
        defaultRate: rate, cumulativeCapture: capture, cumulativeGood: good,
        lift: overall > 0 ? rate / overall : 0,
        cumulativeLift: overall > 0 ? Double(cumulativeDefaults) / Double(cumulativeRows) / overall : 0,
        ks: capture - good))
    start += size
  }
  return out
}

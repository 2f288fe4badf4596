/// Calibration check: clients grouped by predicted PD (about ten equal-count groups; tied
/// predictions stay in one group), with the mean predicted PD and the observed default rate.
package struct ReliabilityTable: Sendable {
  package struct Bin: Sendable, Equatable {
    package var lower: Double
    package var upper: Double
    package var count: Int
    package var meanPredicted: Double
    package var observedRate: Double
  }
  package var bins: [Bin]

  /// Expected calibration error: count-weighted mean |predicted − observed| over the bins.
  package var expectedCalibrationError: Double {
    let n = bins.reduce(0) { $0 + $1.count }
    guard n > 0 else { return 0 }
    return bins.reduce(0.0) { $0 + Double($1.count) * abs($1.meanPredicted - $1.observedRate) } / Double(n)
  }

  package init(probabilities: [Double], labels: [Bool], groups: Int = 10) {
    precondition(probabilities.count == labels.count)
    let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
    let n = order.count
    bins = []
    guard n > 0 else { return }
    let groups = max(1, min(groups, n))
    var start = 0
    for g in 1...groups {
      guard start < n else { break }
      var end = max(start + 1, n * g / groups)
      // Keep ties together so a bin boundary never splits identical predictions.
      while end < n && probabilities[order[end]] == probabilities[order[end - 1]] { end += 1 }
      var sumP = 0.0, defaults = 0
      for k in start..<end {
        sumP += probabilities[order[k]]
        if labels[order[k]] { defaults += 1 }
      }
      let count = end - start
      bins.append(
        Bin(
          lower: probabilities[order[start]], upper: probabilities[order[end - 1]],
          count: count, meanPredicted: sumP / Double(count),
          observedRate: Double(defaults) / Double(count)))
      start = end
    }
  }
}

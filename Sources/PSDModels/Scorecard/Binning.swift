import Foundation
import PSDCore
import PSDData

/// The optimal bins of several features against one target: what `bin` returns, what `iv`
/// ranks, what `woe` applies and what a scorecard is trained on.
package struct Binning: Sendable {
  package var target: String
  package var features: [FeatureBinning]
  package var options: BinningOptions
  /// Rows the bins were fitted on.
  package var rowCount: Int

  package init(target: String, features: [FeatureBinning], options: BinningOptions, rowCount: Int) {
    self.target = target
    self.features = features
    self.options = options
    self.rowCount = rowCount
  }

  package subscript(_ name: String) -> FeatureBinning? { features.first { $0.feature == name } }

  /// Bins every column of `frame` named in `columns` (all but the target and `exclude` when nil).
  package static func fit(
    _ frame: DataFrame, target: String, columns: [String]? = nil, exclude: [String] = [],
    options: BinningOptions = BinningOptions(), frameName: String? = nil,
    control: TaskControl = .none
  ) throws -> Binning {
    let options = try options.validated()
    let labels = try FeatureMatrix.targetLabels(frame, target: target, frameName: frameName)
    let skip = Set(exclude + [target])
    let names = columns ?? frame.columnNames.filter { !skip.contains($0) }
    if names.isEmpty { throw PSDError.data("no columns to bin (all columns are the target or excluded)") }
    if names.contains(target) {
      throw PSDError.usage("the target '\(target)' cannot be binned against itself", subject: target)
    }
    var features: [FeatureBinning] = []
    for (k, name) in names.enumerated() {
      try control.checkCancelled()
      control.report("binning", done: Double(k), total: Double(names.count), detail: name)
      features.append(
        try FeatureBinning.fit(try frame.column(name, frameName: frameName), labels: labels, options: options))
    }
    return Binning(target: target, features: features, options: options, rowCount: frame.rowCount)
  }

  /// The usual reading of an information value.
  package static func band(_ iv: Double) -> String {
    switch iv {
    case ..<0.02: return "useless"
    case ..<0.1: return "weak"
    case ..<0.3: return "medium"
    case ...0.5: return "strong"
    default: return "suspicious"
    }
  }

  /// Features by IV, largest first (ties by name).
  package var ranked: [FeatureBinning] {
    features.sorted { $0.iv != $1.iv ? $0.iv > $1.iv : $0.feature < $1.feature }
  }

  /// `frame` with every binned column replaced by its bins' WoE (a float column of the same
  /// name); other columns are kept. Every binned column must be present.
  package func woeFrame(_ frame: DataFrame, frameName: String? = nil) throws -> DataFrame {
    var out = frame
    for f in features {
      let column = try frame.column(f.feature, frameName: frameName)
      let woe = f.bins.map(\.woe)
      out = try out.setting(.float(f.feature, try f.bins(of: column).map { woe[$0] }))
    }
    return out
  }
}

/// Rows and defaults per level or per bin of one column: `crosstab` and the default-rate bars.
package struct DefaultRateTable: Sendable {
  package struct Row: Sendable, Equatable {
    package var label: String
    package var count: Int
    package var bad: Int
    package var rate: Double { count == 0 ? 0 : Double(bad) / Double(count) }
  }

  package var column: String
  /// Levels (in frame order) or bins (in value order); Missing last when there are missing values.
  package var rows: [Row]
  package var total: Int { rows.reduce(0) { $0 + $1.count } }
  package var totalBad: Int { rows.reduce(0) { $0 + $1.bad } }
  package var overallRate: Double { total == 0 ? 0 : Double(totalBad) / Double(total) }

  /// Categories keep their levels; numbers with at most `bins` distinct values keep each value,
  /// others are cut at quantiles into about `bins` bins. With `binning`, its bins are used.
  package static func compute(
    _ column: Column, labels: [Bool], bins: Int = 10,
    binning: FeatureBinning? = nil
  ) throws -> DefaultRateTable {
    let rule: FeatureBinning
    var perValue: [Double]? = nil
    if let binning {
      rule = binning
    } else if case .category(_, let levels) = column.data {
      rule = FeatureBinning(
        feature: column.name, rule: .categorical(groups: levels.map { [$0] }),
        bins: [BinStatistics](repeating: .init(good: 0, bad: 0, woe: 0, iv: 0), count: levels.count + 1),
        trend: .none)
    } else {
      let values = column.doubles()!
      let distinct = Set(values.filter { !$0.isNaN })
      if distinct.count <= bins { perValue = distinct.sorted() }
      let splits = perValue.map { Array($0.dropFirst()) } ?? FeatureBinning.quantileSplits(values, count: bins)
      rule = FeatureBinning(
        feature: column.name, rule: .numeric(splits: splits),
        bins: [BinStatistics](repeating: .init(good: 0, bad: 0, woe: 0, iv: 0), count: splits.count + 2),
        trend: .none)
    }
    let assigned = try rule.bins(of: column)
    var count = [Int](repeating: 0, count: rule.bins.count), bad = count
    for (row, b) in assigned.enumerated() {
      count[b] += 1
      if labels[row] { bad[b] += 1 }
    }
    var labelsText = rule.labels
    // One bin per distinct value: name the bins by their value.
    for (i, v) in (perValue ?? []).enumerated() { labelsText[i] = FeatureBinning.edgeText(v) }
    var rows: [Row] = []
    for b in 0..<rule.bins.count {
      let isMissing = b == rule.missingBin
      if isMissing && count[b] == 0 { continue }
      if case .categorical = rule.rule, binning == nil, count[b] == 0 { continue }
      rows.append(Row(label: labelsText[b], count: count[b], bad: bad[b]))
    }
    return DefaultRateTable(column: column.name, rows: rows)
  }
}

import Foundation
import PSDCore
import PSDData

/// One bin's rows: non-defaulters (good), defaulters (bad), and the evidence they carry.
package struct BinStatistics: Sendable, Equatable {
  package var good: Int
  package var bad: Int
  package var woe: Double
  package var iv: Double

  package init(good: Int, bad: Int, woe: Double, iv: Double) {
    self.good = good
    self.bad = bad
    self.woe = woe
    self.iv = iv
  }

  package var count: Int { good + bad }
  /// The default rate of the bin (0 for an empty bin).
  package var badRate: Double { count == 0 ? 0 : Double(bad) / Double(count) }
}

/// The optimal bins of one feature: numeric intervals [a, b) or groups of categories, then the
/// Missing bin, always last and always present (it holds missing values and, when scoring,
/// category levels never seen in training).
package struct FeatureBinning: Sendable, Equatable {
  package enum Rule: Sendable, Equatable {
    /// Interior split points, increasing: bin 0 is x < splits[0], bin i is splits[i-1] ≤ x < splits[i].
    case numeric(splits: [Double])
    /// Each bin's category labels.
    case categorical(groups: [[String]])
  }

  package var feature: String
  package var rule: Rule
  /// One entry per bin, the Missing bin last.
  package var bins: [BinStatistics]
  /// The trend the default rate follows over the non-missing bins (never `.auto`).
  package var trend: MonotoneTrend

  package init(feature: String, rule: Rule, bins: [BinStatistics], trend: MonotoneTrend) {
    self.feature = feature
    self.rule = rule
    self.bins = bins
    self.trend = trend
  }

  package var isCategorical: Bool { if case .categorical = rule { return true } else { return false } }
  package var missingBin: Int { bins.count - 1 }
  package var iv: Double { bins.reduce(0) { $0 + $1.iv } }
  package var totalGood: Int { bins.reduce(0) { $0 + $1.good } }
  package var totalBad: Int { bins.reduce(0) { $0 + $1.bad } }

  /// The bin of a number (NaN: Missing).
  package func bin(number x: Double) -> Int {
    guard case .numeric(let splits) = rule else { return missingBin }
    if x.isNaN { return missingBin }
    var lo = 0, hi = splits.count
    while lo < hi { let mid = (lo + hi) / 2; if splits[mid] <= x { lo = mid + 1 } else { hi = mid } }
    return lo
  }

  /// For a categorical feature: the bin of each label in `levels` (unknown labels: Missing).
  package func bins(forLevels levels: [String]) -> [Int] {
    guard case .categorical(let groups) = rule else { return levels.map { _ in missingBin } }
    var index: [String: Int] = [:]
    for (g, labels) in groups.enumerated() { for l in labels { index[l] = g } }
    return levels.map { index[$0] ?? missingBin }
  }

  /// The bin of every row of a column; a column of the wrong kind is an error naming it.
  package func bins(of column: Column) throws -> [Int] {
    switch (rule, column.data) {
    case (.categorical, .category(let codes, let levels)):
      let map = bins(forLevels: levels)
      return codes.map { $0 < 0 ? missingBin : map[Int($0)] }
    case (.numeric, _):
      guard let values = column.doubles() else {
        throw PSDError.data(
          "column '\(column.name)' is a category, but it was binned as a number", subject: column.name)
      }
      return values.map { bin(number: $0) }
    case (.categorical, _):
      throw PSDError.data(
        "column '\(column.name)' is \(column.type.rawValue), but it was binned as a category",
        subject: column.name)
    }
  }

  /// A numeric bin's exact edges [lower, upper) (−inf and inf at the ends); NaN for the Missing
  /// bin and for groups of categories. For exports that must reproduce the bins.
  package func edges(bin b: Int) -> (lower: Double, upper: Double) {
    guard case .numeric(let splits) = rule, b < missingBin else { return (.nan, .nan) }
    return (b == 0 ? -.infinity : splits[b - 1], b == splits.count ? .infinity : splits[b])
  }

  /// How each bin reads: "(-inf, 0.19)", "[0.19, 0.42)", "[0.69, inf)"; "Working, Pensioner"; "Missing".
  package var labels: [String] {
    var out: [String] = []
    switch rule {
    case .numeric(let splits):
      let edges = splits.map(Self.edgeText)
      for i in 0...splits.count {
        let lo = i == 0 ? "(-inf" : "[" + edges[i - 1]
        let hi = i == splits.count ? "inf)" : edges[i] + ")"
        out.append(lo + ", " + hi)
      }
    case .categorical(let groups):
      out = groups.map { $0.joined(separator: ", ") }
    }
    out.append("Missing")
    return out
  }

  /// A split point with up to six significant digits (they are data values, so this is exact for
  /// the bundled data's amounts and scores).
  static func edgeText(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return String(format: "%.6g", v)
  }
}

/// Settings of `bin`.
package struct BinningOptions: Sendable, Equatable {
  package var trend: MonotoneTrend = .auto
  package var maxBins = 8
  /// Fewest rows in a bin, as a share of all rows (Missing excepted).
  package var minShare = 0.05
  /// Quantile pre-bins of a numeric feature, before merging.
  package var prebins = 20
  package init() {}

  func validated() throws -> BinningOptions {
    if maxBins < 1 || maxBins > 100 {
      throw PSDError.usage("option 'max_bins' must be between 1 and 100", subject: "max_bins")
    }
    if !(minShare >= 0 && minShare < 0.5) {
      throw PSDError.usage("option 'min_share' must be at least 0 and below 0.5", subject: "min_share")
    }
    if prebins < 2 || prebins > 100 {
      throw PSDError.usage("option 'prebins' must be between 2 and 100", subject: "prebins")
    }
    return self
  }
}

extension FeatureBinning {
  /// Quantile split points of the non-missing values: at most `count` − 1 distinct data values,
  /// each the value at quantile q/count, so bin i holds about 1/count of the rows (ties kept whole).
  package static func quantileSplits(_ values: [Double], count: Int) -> [Double] {
    let sorted = values.filter { !$0.isNaN }.sorted()
    guard let first = sorted.first, count > 1 else { return [] }
    var splits: [Double] = []
    for q in 1..<count {
      let v = sorted[min(sorted.count - 1, q * sorted.count / count)]
      if v > first && v != splits.last { splits.append(v) }
    }
    return splits
  }

  /// Optimal bins of one column against the labels (true = default).
  package static func fit(_ column: Column, labels: [Bool], options: BinningOptions) throws -> FeatureBinning {
    let options = try options.validated()
    let totalBad = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    let totalGood = labels.count - totalBad
    let minCount = Int((options.minShare * Double(labels.count)).rounded(.up))

    // Pre-bins, in the order bins must keep: numbers by value, categories by default rate.
    var preGood: [Int], preBad: [Int]
    var missingGood = 0, missingBad = 0
    var categoryOrder: [String] = []
    var splits: [Double] = []
    let isCategory = column.type == .category
    switch column.data {
    case .category(let codes, let levels):
      var good = [Int](repeating: 0, count: levels.count), bad = good
      for (row, code) in codes.enumerated() {
        if code < 0 {
          if labels[row] { missingBad += 1 } else { missingGood += 1 }
        } else if labels[row] {
          bad[Int(code)] += 1
        } else {
          good[Int(code)] += 1
        }
      }
      let present = levels.indices.filter { good[$0] + bad[$0] > 0 }
      let order = present.sorted {
        let ra = Double(bad[$0]) / Double(good[$0] + bad[$0]), rb = Double(bad[$1]) / Double(good[$1] + bad[$1])
        return ra != rb ? ra < rb : levels[$0] < levels[$1]
      }
      categoryOrder = order.map { levels[$0] }
      preGood = order.map { good[$0] }
      preBad = order.map { bad[$0] }
    default:
      let values = column.doubles()!
      splits = quantileSplits(values, count: options.prebins)
      preGood = [Int](repeating: 0, count: splits.count + 1)
      preBad = preGood
      let probe = FeatureBinning(feature: column.name, rule: .numeric(splits: splits), bins: [], trend: .none)
      for (row, x) in values.enumerated() {
        if x.isNaN {
          if labels[row] { missingBad += 1 } else { missingGood += 1 }
          continue
        }
        let b = probe.bin(number: x)
        if labels[row] { preBad[b] += 1 } else { preGood[b] += 1 }
      }
    }

    // Categories ordered by rate already rise from bin to bin, so only numbers need the trend.
    var groups: [Range<Int>] = []
    var trend: MonotoneTrend = .none
    if !preGood.isEmpty {
      let trends: [MonotoneTrend]
      if isCategory {
        trends = [.none]
      } else {
        switch options.trend {
        case .auto: trends = [.ascending, .descending]
        default: trends = [options.trend]
        }
      }
      var best: OptimalMerge.Solution? = nil
      for t in trends {
        let constraints = OptimalMerge.Constraints(maxBins: options.maxBins, minCount: minCount, trend: t)
        if let s = OptimalMerge.solve(
          good: preGood, bad: preBad, totalGood: totalGood, totalBad: totalBad,
          constraints: constraints),
          best == nil || s.iv > best!.iv + 1e-12
        {
          best = s
          trend = t
        }
      }
      // No allowed partition (too few rows, or one class only): a single bin.
      groups = best?.groups ?? [0..<preGood.count]
      if best == nil { trend = .none }
    }
    if isCategory { trend = .ascending }

    var bins: [BinStatistics] = groups.map { g in
      let good = preGood[g].reduce(0, +), bad = preBad[g].reduce(0, +)
      return BinStatistics(
        good: good, bad: bad,
        woe: Evidence.woe(good: good, bad: bad, totalGood: totalGood, totalBad: totalBad),
        iv: Evidence.iv(good: good, bad: bad, totalGood: totalGood, totalBad: totalBad))
    }
    bins.append(
      BinStatistics(
        good: missingGood, bad: missingBad,
        woe: Evidence.woe(good: missingGood, bad: missingBad, totalGood: totalGood, totalBad: totalBad),
        iv: Evidence.iv(good: missingGood, bad: missingBad, totalGood: totalGood, totalBad: totalBad)))
    let rule: Rule
    if !isCategory {
      // A bin's lower edge is its first pre-bin's lower edge.
      rule = .numeric(splits: groups.dropFirst().map { splits[$0.lowerBound - 1] })
    } else {
      rule = .categorical(groups: groups.map { Array(categoryOrder[$0]) })
    }
    return FeatureBinning(feature: column.name, rule: rule, bins: bins, trend: trend)
  }
}

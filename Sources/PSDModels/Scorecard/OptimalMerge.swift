import Foundation

/// The direction the default (event) rate must follow from the first bin to the last.
package enum MonotoneTrend: String, Sendable, CaseIterable {
  /// Whichever of ascending and descending gives the larger IV.
  case auto
  case ascending
  case descending
  /// No constraint on the order of the rates.
  case none
}

/// Weight of evidence and information value, psd's convention (the one of Siddiqi and of
/// optbinning's binning table): WoE = ln(%good / %bad), so a positive WoE marks a bin safer than
/// the population; IV = Σ (%good − %bad) · WoE, never negative.
package enum Evidence {
  /// WoE of a bin with `good` non-defaulters and `bad` defaulters. A bin that lacks either class
  /// (an empty or one-class Missing bin; other bins are built to hold both) gets WoE 0: it
  /// carries no usable evidence, and an infinite value would break the scorecard.
  package static func woe(good: Int, bad: Int, totalGood: Int, totalBad: Int) -> Double {
    guard good > 0, bad > 0, totalGood > 0, totalBad > 0 else { return 0 }
    return log((Double(good) / Double(totalGood)) / (Double(bad) / Double(totalBad)))
  }

  package static func iv(good: Int, bad: Int, totalGood: Int, totalBad: Int) -> Double {
    guard good > 0, bad > 0, totalGood > 0, totalBad > 0 else { return 0 }
    let g = Double(good) / Double(totalGood), b = Double(bad) / Double(totalBad)
    return (g - b) * log(g / b)
  }
}

/// Merges ordered pre-bins into at most `maxBins` contiguous bins that maximise the total IV,
/// exactly, by dynamic programming over (number of bins, start of the last bin, its end).
///
/// Why it is exact: IV is a sum over bins, and whether a partition is allowed depends only on each
/// bin alone (its size, both classes present) and on neighbouring bins (the trend compares the
/// rate of a bin with the one before it). So the best partition of pre-bins 0...j whose last bin
/// is i...j, with k bins, is that bin's IV plus the best (k−1)-bin partition of 0...i−1 whose
/// last bin h...i−1 has a rate on the right side of rate(i...j): the principle of optimality
/// holds on the state (k, i, j), and the table covers every state. Time O(K·m³), memory O(K·m²),
/// for m pre-bins (20 numeric quantiles; categories) and K bins.
package enum OptimalMerge {
  package struct Constraints: Sendable, Equatable {
    package var maxBins: Int
    /// Fewest rows in a bin.
    package var minCount: Int
    /// `.auto` is resolved by the caller (solve both directions); here it means `.none`.
    package var trend: MonotoneTrend

    package init(maxBins: Int, minCount: Int, trend: MonotoneTrend) {
      self.maxBins = maxBins
      self.minCount = minCount
      self.trend = trend
    }
  }

  package struct Solution: Sendable, Equatable {
    /// The bins as ranges of pre-bin indices, in order, covering every pre-bin.
    package var groups: [Range<Int>]
    package var iv: Double
  }

  /// The best partition of the pre-bins (`good[i]`, `bad[i]` rows in pre-bin i), or nil when no
  /// partition meets the constraints. `totalGood`/`totalBad` are the population totals (the
  /// Missing bin included) that WoE is measured against. Ties go to fewer bins, then to the
  /// partition found first.
  package static func solve(
    good: [Int], bad: [Int], totalGood: Int, totalBad: Int,
    constraints: Constraints
  ) -> Solution? {
    let m = good.count
    precondition(bad.count == m)
    guard m > 0, constraints.maxBins >= 1 else { return nil }
    var prefixGood = [0], prefixBad = [0]
    for i in 0..<m {
      prefixGood.append(prefixGood[i] + good[i])
      prefixBad.append(prefixBad[i] + bad[i])
    }
    // Bin i...j (inclusive) as flat index i*m + j.
    var valid = [Bool](repeating: false, count: m * m)
    var value = [Double](repeating: 0, count: m * m)
    var rate = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
      for j in i..<m {
        let g = prefixGood[j + 1] - prefixGood[i], b = prefixBad[j + 1] - prefixBad[i]
        let ok = g > 0 && b > 0 && g + b >= constraints.minCount
        valid[i * m + j] = ok
        if ok {
          value[i * m + j] = Evidence.iv(good: g, bad: b, totalGood: totalGood, totalBad: totalBad)
          rate[i * m + j] = Double(b) / Double(g + b)
        }
      }
    }
    func allowed(_ previous: Double, _ next: Double) -> Bool {
      switch constraints.trend {
      case .ascending: return previous < next
      case .descending: return previous > next
      case .none, .auto: return true
      }
    }
    let maxBins = min(constraints.maxBins, m)
    // best[k][i*m+j]: the best IV of k bins over pre-bins 0...j whose last bin is i...j.
    var best = [[Double]](repeating: [Double](repeating: -.infinity, count: m * m), count: maxBins + 1)
    var parent = [[Int]](repeating: [Int](repeating: -1, count: m * m), count: maxBins + 1)
    for j in 0..<m where valid[j] { best[1][j] = value[j] }
    if maxBins >= 2 {
      for k in 2...maxBins {
        for i in 1..<m {
          for j in i..<m where valid[i * m + j] {
            var top = -Double.infinity, arg = -1
            for h in 0..<i {
              let previous = h * m + (i - 1)
              let b = best[k - 1][previous]
              guard b > -.infinity, allowed(rate[previous], rate[i * m + j]) else { continue }
              if b > top { top = b; arg = h }
            }
            if arg >= 0 {
              best[k][i * m + j] = top + value[i * m + j]
              parent[k][i * m + j] = arg
            }
          }
        }
      }
    }
    var top = -Double.infinity, bestK = 0, bestI = 0
    for k in 1...maxBins {
      for i in 0..<m where best[k][i * m + m - 1] > top + 1e-12 {
        top = best[k][i * m + m - 1]; bestK = k; bestI = i
      }
    }
    guard bestK > 0 else { return nil }
    var groups: [Range<Int>] = []
    var k = bestK, i = bestI, j = m - 1
    while k > 0 {
      groups.append(i..<(j + 1))
      let h = parent[k][i * m + j]
      j = i - 1; i = h; k -= 1
    }
    return Solution(groups: groups.reversed(), iv: top)
  }
}

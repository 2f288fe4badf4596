import Foundation
import PSDCore

/// How one feature's values map to histogram bins. Bin 0 always holds missing values.
/// Numeric: bins 1...k hold values up to `upperBounds[b - 1]` (the last bound is +infinity), with
/// bounds at quantiles of the training values (midway between neighbouring distinct values), so a
/// split "bin <= b" is exactly the tree test "value <= upperBounds[b - 1]".
/// Categorical: the 255 most frequent levels get a bin each; rarer levels share bin 0 with
/// missing values (documented in Docs/modelling.md).
struct FeatureBinner: Sendable {
  var upperBounds: [Double]  // numeric only
  var categoryBin: [UInt8]  // categorical only: code -> bin
  var binCategory: [Int32]  // categorical only: bin -> code (index 0 unused)
  let isCategorical: Bool

  var binCount: Int { isCategorical ? binCategory.count : upperBounds.count + 1 }

  @inline(__always)
  func bin(_ x: Double) -> UInt8 {
    if x.isNaN { return 0 }
    if isCategorical {
      let code = Int(x)
      return code >= 0 && code < categoryBin.count ? categoryBin[code] : 0
    }
    // First bound >= x: branch-free binary search (the last bound is +inf, so one exists).
    return upperBounds.withUnsafeBufferPointer { bounds in
      var base = 0
      var length = bounds.count
      while length > 1 {
        let half = length >> 1
        base = bounds[base + half - 1] < x ? base + half : base
        length -= half
      }
      return UInt8(base + 1)
    }
  }

  /// Bins a whole column into `out` (one lookup setup for all rows).
  func binColumn(_ values: [Double], into out: UnsafeMutablePointer<UInt8>) {
    if isCategorical {
      for (i, x) in values.enumerated() { out[i] = bin(x) }
      return
    }
    upperBounds.withUnsafeBufferPointer { bounds in
      let count = bounds.count
      values.withUnsafeBufferPointer { v in
        // The search's steps depend only on the bound count, not on the value, so four values
        // take them side by side: four independent chains of loads instead of one (a NaN searches
        // too and is then sent to bin 0). The same bins as `bin(_:)`.
        var i = 0
        while i + 4 <= v.count {
          let x0 = v[i], x1 = v[i + 1], x2 = v[i + 2], x3 = v[i + 3]
          var b0 = 0, b1 = 0, b2 = 0, b3 = 0
          var length = count
          while length > 1 {
            let half = length >> 1
            b0 &+= Self.step(half, bounds[b0 &+ half &- 1], x0)
            b1 &+= Self.step(half, bounds[b1 &+ half &- 1], x1)
            b2 &+= Self.step(half, bounds[b2 &+ half &- 1], x2)
            b3 &+= Self.step(half, bounds[b3 &+ half &- 1], x3)
            length &-= half
          }
          out[i] = Self.binOf(x0, searched: b0)
          out[i + 1] = Self.binOf(x1, searched: b1)
          out[i + 2] = Self.binOf(x2, searched: b2)
          out[i + 3] = Self.binOf(x3, searched: b3)
          i += 4
        }
        while i < v.count {
          out[i] = bin(v[i])
          i += 1
        }
      }
    }
  }

  /// `half` when `bound < x`, else 0, from the sign bit of `bound - x`. Written as a comparison,
  /// the compiler turned the choice into a branch, mispredicted at half the steps. The sign is
  /// the comparison's for every `x` but two, fixed by `binOf`: a NaN (arbitrary steps), and -inf
  /// against a bound of -inf (their difference is a NaN; no other bound can be infinite on the
  /// steps taken, and two different finite doubles never differ by zero).
  @inline(__always)
  private static func step(_ half: Int, _ bound: Double, _ x: Double) -> Int {
    half & (0 &- Int(truncatingIfNeeded: (bound - x).bitPattern >> 63))
  }

  /// The bin of `x` after the search stopped at `b`: 0 for a missing value, 1 for -inf (every
  /// bound is at least -inf), b + 1 otherwise.
  @inline(__always)
  private static func binOf(_ x: Double, searched b: Int) -> UInt8 {
    x.isNaN ? 0 : (x == -.infinity ? 1 : UInt8(truncatingIfNeeded: b &+ 1))
  }

  static func numeric(sample: [Double], maxBins: Int) -> FeatureBinner {
    let values = SortedDoubles.ascendingDroppingMissing(sample)
    var distinct: [Double] = []
    var counts: [Int] = []
    for v in values {
      if let last = distinct.last, last == v {
        counts[counts.count - 1] += 1
      } else {
        distinct.append(v)
        counts.append(1)
      }
    }
    var bounds: [Double] = []
    if distinct.count <= maxBins {
      for i in 0..<max(0, distinct.count - 1) { bounds.append(midpoint(distinct[i], distinct[i + 1])) }
    } else {
      // Greedy equal-count bins; a value more frequent than the target gets a bin of its own.
      var remaining = values.count
      var binsLeft = maxBins
      var acc = 0
      for i in 0..<(distinct.count - 1) {
        acc += counts[i]
        let target = Double(remaining) / Double(binsLeft)
        if Double(acc) >= target || Double(counts[i + 1]) >= target {
          bounds.append(midpoint(distinct[i], distinct[i + 1]))
          remaining -= acc
          acc = 0
          binsLeft -= 1
          if binsLeft <= 1 { break }
        }
      }
    }
    bounds.append(.infinity)
    return FeatureBinner(upperBounds: bounds, categoryBin: [], binCategory: [], isCategorical: false)
  }

  static func categorical(codes: [Double], levelCount: Int, maxBins: Int) -> FeatureBinner {
    var counts = [Int](repeating: 0, count: levelCount)
    for x in codes where !x.isNaN {
      let c = Int(x)
      if c >= 0 && c < levelCount { counts[c] += 1 }
    }
    // Most frequent first; ties by code so the order is fixed.
    let used = (0..<levelCount).filter { counts[$0] > 0 }
      .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
      .prefix(maxBins)
    var categoryBin = [UInt8](repeating: 0, count: levelCount)
    var binCategory: [Int32] = [-1]
    for code in used.sorted() {
      categoryBin[code] = UInt8(binCategory.count)
      binCategory.append(Int32(code))
    }
    return FeatureBinner(upperBounds: [], categoryBin: categoryBin, binCategory: binCategory, isCategorical: true)
  }

  private static func midpoint(_ a: Double, _ b: Double) -> Double {
    let m = a / 2 + b / 2
    return m < b ? m : a
  }
}

/// Training rows in bin form: one byte per feature per row, column-major
/// (`bins[f * rowCount + row]`). `@unchecked Sendable`: `bins` is filled in `init` and only read
/// afterwards, by any number of threads.
struct BinnedMatrix: @unchecked Sendable {
  let rowCount: Int
  let binners: [FeatureBinner]
  /// Start of each feature's bins in a leaf histogram.
  let offsets: [Int]
  let totalBins: Int
  let bins: UnsafeMutablePointer<UInt8>
  /// Each feature's most frequent bin over the training rows (ties: the lowest bin). Sparse
  /// row histograms skip it and fill it in from the leaf total.
  let mostFrequentBin: [Int]
  /// The share of (row, feature) pairs outside their feature's most frequent bin: what
  /// `SparseRowBins` keeps.
  let sparseRowDensity: Double
  /// Every training row's count per bin (`offsets` as in a leaf histogram): a tree's root on all
  /// rows has these counts, whatever the gradients.
  let rowsPerBin: [Double]

  init(_ m: FeatureMatrix, rows: [Int]?, maxBins: Int, sampleRows: Int, seed: UInt64) {
    let n = rows?.count ?? m.rowCount
    rowCount = n
    var generator = ModelRandom(seed: seed ^ 0xB1A5)
    let sample = n > sampleRows ? generator.sample(sampleRows, of: n) : nil
    let featureCount = m.features.count
    let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, n * featureCount))
    bins = storage
    // Each feature writes its own column of `storage` (f * n ..< (f + 1) * n), so workers never
    // share a byte.
    let perFeature = Parallel.map(featureCount) {
      f -> (binner: FeatureBinner, mode: (bin: Int, rows: Int), counts: [Int]) in
      let column = m.columns[f]
      let values: [Double] = rows.map { r in r.map { column[$0] } } ?? column
      let sampled = sample.map { s in s.map { values[$0] } } ?? values
      let binner: FeatureBinner
      if let levels = m.features[f].levels {
        binner = .categorical(codes: sampled, levelCount: levels.count, maxBins: min(maxBins, 255))
      } else {
        binner = .numeric(sample: sampled, maxBins: min(maxBins, 255))
      }
      binner.binColumn(values, into: storage + f * n)
      let counts = Self.rowsPerBin(storage + f * n, count: n)
      var mode = 0
      for b in 1..<256 where counts[b] > counts[mode] { mode = b }
      return (binner, (mode, counts[mode]), counts)
    }
    mostFrequentBin = perFeature.map(\.mode.bin)
    let kept = n * featureCount - perFeature.reduce(0) { $0 + $1.mode.rows }
    sparseRowDensity = n * featureCount == 0 ? 1 : Double(kept) / Double(n * featureCount)
    self.binners = perFeature.map(\.binner)
    var offsets: [Int] = []
    var total = 0
    for b in self.binners {
      offsets.append(total)
      total += b.binCount
    }
    self.offsets = offsets
    totalBins = total
    var rowsPerBin = [Double](repeating: 0, count: total)
    for (f, p) in perFeature.enumerated() {
      for b in 0..<self.binners[f].binCount { rowsPerBin[offsets[f] + b] = Double(p.counts[b]) }
    }
    self.rowsPerBin = rowsPerBin
  }

  func release() { bins.deallocate() }

  private static func rowsPerBin(_ column: UnsafePointer<UInt8>, count: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: 256)
    for i in 0..<count { counts[Int(column[i])] += 1 }
    return counts
  }
}

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
    let n = values.count
    // Missing values and zeros are most of a sparse feature's rows, and their bins are known: only
    // the other values are searched, gathered first (branch-free) with their rows.
    let zeroBin = bin(0)
    let searched = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
    let rows = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
    defer {
      searched.deallocate()
      rows.deallocate()
    }
    var k = 0
    values.withUnsafeBufferPointer { v in
      for i in 0..<n {
        let x = v[i]
        let bits = x.bitPattern
        let isNaN = bits & 0x7FFF_FFFF_FFFF_FFFF > 0x7FF0_0000_0000_0000
        out[i] = isNaN ? 0 : zeroBin
        searched[k] = x
        rows[k] = Int32(truncatingIfNeeded: i)
        // Integers, not `||`, which the compiler turns into branches.
        k &+= 1 &- ((isNaN ? 1 : 0) | (bits << 1 == 0 ? 1 : 0))
      }
    }
    upperBounds.withUnsafeBufferPointer { bounds in
      let count = bounds.count
      // The search's steps depend only on the bound count, not on the value, so eight values
      // take them side by side: eight independent chains of loads instead of one. The same bins
      // as `bin(_:)`.
      var j = 0
      while j + 8 <= k {
        let x0 = searched[j], x1 = searched[j + 1], x2 = searched[j + 2], x3 = searched[j + 3]
        let x4 = searched[j + 4], x5 = searched[j + 5], x6 = searched[j + 6], x7 = searched[j + 7]
        var b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0
        var length = count
        while length > 1 {
          let half = length >> 1
          b0 &+= Self.step(half, bounds[b0 &+ half &- 1], x0)
          b1 &+= Self.step(half, bounds[b1 &+ half &- 1], x1)
          b2 &+= Self.step(half, bounds[b2 &+ half &- 1], x2)
          b3 &+= Self.step(half, bounds[b3 &+ half &- 1], x3)
          b4 &+= Self.step(half, bounds[b4 &+ half &- 1], x4)
          b5 &+= Self.step(half, bounds[b5 &+ half &- 1], x5)
          b6 &+= Self.step(half, bounds[b6 &+ half &- 1], x6)
          b7 &+= Self.step(half, bounds[b7 &+ half &- 1], x7)
          length &-= half
        }
        out[Int(rows[j])] = Self.binOf(x0, searched: b0)
        out[Int(rows[j + 1])] = Self.binOf(x1, searched: b1)
        out[Int(rows[j + 2])] = Self.binOf(x2, searched: b2)
        out[Int(rows[j + 3])] = Self.binOf(x3, searched: b3)
        out[Int(rows[j + 4])] = Self.binOf(x4, searched: b4)
        out[Int(rows[j + 5])] = Self.binOf(x5, searched: b5)
        out[Int(rows[j + 6])] = Self.binOf(x6, searched: b6)
        out[Int(rows[j + 7])] = Self.binOf(x7, searched: b7)
        j += 8
      }
      while j < k {
        out[Int(rows[j])] = bin(searched[j])
        j += 1
      }
    }
  }

  /// `half` when `bound < x`, else 0, from the sign bit of `bound - x`. Written as a comparison,
  /// the compiler turned the choice into a branch, mispredicted at half the steps. The sign is
  /// the comparison's for every searched `x` (never a NaN) but one, fixed by `binOf`: -inf
  /// against a bound of -inf (their difference is a NaN; no other bound can be infinite on the
  /// steps taken, and two different finite doubles never differ by zero).
  @inline(__always)
  private static func step(_ half: Int, _ bound: Double, _ x: Double) -> Int {
    half & (0 &- Int(truncatingIfNeeded: (bound - x).bitPattern >> 63))
  }

  /// The bin of a searched `x` (not missing) after the search stopped at `b`: 1 for -inf (every
  /// bound is at least -inf), b + 1 otherwise.
  @inline(__always)
  private static func binOf(_ x: Double, searched b: Int) -> UInt8 {
    x == -.infinity ? 1 : UInt8(truncatingIfNeeded: b &+ 1)
  }

  static func numeric(sample: [Double], maxBins: Int) -> FeatureBinner {
    let values = SortedDoubles.ascendingDroppingMissing(sample)
    // Where each run of equal values starts (branch-free: every index is written, the count
    // moves past it only at a new value), then each distinct value and its count.
    let runStarts = [Int](unsafeUninitializedCapacity: values.count) { starts, count in
      values.withUnsafeBufferPointer { v in
        guard !v.isEmpty else { return }
        starts[0] = 0
        var k = 1
        for i in 1..<v.count {
          starts[k] = i
          k &+= v[i] != v[i - 1] ? 1 : 0
        }
        count = k
      }
    }
    let distinct = runStarts.map { values[$0] }
    let counts = runStarts.indices.map { j in
      (j + 1 < runStarts.count ? runStarts[j + 1] : values.count) - runStarts[j]
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
    // Four partial counts: most rows of a sparse feature share one bin, and one count would make
    // each add wait for the one before it.
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * 256) { buffer in
      let partial = buffer.baseAddress!
      partial.initialize(repeating: 0, count: 4 * 256)
      var i = 0
      while i + 4 <= count {
        partial[Int(column[i])] &+= 1
        partial[256 &+ Int(column[i + 1])] &+= 1
        partial[512 &+ Int(column[i + 2])] &+= 1
        partial[768 &+ Int(column[i + 3])] &+= 1
        i += 4
      }
      while i < count {
        partial[Int(column[i])] &+= 1
        i += 1
      }
      return (0..<256).map { b in partial[b] &+ partial[256 + b] &+ partial[512 + b] &+ partial[768 + b] }
    }
  }
}

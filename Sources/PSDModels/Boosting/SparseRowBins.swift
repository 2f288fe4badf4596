import Foundation
import PSDCore

/// The training bins again, row by row, without each feature's most frequent bin.
///
/// Most columns of a credit feature table hold one value for most clients (flags, one-hot
/// levels, counts and shares of rare events), so only about a third of the (row, feature) pairs
/// are not their feature's most frequent bin. Leaf histograms are built from those pairs alone,
/// and each feature's most frequent bin is then filled in as the leaf total minus the feature's
/// other bins (`TreeGrower.fillMostFrequentBin`). The histograms equal the column loop's up to
/// rounding.
///
/// Features are cut into blocks of consecutive features whose bins together fit the L2 cache
/// (8,192 bins: 256 KB of histogram). In a block, row `r`'s pairs are
/// `entries[rowStart[r]..<rowStart[r + 1]]`, each the bin's position in the block's part of a
/// leaf histogram, which starts at `binStart` (the offset of feature `lo`).
/// `@unchecked Sendable` (both): the blocks' buffers are filled in `init` and only read afterwards;
/// `deinit` frees them when no reader is left.
final class SparseRowBins: @unchecked Sendable {
  struct Block: @unchecked Sendable {
    /// Features `lo..<hi`.
    let lo: Int, hi: Int
    /// Where the block's bins start in a leaf histogram, and how many there are.
    let binStart: Int, binCount: Int
    let rowStart: UnsafeMutablePointer<Int>
    let entries: UnsafeMutablePointer<UInt16>
  }

  let blocks: [Block]
  /// Pairs kept over all blocks (the share of all pairs is `BinnedMatrix.sparseRowDensity`).
  let entryCount: Int

  /// `maxBlockBins` bounds a block's bins (at most 65,536, the reach of a UInt16 entry).
  init(_ data: BinnedMatrix, maxBlockBins: Int = 8192) {
    let featureCount = data.binners.count
    var ranges: [(lo: Int, hi: Int)] = []
    var lo = 0, bins = 0
    for f in 0..<featureCount {
      let b = data.binners[f].binCount
      if f > lo && bins + b > min(maxBlockBins, 65_536) {
        ranges.append((lo, f))
        lo = f
        bins = 0
      }
      bins += b
    }
    if lo < featureCount { ranges.append((lo, featureCount)) }

    let n = data.rowCount
    blocks = Parallel.map(ranges.count) { k in
      Self.block(data, lo: ranges[k].lo, hi: ranges[k].hi, rowCount: n)
    }
    entryCount = blocks.reduce(0) { $0 + $1.rowStart[n] }
  }

  deinit {
    for block in blocks {
      block.rowStart.deallocate()
      block.entries.deallocate()
    }
  }

  /// Row-major pairs of features `lo..<hi`, read from the column-major bins in tiles of rows so
  /// the reads stream and the per-row cursors stay in cache.
  private static func block(_ data: BinnedMatrix, lo: Int, hi: Int, rowCount n: Int) -> Block {
    let binStart = data.offsets[lo]
    let binCount = data.offsets[hi - 1] + data.binners[hi - 1].binCount - binStart
    let rowStart = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
    rowStart.initialize(repeating: 0, count: n + 1)
    for f in lo..<hi {
      let column = UnsafePointer(data.bins + f * n)
      let skip = UInt8(data.mostFrequentBin[f])
      for r in 0..<n { rowStart[r + 1] &+= column[r] != skip ? 1 : 0 }
    }
    for r in 0..<n { rowStart[r + 1] += rowStart[r] }
    // One slot more than the pairs: the skipped bins are written there (below).
    let total = rowStart[n]
    let entries = UnsafeMutablePointer<UInt16>.allocate(capacity: total + 1)
    let tile = 1024
    withUnsafeTemporaryAllocation(of: Int.self, capacity: tile) { buffer in
      let cursor = buffer.baseAddress!
      var start = 0
      while start < n {
        let end = min(n, start + tile)
        for r in start..<end { cursor[r - start] = rowStart[r] }
        for f in lo..<hi {
          let column = UnsafePointer(data.bins + f * n)
          let skip = UInt8(data.mostFrequentBin[f])
          let local = data.offsets[f] - binStart
          // Branch-free (whether a row keeps a feature's bin follows no pattern): every bin is
          // written, a skipped one to the spare last slot, and only a kept one moves the cursor.
          for r in start..<end {
            let bin = column[r]
            let keep = bin != skip ? 1 : 0
            let c = cursor[r - start]
            entries[c &+ ((total &- c) & (keep &- 1))] = UInt16(truncatingIfNeeded: local &+ Int(bin))
            cursor[r - start] = c &+ keep
          }
        }
        start = end
      }
    }
    return Block(lo: lo, hi: hi, binStart: binStart, binCount: binCount, rowStart: rowStart, entries: entries)
  }
}

import Foundation
import PSDCore

/// The training bins again, row-major in blocks of a few consecutive features, for dense tables
/// (where `SparseRowBins` would keep nearly every pair).
///
/// A leaf below the root holds rows scattered over the data. The column loop reads one byte per
/// feature and row from a different cache line each time (on 160,000 rows x 100 continuous
/// features, that byte's load was the largest cost of training). Here a row's bins of one block
/// are `width` consecutive bytes, so a row costs one cache line per block instead of one per
/// feature. The sums run in the column loop's order (rows in order per bin; from 2,048 rows on,
/// four partial sums with rows dealt out in turn), so the histograms are the column loop's bit
/// for bit and the trees do not change.
/// `@unchecked Sendable`: the blocks' buffers are filled in `init` and only read afterwards;
/// `deinit` frees them when no reader is left.
final class DenseRowBins: @unchecked Sendable {
  struct Block: @unchecked Sendable {
    /// Features `lo..<hi`; row `r`'s bins are `bins[r * width ..< (r + 1) * width]`.
    let lo: Int, hi: Int
    var width: Int { hi - lo }
    /// Where the block's bins start in a leaf histogram, and how many there are.
    let binStart: Int, binCount: Int
    let bins: UnsafeMutablePointer<UInt8>
  }

  let blocks: [Block]

  /// `maxWidth` features per block (a row's part fits one cache line), and at most `maxBlockBins`
  /// bins, so a block's four partial histograms stay in the L2 cache (4 x 4,096 x 32 bytes).
  init(_ data: BinnedMatrix, maxWidth: Int = 16, maxBlockBins: Int = 4096) {
    var ranges: [(lo: Int, hi: Int)] = []
    var lo = 0, bins = 0
    for f in 0..<data.binners.count {
      let b = data.binners[f].binCount
      if f > lo && (f - lo == maxWidth || bins + b > maxBlockBins) {
        ranges.append((lo, f))
        lo = f
        bins = 0
      }
      bins += b
    }
    if lo < data.binners.count { ranges.append((lo, data.binners.count)) }
    blocks = Parallel.map(ranges.count) { k in Self.block(data, lo: ranges[k].lo, hi: ranges[k].hi) }
  }

  deinit {
    for block in blocks { block.bins.deallocate() }
  }

  /// Features `lo..<hi` row by row, read from the column-major bins in tiles of rows so both
  /// sides stay in cache.
  private static func block(_ data: BinnedMatrix, lo: Int, hi: Int) -> Block {
    let n = data.rowCount, width = hi - lo
    let binStart = data.offsets[lo]
    let binCount = data.offsets[hi - 1] + data.binners[hi - 1].binCount - binStart
    let bins = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, n * width))
    let tile = 4096
    var start = 0
    while start < n {
      let end = min(n, start + tile)
      for j in 0..<width {
        let column = UnsafePointer(data.bins + (lo + j) * n)
        for r in start..<end { bins[r * width + j] = column[r] }
      }
      start = end
    }
    return Block(lo: lo, hi: hi, binStart: binStart, binCount: binCount, bins: bins)
  }
}

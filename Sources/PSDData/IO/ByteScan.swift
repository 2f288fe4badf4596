/// Byte searches of the CSV reader, eight bytes per load. A byte of `word ^ pattern` is zero
/// exactly where the word holds the pattern's byte; `zeroBytes` sets the high bit of those bytes
/// and of no other (no carry crosses a byte, unlike the usual `(x - 0x01…) & ~x` test), so its
/// bits can be counted. (Finding a field's end this way was tried: no fewer instructions than
/// the byte loop, fields being short.)
enum ByteScan {
  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

  @inline(__always)
  static func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }

  @inline(__always)
  static func word(_ p: UnsafePointer<UInt8>, _ at: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(fromByteOffset: at, as: UInt64.self))
  }

  /// How many bytes of [p, p + n) equal `byte` (a byte-at-a-time loop was 7 % of a load's
  /// instructions on a file with a few quotes).
  static func count(_ byte: UInt8, in p: UnsafePointer<UInt8>, count n: Int) -> Int {
    let pattern = UInt64(byte) &* ones
    var total = 0
    var i = 0
    // Quotes are rare: 32 bytes a step, and the bits are counted only in a step that has one
    // (the baseline x86-64 target has no popcount instruction).
    while i + 32 <= n {
      let a = zeroBytes(word(p, i) ^ pattern), b = zeroBytes(word(p, i + 8) ^ pattern)
      let c = zeroBytes(word(p, i + 16) ^ pattern), d = zeroBytes(word(p, i + 24) ^ pattern)
      if (a | b | c | d) != 0 {
        total &+= a.nonzeroBitCount &+ b.nonzeroBitCount &+ c.nonzeroBitCount &+ d.nonzeroBitCount
      }
      i += 32
    }
    while i + 8 <= n {
      total &+= zeroBytes(word(p, i) ^ pattern).nonzeroBitCount
      i += 8
    }
    while i < n {
      if p[i] == byte { total += 1 }
      i += 1
    }
    return total
  }
}

import Testing
import PSDTestSupport
@testable import PSDData

/// The word-at-a-time count must find exactly what one byte at a time finds, for every length
/// and offset, with the bytes next to the target (0x21/0x23, the same byte with the high bit set)
/// and runs of targets.
@Suite struct ByteScanTests {
  static let alphabet: [UInt8] = [
    0x22, 0x22, 0xA2, 0x21, 0x23, 0x00, 0xFF, 0x0A, 0x0A, 0x8A, 0x0D, 0x0D, 0x8D, 0x0C, 0x2C, 0x2C,
    0xAC, 0x2B, 0x2D, 0x3B, 0x41
  ]

  @Test func quoteCountEqualsByteByByteCount() {
    var g = TestGenerator(seed: 12)
    for _ in 0..<400 {
      let n = g.int(100)
      let bytes = (0..<n).map { _ in Self.alphabet[g.int(Self.alphabet.count)] }
      bytes.withUnsafeBufferPointer { buffer in
        for offset in 0..<min(n, 9) {
          let expected = buffer[offset...].filter { $0 == 0x22 }.count
          #expect(ByteScan.count(0x22, in: buffer.baseAddress! + offset, count: n - offset) == expected)
        }
      }
    }
  }
}

import Foundation
import Testing

@testable import PSDSynth

@Suite struct SynthFormatTests {
  func text(_ build: (inout CSVBuffer) -> Void) -> String {
    var buffer = CSVBuffer()
    build(&buffer)
    return String(decoding: buffer.bytes, as: UTF8.self)
  }

  @Test func numbersAreWrittenLikeTheRealFiles() {
    #expect(text { $0.floatInt(-3648) } == "-3648.0")
    #expect(text { $0.int(-9461) } == "-9461")
    #expect(text { $0.int(0) } == "0")
    #expect(text { $0.fixed(0.0247, 4) } == "0.0247")
    #expect(text { $0.fixed(24700.5, 1) } == "24700.5")
    #expect(text { $0.fixed(202500, 1) } == "202500.0")
    #expect(text { $0.fixed(-0.05, 3) } == "-0.05")
    #expect(text { $0.fixed(0.000527, 6) } == "0.000527")
    #expect(text { $0.fixed(nil, 3) } == "")
  }

  @Test func rowsSeparateFieldsAndQuoteCommas() {
    let levels = EncodedLevels(["Spouse, partner", "Family"])
    let row = text {
      $0.int(1); $0.level(levels[0]); $0.missing(); $0.level(levels[1]); $0.endRow()
      $0.int(2); $0.endRow()
    }
    #expect(row == "1,\"Spouse, partner\",,Family\n2\n")
  }

  @Test func portableMathAgreesWithTheSystemLibrary() {
    var rng = SynthRNG(seed: 3, index: 0, stream: 0)
    for _ in 0..<2000 {
      let x = rng.uniform() * 40 - 20
      #expect(abs(SynthMath.exp(x) - Foundation.exp(x)) <= 1e-13 * Foundation.exp(x))
      let y = SynthMath.exp(x)
      #expect(abs(SynthMath.log(y) - Foundation.log(y)) <= 1e-13 * max(1, abs(Foundation.log(y))))
    }
  }

  @Test func randomStreamsAreReproducibleAndDistinct() {
    var a = SynthRNG(seed: 9, index: 5, stream: 1)
    var b = SynthRNG(seed: 9, index: 5, stream: 1)
    var c = SynthRNG(seed: 9, index: 6, stream: 1)
    let xs = (0..<10).map { _ in a.next() }
    #expect(xs == (0..<10).map { _ in b.next() })
    #expect(xs != (0..<10).map { _ in c.next() })
    var sum = 0.0, squares = 0.0
    for _ in 0..<20000 { let z = a.normal(); sum += z; squares += z * z }
    #expect(abs(sum / 20000) < 0.05)
    #expect(abs(squares / 20000 - 1) < 0.05)
  }
}

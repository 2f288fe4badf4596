import Foundation

/// A scorecard's part of the .psdm body (estimator code 3): the scaling, the intercept, then per
/// feature its coefficient, its rule (split points or category groups, labels as UTF-8) and every
/// bin's counts and WoE, so the card and its table print the same after loading.
extension Scorecard {
  func write(to body: inout ByteWriter) {
    body.f64(scaling.pdo); body.f64(scaling.score); body.f64(scaling.odds)
    body.f64(intercept)
    body.u32(UInt32(binnings.count))
    for (f, b) in binnings.enumerated() {
      body.f64(coefficients[f])
      body.text(b.feature)
      body.u8(b.trend == .descending ? 2 : b.trend == .ascending ? 1 : 0)
      switch b.rule {
      case .numeric(let splits):
        body.u8(0); body.u32(UInt32(splits.count))
        for s in splits { body.f64(s) }
      case .categorical(let groups):
        body.u8(1); body.u32(UInt32(groups.count))
        for g in groups {
          body.u32(UInt32(g.count))
          for label in g { body.text(label) }
        }
      }
      body.u32(UInt32(b.bins.count))
      for bin in b.bins {
        body.u64(UInt64(bin.good)); body.u64(UInt64(bin.bad)); body.f64(bin.woe); body.f64(bin.iv)
      }
    }
  }

  static func read(from r: inout ByteReader, featureCount: Int) throws -> Scorecard {
    let scaling = ScorecardScaling(pdo: try r.f64(), score: try r.f64(), odds: try r.f64())
    let intercept = try r.f64()
    // A feature's smallest record: coefficient, name length, trend, rule tag, rule count, bin count.
    let count = try r.count(each: 8 + 4 + 1 + 1 + 4 + 4)
    guard count == featureCount else { throw ByteReader.Failure.bad }
    var binnings: [FeatureBinning] = [], coefficients: [Double] = []
    for _ in 0..<count {
      coefficients.append(try r.f64())
      let name = try r.text()
      let trend: MonotoneTrend = [.none, .ascending, .descending][Int(min(try r.u8(), 2))]
      let rule: FeatureBinning.Rule
      switch try r.u8() {
      // Every count is checked against the bytes left (`count(each:)`): a damaged count must
      // not reserve gigabytes before the reads fail (found by the model fuzzer).
      case 0: rule = .numeric(splits: try (0..<r.count(each: 8)).map { _ in try r.f64() })
      case 1:
        rule = .categorical(
          groups: try (0..<r.count(each: 4)).map { _ in
            try (0..<r.count(each: 4)).map { _ in try r.text() }
          })
      default: throw ByteReader.Failure.bad
      }
      let bins = try (0..<r.count(each: 32)).map { _ in
        BinStatistics(good: try r.clientCount(), bad: try r.clientCount(), woe: try r.f64(), iv: try r.f64())
      }
      // Non-missing bins plus Missing: one more than the splits or groups.
      switch rule {
      case .numeric(let s): guard bins.count == s.count + 2 else { throw ByteReader.Failure.bad }
      case .categorical(let g): guard bins.count == g.count + 1 else { throw ByteReader.Failure.bad }
      }
      binnings.append(FeatureBinning(feature: name, rule: rule, bins: bins, trend: trend))
    }
    return Scorecard(binnings: binnings, coefficients: coefficients, intercept: intercept, scaling: scaling)
  }
}

extension ByteWriter {
  mutating func text(_ s: String) {
    let utf8 = Array(s.utf8)
    u32(UInt32(utf8.count))
    bytes.append(contentsOf: utf8)
  }
}

extension ByteReader {
  /// A bin's count of clients: a u64 that a damaged file may push past Int.max, refused then
  /// instead of trapping in the conversion.
  mutating func clientCount() throws -> Int {
    guard let n = Int(exactly: try u64()) else { throw Failure.bad }
    return n
  }

  mutating func text() throws -> String {
    let n = Int(try u32())
    guard position + n <= bytes.count else { throw Failure.bad }
    let s = String(decoding: bytes[position..<(position + n)], as: UTF8.self)
    position += n
    return s
  }
}

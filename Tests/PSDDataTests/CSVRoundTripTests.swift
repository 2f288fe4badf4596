import Foundation
import Testing
import PSDTestSupport
import PSDCore
@testable import PSDData

/// Random frames written by CSVWriter read back identical, on one thread and split across
/// several (labels full of separators, quotes, line breaks and non-ASCII text).
@Suite struct CSVRoundTripTests {
  func randomFrame(rows: Int, seed: UInt64) throws -> DataFrame {
    var rng = TestGenerator(seed: seed)
    let pieces = ["a", "b", ",", "\"", "\n", "\r\n", " ", "é", "東", "x;y", "0", "1.5"]
    let labels: [String] = (0..<40).map { _ in
      (0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }
    // Labels that read back as something else (numbers, all-space) are kept out: the type of
    // such a column is decided by inference, not by the writer.
    let safeLabels = labels.filter { Double($0) == nil && Int($0) == nil && !$0.allSatisfy { $0 == " " } }
    let floats = (0..<rows).map { _ -> Double in
      switch Int.random(in: 0..<6, using: &rng) {
      case 0: return .nan
      case 1: return Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random(using: &rng) ? 1 : -1)
      case 2: return Double(Int.random(in: -100...100, using: &rng)) / 8
      default: return Double.random(in: -1e7...1e7, using: &rng)
      }
    }
    let ints = (0..<rows).map { _ in Int64.random(in: Int64.min...Int64.max, using: &rng) }
    let valid = (0..<rows).map { _ in Int.random(in: 0..<10, using: &rng) != 0 }
    let flags = (0..<rows).map { _ in Int8.random(in: -1...1, using: &rng) }
    let strings = (0..<rows).map { _ in
      Int.random(in: 0..<8, using: &rng) == 0 ? nil : safeLabels.randomElement(using: &rng)!
    }
    return try DataFrame(columns: [
      .float("AMT", floats), .int("DAYS", ints, valid: valid), .bool("FLAG", flags),
      .category("NOTE", strings: strings), .float("LAST", floats.reversed())
    ])
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func randomFramesRoundTrip(seed: UInt64) throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let frame = try randomFrame(rows: 3000, seed: seed)
    let path = scratch.path("r.csv")
    try CSVWriter.write(frame, to: path)
    for options in [
      CSVReadOptions(threads: 1), CSVReadOptions(threads: 2, parallelThreshold: 0),
      CSVReadOptions(threads: 7, parallelThreshold: 0)
    ] {
      let back = try CSVReader.read(path: path, options: options).frame
      expectFramesEqual(back, frame, "\(options.threads) threads")
    }
  }
}

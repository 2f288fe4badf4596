import PSDTestSupport
import Foundation
import Testing
import PSDCore
@testable import PSDData

/// `ShortestDouble` (the CSV writer's float text) must give exactly `Double.description`'s bytes
/// for every double, and the writer must write exactly what it wrote with `description`.
@Suite struct ShortestDoubleFormatTests {
  /// Checks each value (and its negation) and returns the mismatches, at most 10.
  func mismatches(_ values: [Double]) -> [String] {
    let formatter = ShortestDouble()
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
    defer { buffer.deallocate() }
    var bad: [String] = []
    for v in values {
      for x in [v, -v] {
        let n = formatter.write(x, to: buffer)
        let text = String(decoding: UnsafeBufferPointer(start: buffer, count: n), as: UTF8.self)
        if text != x.description && bad.count < 10 {
          bad.append("\(x.bitPattern): description \(x.description), formatter \(text)")
        }
        #expect(n <= ShortestDouble.maxLength)
      }
    }
    return bad
  }

  @Test func specialValues() {
    let values: [Double] = [
      0, 1, 0.1, 0.3, 1e-7, 1e21, 1e22, 1e23, 2e22, 1234.5, 100, 0.0001, 0.00001, 0.00012345,
      .infinity, .nan, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
      0x1p53, 0x1p54, 0x1p53 + 2, 0x1p54 + 4, 0x1p54 + 8, 1e15, 1e16, 1e17, 9_999_999_999_999_998,
      123_456_789_012_345_680, 4_503_599_627_370_496.5, 2.5e-5, 5e-5,
      Double(bitPattern: 1), Double(bitPattern: 2), Double(bitPattern: 3), Double(bitPattern: 20)
    ]
    #expect(mismatches(values) == [])
    // -0.0 keeps its sign, as description does.
    #expect(mismatches([-0.0]) == [])
  }

  @Test func randomBitPatterns() {
    var rng = SeededGenerator(seed: 42)
    let values = (0..<60_000).map { _ in Double(bitPattern: rng.next()) }
    #expect(mismatches(values) == [])
  }

  @Test func niceDecimals() {
    var rng = SeededGenerator(seed: 7)
    var values: [Double] = []
    for _ in 0..<30_000 {
      let digits = Int.random(in: 1...17, using: &rng)
      let k = Double(UInt64.random(in: 0..<(UInt64(1) << 53), using: &rng) % UInt64(pow(10, Double(digits))))
      let d = Int.random(in: 0...12, using: &rng)
      values.append(k / pow(10, Double(d)))
    }
    #expect(mismatches(values) == [])
  }

  /// Short decimals anywhere in the range, read back, and their neighbours: covers the doubles
  /// whose interval ends are themselves short decimals (ties, the 2^54... integers).
  @Test func shortDecimalsAndNeighbours() {
    var rng = SeededGenerator(seed: 11)
    var values: [Double] = []
    for _ in 0..<10_000 {
      let digits = Int.random(in: 1...17, using: &rng)
      var mantissa = ""
      for i in 0..<digits { mantissa.append(Character(String(Int.random(in: (i == 0 ? 1 : 0)...9, using: &rng)))) }
      let exponent = Int.random(in: -330...310, using: &rng)
      guard let x = Double("\(mantissa)e\(exponent)"), x.isFinite, x > 0 else { continue }
      values.append(contentsOf: [x, x.nextUp, x.nextDown])
    }
    #expect(mismatches(values) == [])
  }

  /// The short-decimal path (one candidate at 4 fraction digits): decimals with 1 to 4 fraction
  /// digits across its whole range, 1e-4 up to 1e11, near both ends, and their neighbours, which
  /// must leave the path for the general one.
  @Test func decimalsWithUpToFourFractionDigits() {
    var rng = SeededGenerator(seed: 2026_12_07)
    var values: [Double] = []
    for _ in 0..<20_000 {
      let d = Int.random(in: 1...4, using: &rng)
      let scale = pow(10, Double(d))
      let top = Int.random(in: 0...11, using: &rng)  // magnitudes up to 10^top
      let k = Double(UInt64.random(in: 1...UInt64(pow(10, Double(top)) * scale), using: &rng))
      let x = k / scale
      values.append(contentsOf: [x, x.nextUp, x.nextDown])
    }
    for x in [1e-4, 0.0009, 0.001, 0.5, 99_999_999_999.9999, 99_999_999_999.5, 1e11, 123_456.0001] {
      values.append(contentsOf: [x, x.nextUp, x.nextDown, x.nextUp.nextUp])
    }
    #expect(mismatches(values) == [])
  }

  @Test func boundaries() {
    var values: [Double] = []
    // Subnormals: the smallest, random ones, the largest.
    for bits in UInt64(1)...2000 { values.append(Double(bitPattern: bits)) }
    var rng = SeededGenerator(seed: 3)
    for _ in 0..<5000 { values.append(Double(bitPattern: rng.next() & ((1 << 52) - 1))) }
    values.append(Double.leastNormalMagnitude.nextDown)
    // Every power of two and of ten, with neighbours.
    for e in -1074...1023 {
      let x = Double(sign: .plus, exponent: e, significand: 1)
      values.append(contentsOf: [x, x.nextUp, x.nextDown])
    }
    for e in -323...308 {
      if let x = Double("1e\(e)") { values.append(contentsOf: [x, x.nextUp, x.nextDown]) }
    }
    // Where the layout switches (1e-4/1e-5 below, 2^53 and 1e16 above), a few ulps either side.
    for centre in [1e-4, 1e-5, 1e-3, 1e15, 1e16, 1e17, 0x1p53, 0x1p54, 9_999_999_999_999_999.0] {
      var up = centre, down = centre
      for _ in 0..<64 {
        up = up.nextUp
        down = down.nextDown
        values.append(contentsOf: [up, down])
      }
      values.append(centre)
    }
    // Largest values.
    var x = Double.greatestFiniteMagnitude
    for _ in 0..<100 {
      values.append(x)
      x = x.nextDown
    }
    // Integers near 2^53 (plain form up to 2^53, exponent form above).
    for i in -200...200 { values.append(0x1p53 + Double(i)) }
    #expect(mismatches(values) == [])
  }

  /// What the writer wrote before it had its own float formatter: `description`, empty for
  /// missing, and quoted fields as `encodeField` makes them.
  func referenceCSV(_ frame: DataFrame) -> [UInt8] {
    var text =
      frame.columns.map { String(decoding: CSVWriter.encodeField(Array($0.name.utf8), separator: 44), as: UTF8.self) }
      .joined(separator: ",") + "\n"
    for row in 0..<frame.rowCount {
      var fields: [String] = []
      for column in frame.columns {
        switch column.data {
        case .float(let v): fields.append(v[row].isNaN ? "" : v[row].description)
        case .int(let v, let valid): fields.append(valid?[row] ?? true ? String(v[row]) : "")
        case .bool(let v): fields.append(v[row] < 0 ? "" : v[row] == 1 ? "true" : "false")
        case .category(let codes, let levels):
          let c = codes[row]
          fields.append(
            c < 0
              ? "" : String(decoding: CSVWriter.encodeField(Array(levels[Int(c)].utf8), separator: 44), as: UTF8.self))
        }
      }
      text += fields.joined(separator: ",") + "\n"
    }
    return Array(text.utf8)
  }

  @Test func writerOutputMatchesTheDescriptionWriter() throws {
    var rng = SeededGenerator(seed: 5)
    let n = 70_000  // more than one batch of rows
    let floats = (0..<n).map { i -> Double in
      switch i % 5 {
      case 0: return .nan
      case 1: return Double(bitPattern: rng.next())
      case 2: return Double(Int.random(in: -100_000...100_000, using: &rng)) / 100
      case 3: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
      default: return Double.random(in: 0..<1, using: &rng)
      }
    }
    let frame = try DataFrame(columns: [
      .float("AMT, \"x\"", floats),
      .int(
        "DAYS", (0..<n).map { _ in Int64(bitPattern: rng.next()) >> Int64.random(in: 0...63, using: &rng) },
        valid: (0..<n).map { $0 % 7 != 0 }),
      .int("ID", (0..<n).map { Int64($0) - 35_000 }),
      .bool("FLAG", (0..<n).map { Int8($0 % 3) - 1 }),
      .category(
        "NOTE",
        strings: (0..<n).map { i in
          i % 5 == 0 ? nil : ["plain", "with, comma", "say \"hi\"", "two\nlines", " padded ", "Zürich"][i % 6]
        })
    ])
    let scratch = TemporaryDirectory("csv-write")
    defer { scratch.remove() }
    let path = scratch.path("out.csv")
    try CSVWriter.write(frame, to: path)
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(written == referenceCSV(frame))
  }

  /// Many columns, rows split into chunks of 8-row blocks (the last one partial); the 70,000-row
  /// frame above spans two batches.
  @Test func wideFrameInManyChunks() throws {
    var rng = SeededGenerator(seed: 9)
    let rows = 301, columns = 1500
    let frame = try DataFrame(
      columns: (0..<columns).map { c in
        c % 3 == 0
          ? .int("i\(c)", (0..<rows).map { _ in Int64.random(in: -5...500, using: &rng) })
          : .float(
            "f\(c)",
            (0..<rows).map { r in
              (r + c) % 11 == 0 ? .nan : Double(Int.random(in: -99_999...99_999, using: &rng)) / 1000
            })
      })
    let scratch = TemporaryDirectory("csv-write")
    defer { scratch.remove() }
    let path = scratch.path("wide.csv")
    try CSVWriter.write(frame, to: path)
    #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == referenceCSV(frame))
    // No rows: the header alone.
    let empty = try DataFrame(columns: [.float("a", []), .int("b", [])])
    try CSVWriter.write(empty, to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n")
  }
}

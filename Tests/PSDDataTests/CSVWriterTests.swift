import Foundation
import Testing
import PSDTestSupport
import PSDCore
@testable import PSDData

@Suite struct CSVWriterTests {
  @Test func roundTripsEveryTypeExactly() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    var rng = TestGenerator(seed: 20261206)
    var floats: [Double] = [
      -3648.0, 1e-05, .infinity, -.infinity, .nan, 0.1, .leastNonzeroMagnitude, 1.7976931348623157e308, -0.0
    ]
    for _ in 0..<2000 { floats.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)) }
    floats.append(contentsOf: (0..<2000).map { _ in Double.random(in: -1e6...1e6, using: &rng) })
    let n = floats.count
    let frame = try DataFrame(columns: [
      .float("AMT", floats),
      .int("DAYS", (0..<n).map { Int64($0) - 500 }, valid: (0..<n).map { $0 % 7 != 0 }),
      .bool("FLAG", (0..<n).map { Int8($0 % 3) - 1 }),
      .category(
        "NOTE",
        strings: (0..<n).map { i in
          i % 5 == 0 ? nil : ["plain", "with, comma", "say \"hi\"", "two\nlines", " padded ", "Zürich"][i % 6]
        })
    ])
    let path = scratch.path("out.csv")
    try CSVWriter.write(frame, to: path)
    let back = try CSVReader.read(path: path).frame
    #expect(back.columnNames == frame.columnNames)
    #expect(back.rowCount == n)
    let a = frame["AMT"]!.doubles()!, b = back["AMT"]!.doubles()!
    #expect(zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
    #expect(back["DAYS"]!.type == .int)
    #expect((0..<n).allSatisfy { back["DAYS"]!.text($0) == frame["DAYS"]!.text($0) })
    #expect(back["FLAG"]!.type == .bool)
    #expect((0..<n).allSatisfy { back["FLAG"]!.text($0) == frame["FLAG"]!.text($0) })
    #expect((0..<n).allSatisfy { back["NOTE"]!.label($0) == frame["NOTE"]!.label($0) })
  }

  /// Columns of one kind side by side are formatted as a run: the text must be each cell's own
  /// text, in column order, whatever the runs (lengths 1 to 3, every kind, first and last).
  @Test func adjacentColumnsOfOneKindWriteEachCellInOrder() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let n = 37  // not a multiple of 8: the last staging block is partial
    let floats = { (k: Double) in (0..<n).map { $0 % 5 == 1 ? Double.nan : Double($0) * k - 3.25 } }
    let ints = { (k: Int64) in (0..<n).map { Int64($0) * k - 7 } }
    let frame = try DataFrame(columns: [
      .float("A", floats(1.5)), .float("B", floats(0.001)), .int("C", ints(3)),
      .int("D", ints(-11), valid: (0..<n).map { $0 % 3 != 0 }), .int("E", ints(1000)),
      .bool("F", (0..<n).map { Int8($0 % 3) - 1 }), .bool("G", (0..<n).map { Int8($0 % 2) }),
      .category("H", strings: (0..<n).map { $0 % 4 == 0 ? nil : ["low", "mid", "high"][$0 % 3] }),
      .category("I", strings: (0..<n).map { ["x", "y"][$0 % 2] }),
      .float("J", floats(1e-7)), .float("K", floats(2e17)), .float("L", floats(-1))
    ])
    let path = scratch.path("runs.csv")
    try CSVWriter.write(frame, to: path)
    var expected = frame.columnNames.joined(separator: ",") + "\n"
    for row in 0..<n {
      let cells = frame.columns.map { column -> String in
        switch column.data {
        case .float(let v): return v[row].isNaN ? "" : v[row].description
        case .int(let v, let valid): return valid?[row] == false ? "" : String(v[row])
        case .bool(let v): return v[row] < 0 ? "" : v[row] == 1 ? "true" : "false"
        case .category(let codes, let levels): return codes[row] < 0 ? "" : levels[Int(codes[row])]
        }
      }
      expected += cells.joined(separator: ",") + "\n"
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
  }

  @Test func replacesAnExistingFileAndLeavesNoTemporary() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let path = scratch.write("out.csv", "old contents\n")
    try CSVWriter.write(try DataFrame(columns: [.int("a", [1, 2])]), to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n1\n2\n")
    let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
    #expect(names == ["out.csv"])
  }

  @Test func clearErrorsForBadTargets() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let frame = try DataFrame(columns: [.int("a", [1])])
    #expect(throws: PSDError.self) { try CSVWriter.write(frame, to: scratch.path("no/such/dir/x.csv")) }
    do {
      try CSVWriter.write(frame, to: scratch.path)
      Issue.record("wrote over a directory")
    } catch let error as PSDError {
      #expect(error.message.contains("is a directory"))
    }
  }
}

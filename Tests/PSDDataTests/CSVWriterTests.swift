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

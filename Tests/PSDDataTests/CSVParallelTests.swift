import Foundation
import Testing
import PSDTestSupport
import PSDCore
@testable import PSDData

/// The parallel reader must give exactly what one thread gives, whatever the split points.
@Suite struct CSVParallelTests {
  /// `parallel`: whether the split is expected to hold (false: verification must fall back;
  /// nil: either, the frames must be equal).
  func compare(_ text: String, threads: [Int] = [2, 3, 5], parallel: Bool? = true) throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let path = scratch.write("p.csv", text)
    let sequential = try CSVReader.read(path: path, options: CSVReadOptions(threads: 1)).frame
    for t in threads {
      let result = try CSVReader.read(path: path, options: CSVReadOptions(threads: t, parallelThreshold: 0))
      if let parallel { #expect((result.chunkCount > 1) == parallel) }
      expectFramesEqual(result.frame, sequential, "\(t) threads")
    }
  }

  @Test func mixedTypesWithLateChangesInOneChunk() throws {
    var rows = ["id,score,kind,late_float,late_label,flag,empty_start"]
    for i in 0..<3000 {
      let lateFloat = i == 2900 ? "2.5" : String(i)
      let lateLabel = i == 2950 ? "N/A" : String(i % 13)
      let emptyStart = i < 2000 ? "" : String(i)
      rows.append(
        "\(i),\(Double(i) / 7),\(["Cash", "Revolving", ""][i % 3]),\(lateFloat),\(lateLabel),\(i % 2 == 0),\(emptyStart)"
      )
    }
    let text = rows.joined(separator: "\n") + "\n"
    try compare(text)
    let frame = try readCSV(text)
    #expect(frame["late_float"]!.type == .float)
    #expect(frame["late_label"]!.type == .category)
    #expect(frame["late_label"]!.label(0) == "0")
    #expect(frame["empty_start"]!.type == .int)
    #expect(frame["empty_start"]!.missingCount == 2000)
  }

  @Test func quotedNewlinesAcrossSplitPoints() throws {
    var rows = ["id,note,v"]
    for i in 0..<2000 {
      let note = i % 3 == 0 ? "\"line one\nline two, \"\"quoted\"\"\nend \(i)\"" : "plain \(i)"
      rows.append("\(i),\(note),\(i % 5 == 0 ? "" : String(i))")
    }
    try compare(rows.joined(separator: "\r\n") + "\r\n")
  }

  /// A stray quote fools the quote-parity split; the first split (the first line end after
  /// each nominal point) may hold or not: the frame is the sequential one either way.
  @Test func strayQuotesThatFoolTheParityScanGiveTheSequentialFrame() throws {
    var rows = ["a,b"]
    for i in 0..<2000 {
      // An unquoted field with a literal quote flips quote parity for everything after it.
      let b = i == 10 ? "5\"inch" : (i % 4 == 0 ? "\"x\ny\"" : "z\(i % 9)")
      rows.append("\(i),\(b)")
    }
    try compare(rows.joined(separator: "\n") + "\n", parallel: nil)
  }

  /// Most bytes inside multi-line quoted fields: the first line end after the midpoint is
  /// inside one, so the first split fails and the quote-parity split is parsed; with a stray
  /// quote before the midpoint the parity is wrong too, and the file is read in one piece.
  /// (A parity split that lands inside a field fails like the first one and falls back to one
  /// piece: `misplacedSplitsNeverReportErrorsThatAreNotThere`.)
  @Test func aSplitInsideAQuotedFieldTriesTheParitySplitThenOnePiece() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    func text(strayQuote: Bool) -> String {
      var rows = ["id,note"]
      for i in 0..<400 {
        let lines = (0..<40).map { "line \($0) of note \(i)" }.joined(separator: "\n")
        rows.append(strayQuote && i == 5 ? "\(i),5\"inch" : "\(i),\"\(lines)\"")
      }
      return rows.joined(separator: "\n") + "\n"
    }
    // With the stray quote the parity puts every line end of the second half inside quotes:
    // the parity "split" is the whole file, one piece on the second try.
    for (stray, tries, chunks) in [(false, 2, 2), (true, 2, 1)] {
      let path = scratch.write("q\(stray).csv", text(strayQuote: stray))
      let sequential = try CSVReader.read(path: path, options: CSVReadOptions(threads: 1)).frame
      let result = try CSVReader.read(path: path, options: CSVReadOptions(threads: 2, parallelThreshold: 0))
      #expect(result.splitTries == tries, "stray quote: \(stray)")
      #expect(result.chunkCount == chunks, "stray quote: \(stray)")
      expectFramesEqual(result.frame, sequential, "stray quote: \(stray)")
    }
  }

  @Test func misplacedSplitsNeverReportErrorsThatAreNotThere() throws {
    // Quoted fields hold lines that look like records with too many fields; a stray quote
    // early on makes the parity scan pick splits inside them.
    var rows = ["id,text"]
    for i in 0..<3000 {
      let text = i == 3 ? "12\"" : (i % 2 == 0 ? "\"a,b,c,d\ne,f,g,h\n\"\"q\"\"\"" : "p\(i)")
      rows.append("\(i),\(text)")
    }
    try compare(rows.joined(separator: "\n") + "\n", parallel: nil)
  }

  @Test func errorInALaterChunkNamesTheRightLine() {
    var rows = ["a,b"]
    for i in 0..<5000 { rows.append(i == 4000 ? "1,2,3" : "\(i),\(i)") }
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let path = scratch.write("e.csv", rows.joined(separator: "\n") + "\n")
    do {
      _ = try CSVReader.read(path: path, options: CSVReadOptions(threads: 2, parallelThreshold: 0))
      Issue.record("loaded")
    } catch let error as PSDError {
      #expect(error.message.contains("line 4002: row has 3 fields"))
    } catch { Issue.record("wrong error \(error)") }
  }

  @Test func categoryLevelsMergeAcrossChunksInFirstSeenOrder() throws {
    var rows = ["c"]
    for i in 0..<4000 { rows.append(i < 2000 ? "a\(i % 3)" : "b\(i % 4)") }
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let path = scratch.write("c.csv", rows.joined(separator: "\n") + "\n")
    let frame = try CSVReader.read(path: path, options: CSVReadOptions(threads: 2, parallelThreshold: 0)).frame
    guard case .category(_, let levels) = frame["c"]!.data else {
      Issue.record("not categorical")
      return
    }
    #expect(levels == ["a0", "a1", "a2", "b0", "b1", "b2", "b3"])
  }

}

import Foundation
import Synchronization
import Testing
import PSDTestSupport
import PSDCore
@testable import PSDData

/// Every bad input gets a PSDError that says what to fix; nothing crashes.
@Suite struct CSVBadInputTests {
  @Test func missingFile() {
    #expect(throws: PSDError.self) { try CSVReader.read(path: "/nonexistent/app.csv") }
    do {
      _ = try CSVReader.read(path: "/nonexistent/app.csv")
    } catch let error as PSDError {
      #expect(error.kind == .io)
      #expect(error.message == "no such file '/nonexistent/app.csv'")
    } catch { Issue.record("wrong error \(error)") }
  }

  @Test func directory() {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    do {
      _ = try CSVReader.read(path: scratch.path)
      Issue.record("a directory loaded")
    } catch let error as PSDError {
      #expect(error.kind == .io)
      #expect(error.message.contains("is a directory"))
    } catch { Issue.record("wrong error \(error)") }
  }

  @Test func emptyFileAndBomOnlyFile() {
    #expect(csvError("")?.message.contains("is empty") == true)
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let path = scratch.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF])
    #expect(throws: PSDError.self) { try CSVReader.read(path: path) }
  }

  @Test func duplicateHeaderName() {
    let error = csvError("SK_ID_CURR,TARGET,SK_ID_CURR\n1,0,1\n")
    #expect(error?.message.contains("column name 'SK_ID_CURR' appears twice") == true)
    #expect(error?.message.contains("columns 1 and 3") == true)
  }

  @Test func emptyHeaderName() {
    let error = csvError(",TARGET\n1,0\n")
    #expect(error?.message.contains("column 1 of the header has no name") == true)
  }

  @Test func tooManyFieldsNamesFileAndLine() {
    let error = csvError("a,b\n1,2\n3,4,5\n")
    #expect(error?.message.contains("t.csv' line 3: row has 3 fields, the header has 2") == true)
  }

  @Test func tooFewFieldsNamesLine() {
    let error = csvError("a,b,c\n1,2,3\n\"x\ny\",2,3\n4,5\n")
    #expect(error?.message.contains("line 5: row has 2 fields, the header has 3") == true)
  }

  @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
    let error = csvError("a,b\n1,2\n3,\"abc\n4,5\n6,7\n")
    #expect(error?.message.contains("line 3: quoted field opened here never closes") == true)
  }

  @Test func textAfterClosingQuote() {
    let error = csvError("a,b\n\"x\"y,2\n")
    #expect(error?.message.contains("line 2: unexpected text after the closing quote in column 'a'") == true)
  }

  @Test func invalidUTF8IsAnErrorNamingLineAndColumn() {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let bytes = Array("id,city\n1,ok\n2,Z".utf8) + [0xFC] + Array("rich\n".utf8)
    do {
      _ = try CSVReader.read(path: scratch.write("latin1.csv", bytes: bytes))
      Issue.record("invalid UTF-8 loaded")
    } catch let error as PSDError {
      #expect(error.message.contains("line 3: column 'city' holds text that is not valid UTF-8"))
    } catch { Issue.record("wrong error \(error)") }
    let header = Array("id,Z".utf8) + [0xFC] + Array("\n1,2\n".utf8)
    #expect(throws: PSDError.self) {
      try CSVReader.read(path: scratch.write("latin1h.csv", bytes: header))
    }
  }

  @Test func hundredMegabyteField() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let head = Array("id,blob\n1,\"".utf8)
    let tail = Array("\"\n2,y\n".utf8)
    let size = 100 << 20
    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: head.count + size + tail.count)
    bytes.replaceSubrange(0..<head.count, with: head)
    bytes.replaceSubrange((head.count + size)..., with: tail)
    let frame = try CSVReader.read(path: scratch.write("big.csv", bytes: bytes)).frame
    #expect(frame.rowCount == 2)
    #expect(frame["blob"]!.label(0)?.utf8.count == size)
    #expect(frame["blob"]!.label(1) == "y")
  }

  @Test func fiveThousandColumns() throws {
    let names = (0..<5000).map { "c\($0)" }
    var text = names.joined(separator: ",") + "\n"
    for r in 0..<3 { text += (0..<5000).map { String($0 * 10 + r) }.joined(separator: ",") + "\n" }
    let frame = try readCSV(text)
    #expect(frame.columnCount == 5000)
    #expect(frame.rowCount == 3)
    #expect(frame["c4999"]!.doubleValue(2) == 49992)
  }

  @Test func cancellationStopsTheLoad() {
    let flag = InterruptFlag()
    flag.raise()
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let path = scratch.write("c.csv", "a\n1\n2\n")
    do {
      _ = try CSVReader.read(path: path, control: TaskControl(interrupt: flag))
      Issue.record("not cancelled")
    } catch let error as PSDError {
      #expect(error.kind == .cancelled)
    } catch { Issue.record("wrong error \(error)") }
  }

  @Test func progressReachesTheFileSize() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let text = "a,b\n" + (0..<1000).map { "\($0),x\($0 % 7)" }.joined(separator: "\n") + "\n"
    let path = scratch.write("p.csv", text)
    let last = Mutex<Double>(0)
    let control = TaskControl(progress: { event in last.withLock { $0 = max($0, event.done) } })
    _ = try CSVReader.read(path: path, options: CSVReadOptions(threads: 2, parallelThreshold: 0), control: control)
    #expect(last.withLock { $0 } == Double(text.utf8.count))
  }
}

#if canImport(Glibc)
  import Glibc
#endif
import Foundation
import Testing
import PSDTestSupport
import PSDCore
@testable import PSDData

// Issue 13: inputs that used to load silently wrong are exact or a clear error.
@Suite struct CSVHardeningTests {
  @Test func twentyDigitIdsStayDistinct() throws {
    // 1,000 ids 10000000000000000000 + 7·i: as floats they merged into 4 values.
    var text = "SK_ID_CURR,AMT\n"
    let base: UInt64 = 10_000_000_000_000_000_000
    for i in 0..<1_000 { text += "\(base + 7 * UInt64(i)),\(i)\n" }
    let frame = try readCSV(text)
    let ids = frame["SK_ID_CURR"]!
    #expect(ids.type == .category)
    let labels = (0..<frame.rowCount).compactMap { ids.label($0) }
    #expect(Set(labels).count == 1_000)
    #expect(labels[999] == String(base + 7 * 999))
  }

  @Test func crOnlyLineEndsAreAClearError() {
    let error = csvError("SK_ID_CURR,TARGET\r1,0\r2,1\r")
    #expect(error?.kind == .data)
    #expect(
      error?.message.hasSuffix("ends its lines with CR only (classic Mac); psd reads LF or CRLF line ends") == true)
    // CRLF and a final lone CR still load.
    #expect(csvError("SK_ID_CURR,TARGET\r\n1,0\r\n") == nil)
    #expect(csvError("SK_ID_CURR,TARGET\n1,0\r") == nil)
  }

  @Test func utf16IsAClearErrorWithOrWithoutByteOrderMark() {
    let text = "SK_ID_CURR,TARGET\n1,0\n"
    let le = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    for (name, bytes, phrase) in [
      ("bom.csv", [0xFF, 0xFE] + le, "is UTF-16"),
      ("nobom.csv", le, "holds NUL bytes: it looks like UTF-16")
    ] {
      do {
        _ = try CSVReader.read(path: scratch.write(name, bytes: bytes))
        Issue.record("\(name) loaded")
      } catch let error as PSDError {
        #expect(error.kind == .data)
        #expect(error.message.contains(phrase))
        #expect(error.notes.first?.hasPrefix("convert it to UTF-8: iconv -f UTF-16") == true)
      } catch { Issue.record("wrong error \(error)") }
    }
  }

  @Test func aFIFOIsRefusedWithoutBlocking() throws {
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let path = scratch.path("pipe.csv")
    #expect(mkfifo(path, 0o600) == 0)
    // No writer ever opens it: a blocking open would wait forever.
    do {
      _ = try CSVReader.read(path: path)
      Issue.record("a FIFO loaded")
    } catch let error as PSDError {
      #expect(error.kind == .io)
      #expect(error.message == "'\(path)' is a FIFO (named pipe), not a regular file")
    }
  }
}

@Suite struct CSVLimitTests {
  @Test func aHeaderWiderThanTheLimitIsAClearError() {
    let header = (0...CSVReadOptions.maxColumns).map { "C\($0)" }.joined(separator: ",")
    let error = csvError(header + "\n")
    #expect(
      error?.message.hasSuffix(
        "has \(CSVReadOptions.maxColumns + 1) columns in its header; psd reads at most \(CSVReadOptions.maxColumns)")
        == true)
  }

  @Test func aFiveMegabyteFieldLoadsWhole() throws {
    let big = String(repeating: "x", count: 5_000_000)
    let frame = try readCSV("ID,NOTE\n1,\"\(big)\"\n2,short\n")
    #expect(frame["NOTE"]!.label(0)?.utf8.count == 5_000_000)
    #expect(frame["NOTE"]!.label(1) == "short")
  }
}

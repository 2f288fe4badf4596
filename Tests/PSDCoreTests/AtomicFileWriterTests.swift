import Foundation
import PSDTestSupport
import Testing

@testable import PSDCore

/// AtomicFile.Writer streams a file in pieces: the old file stays whole until `commit`, and a
/// discarded (or dropped) writer leaves neither a new file nor its temporary one behind.
@Suite struct AtomicFileWriterTests {
  private func entries(_ dir: TemporaryDirectory) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
  }

  @Test func piecesBecomeTheFileOnlyAtCommit() throws {
    let dir = TemporaryDirectory("atomic-writer")
    defer { dir.remove() }
    let path = dir.write("scores.csv", "old\n")
    let writer = try AtomicFile.Writer(path: path)
    try writer.write(Array("id,pd\n".utf8))
    try writer.write(Array("100002,0.12\n".utf8))
    // Before the commit the old file is untouched and the new text lives under a hidden name.
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
    #expect(entries(dir).count == 2)
    try writer.commit()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "id,pd\n100002,0.12\n")
    #expect(entries(dir) == ["scores.csv"])
  }

  @Test func aDiscardedOrDroppedWriterLeavesNothing() throws {
    let dir = TemporaryDirectory("atomic-writer")
    defer { dir.remove() }
    let kept = dir.write("kept.csv", "kept\n")
    let writer = try AtomicFile.Writer(path: kept)
    try writer.write(Array("half a fi".utf8))
    writer.discard()
    writer.discard()  // a second discard does nothing
    #expect(try String(contentsOfFile: kept, encoding: .utf8) == "kept\n")
    do {
      let dropped = try AtomicFile.Writer(path: dir.path("new.csv"))
      try dropped.write(Array("never committed".utf8))
    }
    #expect(entries(dir) == ["kept.csv"])
  }

  /// Past every 4 MB the writer starts the file's writeback early (for a short fsync); the pieces
  /// written after it, one of them ending mid-page, must still all land, in order.
  @Test func aFileWrittenPastSeveralWritebackStepsIsWhole() throws {
    let dir = TemporaryDirectory("atomic-writer")
    defer { dir.remove() }
    let path = dir.path("features.csv")
    var expected: [UInt8] = []
    let writer = try AtomicFile.Writer(path: path)
    for piece in 0..<7 {
      // 1.5 MB and a few bytes, so the pieces cross page and 4 MB marks at odd offsets.
      let bytes = (0..<(3 << 19) + 4093 * piece).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ piece) }
      try writer.write(bytes)
      expected += bytes
    }
    try writer.commit()
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(written.count == expected.count)
    #expect(written == expected)
  }
}

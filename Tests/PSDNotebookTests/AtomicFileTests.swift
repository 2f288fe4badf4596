import Foundation
import Testing
import PSDTestSupport
import PSDCore
@testable import PSDNotebook

@Test func atomicWriteReplacesAnExistingFileAndLeavesNoTemporary() throws {
  let directory = TemporaryDirectory("atomic")
  defer { directory.remove() }
  let path = directory.path("report.md")
  try AtomicFile.write(Data("first".utf8), to: path)
  try AtomicFile.write(Data("second".utf8), to: path)
  #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
  #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.md"])
}

@Test func atomicWriteIntoAMissingFolderIsAnIOError() {
  #expect(throws: PSDError.self) {
    try AtomicFile.write(Data("x".utf8), to: "/nonexistent-psd-folder/out.csv")
  }
}

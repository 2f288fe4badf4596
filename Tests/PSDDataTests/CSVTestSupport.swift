import Foundation
import PSDCore
@testable import PSDData

/// A fresh temporary directory per test, removed by the caller's `defer`.
struct CSVScratch {
  let directory: URL

  init() {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("psd-csv-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: directory) }

  func write(_ name: String, _ text: String) -> String {
    write(name, bytes: Array(text.utf8))
  }

  func write(_ name: String, bytes: [UInt8]) -> String {
    let url = directory.appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url.path
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Reads CSV text through a temporary file.
func readCSV(_ text: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
  let scratch = CSVScratch()
  defer { scratch.remove() }
  return try CSVReader.read(path: scratch.write("t.csv", text), options: options).frame
}

/// The PSDError a read throws (nil when it succeeds).
func csvError(_ text: String, options: CSVReadOptions = CSVReadOptions()) -> PSDError? {
  do {
    _ = try readCSV(text, options: options)
    return nil
  } catch let error as PSDError {
    return error
  } catch {
    return PSDError.data("unexpected error type: \(error)")
  }
}

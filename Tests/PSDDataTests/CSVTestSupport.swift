import Foundation
import PSDTestSupport
import PSDCore
@testable import PSDData

/// Reads CSV text through a temporary file.
func readCSV(_ text: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
  let scratch = TemporaryDirectory("csv")
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

import Foundation
import PSDCore

/// Writes a whole file or nothing: data goes to a temporary file in the same directory, which is
/// then renamed over the target.
public enum AtomicFile {
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw PSDError.io("cannot write '\(path)': folder '\(directory.path)' does not exist")
    }
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
      try data.write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw PSDError.io("cannot write '\(path)': \(reason)")
      }
    } catch let e as PSDError {
      throw e
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw PSDError.io("cannot write '\(path)': \(error.localizedDescription)")
    }
  }
}

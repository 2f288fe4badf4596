import Foundation

/// A fresh, empty folder under the system's temporary folder, named `psd-<tag>-<uuid>` so tests
/// running in parallel never share one. Remove it with `remove()` (usually in a `defer`), or use
/// `withTemporaryDirectory`, which does.
package struct TemporaryDirectory: Sendable {
  package let url: URL
  package var path: String { url.path }

  package init(_ tag: String = "test") {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("psd-\(tag)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  package func remove() { try? FileManager.default.removeItem(at: url) }

  /// The path of `name` inside the folder (nothing is created).
  package func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `text` to `name` inside the folder and returns its path.
  @discardableResult
  package func write(_ name: String, _ text: String) -> String { write(name, bytes: Array(text.utf8)) }

  /// Writes `bytes` to `name` inside the folder and returns its path.
  @discardableResult
  package func write(_ name: String, bytes: [UInt8]) -> String {
    let url = url.appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url.path
  }
}

/// Runs `body` with a fresh temporary folder, removed afterwards whatever happens.
package func withTemporaryDirectory<T>(_ tag: String = "test", _ body: (TemporaryDirectory) throws -> T) rethrows -> T {
  let directory = TemporaryDirectory(tag)
  defer { directory.remove() }
  return try body(directory)
}

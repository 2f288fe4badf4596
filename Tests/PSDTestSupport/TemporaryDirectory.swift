import Foundation

/// A fresh, empty folder under the system's temporary folder, named `psd-<tag>-<uuid>` so tests
/// running in parallel never share one. Remove it with `remove()` (usually in a `defer`), or use
/// `withTemporaryDirectory`, which does.
public struct TemporaryDirectory: Sendable {
  public let url: URL
  public var path: String { url.path }

  public init(_ tag: String = "test") {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("psd-\(tag)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  public func remove() { try? FileManager.default.removeItem(at: url) }

  /// The path of `name` inside the folder (nothing is created).
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `text` to `name` inside the folder and returns its path.
  @discardableResult
  public func write(_ name: String, _ text: String) -> String { write(name, bytes: Array(text.utf8)) }

  /// Writes `bytes` to `name` inside the folder and returns its path.
  @discardableResult
  public func write(_ name: String, bytes: [UInt8]) -> String {
    let url = url.appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url.path
  }
}

/// Runs `body` with a fresh temporary folder, removed afterwards whatever happens.
public func withTemporaryDirectory<T>(_ tag: String = "test", _ body: (TemporaryDirectory) throws -> T) rethrows -> T {
  let directory = TemporaryDirectory(tag)
  defer { directory.remove() }
  return try body(directory)
}

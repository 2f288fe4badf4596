import Foundation

/// The repository's root folder (this file is Tests/PSDTestSupport/RepositoryRoot.swift). Tests
/// read Examples/, Docs/, fixtures and golden scripts from it, never from outside it.
package let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A path inside the repository, e.g. `repositoryPath("Examples/data/bureau.csv")`.
package func repositoryPath(_ relative: String) -> String {
  repositoryRoot.appendingPathComponent(relative).path
}

/// The text of a file inside the repository.
package func repositoryText(_ relative: String) throws -> String {
  try String(contentsOf: repositoryRoot.appendingPathComponent(relative), encoding: .utf8)
}

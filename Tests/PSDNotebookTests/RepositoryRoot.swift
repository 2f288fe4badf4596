import Foundation

/// The repository's root folder (this file is Tests/PSDNotebookTests/RepositoryRoot.swift): the
/// tests that run Examples/, Docs/ and golden scripts resolve their paths from it.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

import Foundation
import Testing
import PSDTestSupport
@testable import PSDNotebook

private let docsPath = repositoryPath("Docs/language.md")

/// Docs/language.md is generated from the command table; this fails when someone adds or changes a
/// command without regenerating it (PSD_UPDATE_DOCS=1 rewrites it).
@Test func languageReferenceIsUpToDate() throws {
  let generated = ReferenceDocs.markdown()
  if ProcessInfo.processInfo.environment["PSD_UPDATE_DOCS"] == "1" {
    try generated.write(toFile: docsPath, atomically: true, encoding: .utf8)
    return
  }
  let current = try String(contentsOfFile: docsPath, encoding: .utf8)
  #expect(
    current == generated,
    "Docs/language.md is stale: run PSD_UPDATE_DOCS=1 swift test --filter languageReferenceIsUpToDate")
}

@Test func everyCommandHasUsageAndSummary() {
  for spec in CommandTable.all {
    #expect(!spec.usage.isEmpty, "\(spec.name) has no usage")
    #expect(!spec.summary.isEmpty, "\(spec.name) has no summary")
    #expect(CommandTable.topics.contains { $0.name == spec.topic }, "\(spec.name) has unknown topic \(spec.topic)")
    #expect(spec.usage.allSatisfy { $0.contains(spec.name) }, "\(spec.name)'s usage should name the command")
  }
}

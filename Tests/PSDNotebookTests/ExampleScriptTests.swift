import Foundation
import Testing
import PSDTestSupport
@testable import PSDNotebook

// Every Examples/*.psd running to the end is checked by Scripts/test.sh, with the release psd (the
// way users run them, and much faster than this debug build in process). What is left here needs
// the session: the README's tour against the output it shows.

private func exampleScripts() -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: repositoryPath("Examples"))) ?? [])
    .filter { $0.hasSuffix(".psd") }.sorted()
}

@Test func thereIsAnExampleForEachCapability() {
  let names = Set(exampleScripts())
  for required in [
    "explore_data.psd", "home_credit_features.psd", "home_credit_model.psd",
    "home_credit_decision.psd", "plots.psd", "notebook_session.psd", "home_credit_study.psd"
  ] {
    #expect(names.contains(required), "Examples/\(required) is missing")
  }
}

/// The README's tour (its `psd> ` lines) runs as written.
@Test func readmeTourRuns() throws {
  let readme = try repositoryText("README.md")
  let statements = readme.split(separator: "\n").filter { $0.hasPrefix("psd> ") }.map { line -> String in
    var s = String(line.dropFirst(5))
    if let hash = s.range(of: "  #") { s = String(s[..<hash.lowerBound]) }
    return s.trimmingCharacters(in: .whitespaces)
  }
  #expect(statements.count >= 10)
  defer { try? FileManager.default.removeItem(at: repositoryRoot.appendingPathComponent("study.psdm")) }
  let run = runScript(statements.joined(separator: "\n") + "\n", file: "README.md")
  #expect(run.succeeded, "\(run.stderr)")
  // The output lines the tour shows (between the prompts) are what psd printed.
  let tour = readme.components(separatedBy: "```")
  let shown =
    tour.first { $0.contains("psd> ") }.map { block in
      block.split(separator: "\n").filter { !$0.hasPrefix("psd> ") && !$0.hasPrefix("$ ") }
    } ?? []
  #expect(!shown.isEmpty, "the tour shows no output")
  for line in shown {
    #expect(run.stdout.contains(line + "\n"), "README.md's tour shows '\(line)', psd does not print it")
  }
}

import Foundation
import Testing
import PSDTestSupport
@testable import PSDNotebook

private func exampleScripts() -> [String] {
  let directory = repositoryRoot.appendingPathComponent("Examples").path
  return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    .filter { $0.hasSuffix(".psd") }.sorted()
}

/// Every script in Examples/ runs to the end on the bundled sample: an example that breaks (for
/// instance after the sample is regenerated and a client id disappears) fails CI.
@Test(arguments: exampleScripts())
func exampleScriptRuns(_ name: String) throws {
  let path = repositoryRoot.appendingPathComponent("Examples/\(name)").path
  let text = try String(contentsOfFile: path, encoding: .utf8)
  // Examples that read a warehouse (connect env="...") need its servers: Scripts/test.sh starts
  // them. Without them the script cannot run; say so plainly (and fail in CI, where they must be).
  let environment = ProcessInfo.processInfo.environment
  let needed = ["PSD_WAREHOUSE_DSN", "PSD_WAREHOUSE_SHARDS"].filter { text.contains("env=\"\($0)\"") }
  if let unset = needed.first(where: { (environment[$0] ?? "").isEmpty }) {
    if environment["CI"] == "true" {
      Issue.record("\(name) needs a warehouse, but \(unset) is not set (in CI, Scripts/test.sh starts the servers)")
    } else {
      print("note: Examples/\(name) did not run: \(unset) is not set (bash Scripts/warehouse-up.sh starts a server)")
    }
    return
  }
  let run = runScript(text, file: "Examples/\(name)")
  #expect(run.succeeded, "\(name): \(run.stderr)")
  #expect(!run.combined.contains("error:"), "\(name) printed an error")
}

@Test func thereIsAnExampleForEachCapability() {
  let names = Set(exampleScripts())
  for required in ["explore_data.psd", "home_credit_features.psd", "home_credit_model.psd",
                   "home_credit_decision.psd", "plots.psd", "notebook_session.psd", "home_credit_study.psd"] {
    #expect(names.contains(required), "Examples/\(required) is missing")
  }
}

/// The README's tour (its `psd> ` lines) runs as written.
@Test func readmeTourRuns() throws {
  let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
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
  let shown = tour.first { $0.contains("psd> ") }.map { block in
    block.split(separator: "\n").filter { !$0.hasPrefix("psd> ") && !$0.hasPrefix("$ ") }
  } ?? []
  #expect(!shown.isEmpty, "the tour shows no output")
  for line in shown {
    #expect(run.stdout.contains(line + "\n"), "README.md's tour shows '\(line)', psd does not print it")
  }
}

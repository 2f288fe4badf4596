import Foundation
import Testing
import PSDTestSupport
@testable import PSDNotebook

/// Docs/plots.md shows every chart as `> plot-ascii ...` followed by what psd drew, and the README
/// shows one of them. Those excerpts must be what psd draws today on the bundled sample, byte for
/// byte: a chart redrawn after the sample or a model changed must not keep an old picture.

/// One excerpt: the statement after `> ` and the lines psd printed for it.
private struct Excerpt {
  var statement: String
  var output: String
}

/// Fenced blocks of `markdown` whose first line is `> STATEMENT`.
private func excerpts(in markdown: String) -> [Excerpt] {
  var result: [Excerpt] = []
  var block: [String]? = nil
  for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
    if line.hasPrefix("```") {
      if let lines = block, let first = lines.first, first.hasPrefix("> ") {
        result.append(
          Excerpt(
            statement: String(first.dropFirst(2)),
            output: lines.dropFirst().map { $0 + "\n" }.joined()))
      }
      block = block == nil ? [] : nil
    } else if block != nil {
      block!.append(line)
    }
  }
  return result
}

@Test func plotsDocChartsAreWhatPsdDraws() throws {
  let doc = try repositoryText("Docs/plots.md")
  let scriptText = try repositoryText("Examples/plots.psd")
  let statements = Set(scriptText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
  let out = runScript(scriptText, file: "Examples/plots.psd")
  try #require(out.succeeded, "\(out.stderr)")

  let shown = excerpts(in: doc)
  #expect(shown.count >= 15, "Docs/plots.md shows \(shown.count) charts")
  for excerpt in shown {
    if statements.contains(excerpt.statement) {
      #expect(
        out.stdout.contains(excerpt.output),
        "Docs/plots.md: the chart of `\(excerpt.statement)` is not what Examples/plots.psd draws")
    } else {
      // An error example: run as the second line of a script named plots.psd, after the load.
      let errorOut = runScript(
        "app = load \"Examples/data/application_train.csv\"\n\(excerpt.statement)\n",
        file: "plots.psd")
      #expect(
        errorOut.combined.contains(excerpt.output),
        "Docs/plots.md: `\(excerpt.statement)` prints\n\(errorOut.stderr)")
    }
  }

  // The README's chart is one of them.
  let readme = try repositoryText("README.md")
  let marker = "A chart, as psd draws it:\n\n```\n"
  let start = try #require(readme.range(of: marker), "README.md has no chart")
  let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
  let chart = String(readme[start.upperBound..<end.lowerBound])
  #expect(chart.split(separator: "\n").count >= 3)
  #expect(out.stdout.contains(chart), "README.md's chart is not what Examples/plots.psd draws")
}

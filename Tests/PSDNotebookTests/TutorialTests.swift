import Foundation
import Testing
@testable import PSDNotebook

/// Docs/tutorial.md is a course whose every step is a ```psd block. The blocks, in order, must run
/// as one script on the bundled sample without an error, and every lesson must have at least one.

private let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let tutorialPath = repositoryRoot.appendingPathComponent("Docs/tutorial.md").path

/// One lesson: its `## ` heading and the psd blocks under it (before the next `## ` heading).
private struct Lesson {
  var heading: String
  var blocks: [String] = []
}

/// Splits the markdown into lessons; text before the first `## Lesson` heading is ignored, but a
/// psd block there still runs (it is returned under an empty heading).
private func lessons(in markdown: String) -> [Lesson] {
  var result = [Lesson(heading: "")]
  var block: [String]? = nil
  for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if var open = block {
      if trimmed == "```" {
        result[result.count - 1].blocks.append(open.joined(separator: "\n"))
        block = nil
      } else {
        open.append(String(line))
        block = open
      }
    } else if trimmed == "```psd" {
      block = []
    } else if line.hasPrefix("## ") {
      result.append(Lesson(heading: String(line.dropFirst(3))))
    }
  }
  return result
}

/// The markdown with every line outside a ```psd block blanked out.
private func runnableLines(of markdown: String) -> [String] {
  var inBlock = false
  return markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if inBlock {
      if trimmed == "```" { inBlock = false; return "" }
      return String(line)
    }
    if trimmed == "```psd" { inBlock = true }
    return ""
  }
}

@Test func tutorialHasABlockInEveryLesson() throws {
  let markdown = try String(contentsOfFile: tutorialPath, encoding: .utf8)
  let all = lessons(in: markdown)
  let numbered = all.filter { $0.heading.hasPrefix("Lesson ") }
  #expect(numbered.count == 7, "the course has seven lessons")
  for lesson in numbered {
    #expect(!lesson.blocks.isEmpty, "'\(lesson.heading)' has no ```psd block")
  }
  // An unclosed fence would silently swallow the rest of the course.
  let fences = markdown.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }
  #expect(fences.count % 2 == 0, "unbalanced ``` fences")
}

@Test func tutorialRunsOnTheBundledSample() throws {
  let markdown = try String(contentsOfFile: tutorialPath, encoding: .utf8)
  // Prose lines become empty lines, so an error's line number is the line in Docs/tutorial.md.
  let script = runnableLines(of: markdown).joined(separator: "\n") + "\n"
  #expect(script.split(separator: "\n").count == lessons(in: markdown).flatMap(\.blocks)
    .flatMap { $0.split(separator: "\n") }.count)
  let out = CapturingOutput()
  var settings = Settings()
  settings.width = 100
  let session = Session(output: out, settings: settings)
  session.baseDirectory = repositoryRoot.path
  let result = session.run(script: script, file: "Docs/tutorial.md")
  #expect(result == .succeeded, "tutorial failed:\n\(out.combined.suffix(2000))")
  #expect(!out.combined.contains("error:"), "\(out.combined.suffix(2000))")
  // The lessons' key outputs are there (each command printed what the text talks about).
  for marker in ["by TARGET", "ROC AUC", "threshold for", "client ", "what if", "PSI of"] {
    #expect(out.stdout.contains(marker), "no '\(marker)' in the tutorial's output")
  }
}

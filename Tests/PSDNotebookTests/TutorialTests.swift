import Foundation
import Testing
import PSDTestSupport
@testable import PSDNotebook

/// Docs/tutorial.md is a course whose every step is a ```psd block. The blocks, in order, must run
/// as one script on the bundled sample without an error, and every lesson must have at least one.

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

@Test func tutorialHasABlockInEveryLesson() throws {
  let markdown = try String(contentsOfFile: tutorialPath, encoding: .utf8)
  let all = lessons(in: markdown)
  let numbered = all.filter { $0.heading.hasPrefix("Lesson ") }
  #expect(numbered.count == 9, "the course has nine lessons")
  for lesson in numbered {
    #expect(!lesson.blocks.isEmpty, "'\(lesson.heading)' has no ```psd block")
  }
  // An unclosed fence would silently swallow the rest of the course.
  let fences = markdown.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }
  #expect(fences.count % 2 == 0, "unbalanced ``` fences")
}

/// The tutorial run once, section by section (a `## ` heading starts a section; the text before
/// the first heading is section 0), in one session: what each section's blocks printed.
private struct TutorialRun {
  var markdown = ""
  var headings: [String] = [""]
  /// Per section: the prose lines (other lines blank, so line numbers are the file's).
  var prose: [[String]] = [[]]
  /// Per section: stdout of its blocks.
  var output: [String] = [""]
  var succeeded = true
  var log = ""
}

private let tutorialRun: TutorialRun = {
  var run = TutorialRun()
  guard let markdown = try? String(contentsOfFile: tutorialPath, encoding: .utf8) else {
    run.succeeded = false
    run.log = "cannot read \(tutorialPath)"
    return run
  }
  run.markdown = markdown
  let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  let prose = proseLines(of: markdown)
  // Section of each line, and whether it is inside a ```psd block.
  var section = 0
  var inBlock = false
  var sectionOf: [Int] = []
  var runnable: [Bool] = []
  for line in lines {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if !inBlock && line.hasPrefix("## ") {
      section += 1
      run.headings.append(String(line.dropFirst(3)))
    }
    if inBlock && trimmed == "```" {
      inBlock = false
      runnable.append(false)
    } else {
      runnable.append(inBlock)
      if !inBlock && trimmed == "```psd" { inBlock = true }
    }
    sectionOf.append(section)
  }
  run.prose = (0...section).map { s in lines.indices.map { sectionOf[$0] == s ? prose[$0] : "" } }
  let (session, out) = makeSession()  // width 100, no colour: what `psd script` prints
  run.output = []
  for s in 0...section {
    // Other lines become empty lines, so an error's line number is the line in Docs/tutorial.md.
    let script = lines.indices.map { runnable[$0] && sectionOf[$0] == s ? lines[$0] : "" }
    let before = out.stdout.count
    if run.succeeded && script.contains(where: { !$0.isEmpty }) {
      run.succeeded = session.run(script: script.joined(separator: "\n") + "\n", file: "Docs/tutorial.md") == .succeeded
    }
    run.output.append(String(out.stdout.dropFirst(before)))
  }
  run.log = String(out.combined.suffix(2000))
  if out.combined.contains("error:") { run.succeeded = false }
  return run
}()

@Test func tutorialRunsOnTheBundledSample() throws {
  let run = tutorialRun
  #expect(run.succeeded, "tutorial failed:\n\(run.log)")
  #expect(run.output.count == lessons(in: run.markdown).count)
  // The lessons' key outputs are there (each command printed what the text talks about).
  let all = run.output.joined()
  for marker in [
    "by TARGET", "ROC AUC", "threshold for", "client ", "what if", "PSI of", "scorecard sc:", "reason codes:"
  ] {
    #expect(all.contains(marker), "no '\(marker)' in the tutorial's output")
  }
}

/// Figures of the prose that are not printed by psd, each with the reason it may stand. Keep this
/// short: a figure psd prints belongs in the prose as printed.
private let figuresWorkedOutByHand: [String: String] = [
  "0.091": "lesson 5: 1/11, the theoretical threshold for fn=10, fp=1, worked out in the text"
]

/// Every figure quoted in the tutorial's prose (numbers with a decimal point, and whole numbers of
/// 100 or more) is one psd printed: in the same lesson or an earlier one (the introduction and the
/// closing section may quote any lesson). A figure with three or more significant digits may be a
/// printed one rounded. This is what fails when the sample data or a model changes and the text
/// still quotes the old numbers.
@Test func tutorialFiguresAreWhatPsdPrints() throws {
  let run = tutorialRun
  try #require(run.succeeded, "tutorial failed:\n\(run.log)")
  let lastLesson = run.headings.lastIndex { $0.hasPrefix("Lesson ") } ?? 0
  var exemptionsUsed = Set<String>()
  var stale: [String] = []
  for section in run.prose.indices {
    let wholeCourse = section == 0 || section > lastLesson
    let scope = wholeCourse ? run.output.joined() : run.output[...section].joined()
    let printed = quotedNumbers(in: scope)
    for figure in checkedFigures(in: run.prose[section].joined(separator: "\n")) {
      if figuresWorkedOutByHand[figure.text] != nil {
        exemptionsUsed.insert(figure.text)
        continue
      }
      if !isPrinted(figure, in: printed) {
        stale.append("Docs/tutorial.md:\(figure.line): \(figure.text)")
      }
    }
  }
  #expect(
    stale.isEmpty,
    "figures in the tutorial's prose that psd does not print (\(stale.count)):\n\(stale.joined(separator: "\n"))")
  let unused = Set(figuresWorkedOutByHand.keys).subtracting(exemptionsUsed)
  #expect(unused.isEmpty, "exempted figures no longer in the prose: \(unused.sorted())")
}

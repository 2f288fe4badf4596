import Foundation
import PSDCore
import Testing
import PSDTestSupport
@testable import PSDNotebook

/// Executed-notebook reports: a golden Markdown report (times masked), reproducibility, HTML
/// escaping, failed runs, and the SHA-256 used for input-file checksums.

private let fixtures = repositoryRoot.appendingPathComponent("Tests/ReportFixtures")

/// Times are the only part of a report that changes between runs of a fixed-seed study.
private func maskTimes(_ text: String) -> String {
  text.replacing(try! Regex(#"\d+\.\d{3} s"#), with: "#.### s")
}

private let fixedDate = Date(timeIntervalSince1970: 1_800_000_000)

private func report(of script: String, named name: String) -> (NotebookReport, RunOutcome) {
  let run = runScript(script, file: name, baseDirectory: fixtures.path)
  let (session, outcome) = (run.session, run.outcome)
  let report = try! NotebookReport.of(
    session: session, script: name, scriptText: script, outcome: outcome,
    version: "0.0.0-test", date: fixedDate)
  return (report, outcome)
}

@Test func reportMatchesGoldenWithTimesMasked() throws {
  let script = try String(contentsOf: fixtures.appendingPathComponent("study.psd"), encoding: .utf8)
  let (report, outcome) = report(of: script, named: "study.psd")
  #expect(outcome == .succeeded)
  let actual = maskTimes(report.markdown())
  let goldenURL = fixtures.appendingPathComponent("study.md")
  if ProcessInfo.processInfo.environment["PSD_UPDATE_GOLDEN"] == "1" {
    try actual.write(to: goldenURL, atomically: true, encoding: .utf8)
  }
  let expected = try String(contentsOf: goldenURL, encoding: .utf8)
  #expect(
    actual == expected, "Tests/ReportFixtures/study.md differs; PSD_UPDATE_GOLDEN=1 rewrites it (review the diff)")
}

@Test func reportIsReproducibleApartFromTimes() throws {
  let script = try String(contentsOf: fixtures.appendingPathComponent("study.psd"), encoding: .utf8)
  let first = maskTimes(report(of: script, named: "study.psd").0.markdown())
  let second = maskTimes(report(of: script, named: "study.psd").0.markdown())
  #expect(first == second)
  #expect(first.contains("| date | 2027-01-15T08:00:00Z |"))
}

@Test func reportListsInputFilesWithTheirChecksums() throws {
  let script = try String(contentsOf: fixtures.appendingPathComponent("study.psd"), encoding: .utf8)
  let (report, _) = report(of: script, named: "study.psd")
  let csv = try Data(contentsOf: fixtures.appendingPathComponent("applications.csv"))
  #expect(
    report.inputs == [
      NotebookReport.InputFile(
        path: "applications.csv", bytes: csv.count,
        sha256: SHA256.hex(of: Array(csv)))
    ])
  #expect(report.markdown().contains("| `applications.csv` | \(csv.count) | `\(SHA256.hex(of: Array(csv)))` |"))
}

@Test func reportShowsEveryStatementWithItsOutput() throws {
  let (report, _) = report(of: "print \"one\"\nset seed=3\nprint \"two\"\n", named: "t.psd")
  #expect(report.cells.map(\.line) == [1, 2, 3])
  let md = report.markdown()
  #expect(md.contains("### [1] t.psd:1 · "))
  #expect(md.contains("```psd\nprint \"one\"\n```\n\n```text\none\n```"))
  // A statement without output gets no empty output block.
  #expect(md.contains("```psd\nset seed=3\n```\n\n### [3]"))
  #expect(md.contains("| outcome | all 3 statements succeeded |"))
}

@Test func failedRunMarksTheCellAndStops() {
  let (report, outcome) = report(
    of: "print \"ok\"\nx = load \"applicatons.csv\"\nprint \"not reached\"\n", named: "f.psd")
  #expect(outcome == .failed(.io))
  #expect(report.cells.count == 2)
  let md = report.markdown()
  #expect(md.contains("### [2] f.psd:2 · ") && md.contains(" · **failed**"))
  #expect(md.contains("f.psd:2:10: error: no such file"))
  #expect(md.contains("note: did you mean 'applications.csv'?"))
  #expect(md.contains("stopped at the statement on line 2, which failed"))
  #expect(!md.contains("not reached\n```\n\n```text"))
}

@Test func outputCannotCloseItsCodeBlock() {
  let fenced = NotebookReport.fenced("a ``` b\n", info: "text")
  #expect(fenced == "````text\na ``` b\n````\n")
}

@Test func htmlIsSelfContainedAndEscaped() {
  let (report, _) = report(of: "print \"<script>alert(1)</script> & more\"\n", named: "h.psd")
  let html = report.html()
  #expect(html.hasPrefix("<!DOCTYPE html>"))
  #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
  #expect(!html.contains("<script"))
  #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<link"))
}

@Test func colourCodesAreStrippedFromReports() {
  #expect(NotebookReport.plain("\u{1B}[31mred\u{1B}[0m and plain") == "red and plain")
}

@Test func sha256MatchesKnownVectors() {
  #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  #expect(
    SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
      == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
}

@Test func fileChecksumEqualsInMemoryChecksumAcrossChunks() throws {
  // 1.25 MiB crosses the 1 MiB read chunks and leaves a partial 64-byte block.
  let bytes = (0..<(5 << 18) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("psd-sha-\(getpid()).bin")
  try Data(bytes).write(to: url)
  defer { try? FileManager.default.removeItem(at: url) }
  #expect(try SHA256.hex(ofFile: url.path) == SHA256.hex(of: bytes))
}

@Test func checksumOfAMissingFileIsAnIOError() {
  #expect(throws: PSDError.self) { try SHA256.hex(ofFile: "/nonexistent/psd-input.csv") }
}

@Test func commentsBecomeProseBeforeTheirStatement() {
  let script = """
    # Applications of the *sample*: the rows we study.
    #
    # A second paragraph.
    apps = load "applications.csv"
    x = 1  # a trailing comment stays in the source
    # About y.
    y = x + 1
    """
  let (report, outcome) = report(of: script, named: "prose.psd")
  #expect(outcome == .succeeded)
  #expect(
    report.cells.map(\.comment) == [
      "Applications of the *sample*: the rows we study.\n\nA second paragraph.", "", "About y."
    ])
  let md = report.markdown()
  #expect(
    md.contains("\nApplications of the \\*sample\\*: the rows we study.\n\nA second paragraph.\n\n### [1] prose.psd:4"),
    "\(md)")
  #expect(md.contains("\nAbout y.\n\n### [3] prose.psd:7"))
  #expect(report.html().contains("<p class=\"prose\">About y.</p>"))
}

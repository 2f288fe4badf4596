import Foundation
import Testing
import PSDCore
@testable import PSDNotebook

/// Golden scripts: each Tests/GoldenScripts/*.psd carries its expected output in comments,
/// `#> ` for output lines and `#! ` for error/warning lines, right after the statement that prints
/// them. The script runs from the repository root with width 100. A first line
/// `# golden: keep-going` keeps running after a failing statement (for error-message scripts).
/// PSD_UPDATE_GOLDEN=1 rewrites the expectations from the actual output (review the diff!).

private let goldenDirectory = repositoryRoot.appendingPathComponent("Tests/GoldenScripts")

private final class MarkedOutput: OutputSink {
  var lines: [String] = []
  private var pendingOut = ""
  private var pendingErr = ""
  func write(_ text: String) { append(text, marker: "#>", pending: &pendingOut) }
  func diagnostic(_ text: String) { append(text, marker: "#!", pending: &pendingErr) }
  private func append(_ text: String, marker: String, pending: inout String) {
    pending += text
    while let nl = pending.firstIndex(of: "\n") {
      let line = String(pending[..<nl])
      lines.append(line.isEmpty ? marker : "\(marker) \(line)")
      pending = String(pending[pending.index(after: nl)...])
    }
  }
}

private func goldenFiles() -> [String] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path)) ?? []
  return names.filter { $0.hasSuffix(".psd") }.sorted()
}

private func isExpectation(_ line: Substring) -> Bool {
  line == "#>" || line == "#!" || line.hasPrefix("#> ") || line.hasPrefix("#! ")
}

@Test(arguments: goldenFiles())
func goldenScript(_ name: String) throws {
  let url = goldenDirectory.appendingPathComponent(name)
  // Expectation lines shift the line numbers in messages, so update mode rewrites until stable.
  let updating = ProcessInfo.processInfo.environment["PSD_UPDATE_GOLDEN"] == "1"
  for _ in 0..<(updating ? 5 : 1) {
    let text = try String(contentsOf: url, encoding: .utf8)
    let sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let expected = sourceLines.filter(isExpectation).map(String.init)
    // A second run in update mode must not meet the first run's inputs as "files this session read".
    if updating { InputFiles.forgetAllForTesting() }
    let (session, out) = runGolden(text, name: name)
    if out.lines == expected { return }
    if !updating {
      #expect(out.lines == expected, "\(name): run with PSD_UPDATE_GOLDEN=1 to see the new output as a diff")
      return
    }
    try rewrite(url, sourceLines: sourceLines, session: session, allLines: out.lines)
  }
}

private func runGolden(_ text: String, name: String) -> (Session, MarkedOutput) {
  let out = MarkedOutput()
  var settings = Settings()
  settings.width = 100
  let session = Session(output: out, settings: settings)
  session.baseDirectory = repositoryRoot.path
  session.keepGoing = text.hasPrefix("# golden: keep-going")
  _ = session.run(script: text, file: name)
  return (session, out)
}

private func rewrite(_ url: URL, sourceLines: [Substring], session: Session, allLines: [String]) throws {
  // Re-run cell by cell is not needed: cells carry their combined output; markers come from allLines
  // in order, so split allLines by each cell's line count.
  var remaining = allLines[...]
  var insertAfter: [Int: [String]] = [:]   // 0-based source line index → expectation lines
  for cell in session.cells {
    let count = cell.output.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    let endLine = cell.line - 1 + cell.source.filter { $0 == "\n" }.count
    insertAfter[endLine, default: []] += remaining.prefix(count)
    remaining = remaining.dropFirst(count)
  }
  var result: [String] = []
  for (index, line) in sourceLines.enumerated() {
    if isExpectation(line) { continue }
    result.append(String(line))
    if let extra = insertAfter[index] { result += extra }
  }
  // Output not tied to a cell (syntax errors) goes at the end.
  if !remaining.isEmpty {
    if result.last == "" { result.removeLast() }
    result += remaining
    result.append("")
  }
  try result.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
}

import Foundation
import PSDCore
import PSDNotebook

/// Golden scripts: each Tests/GoldenScripts/*.psd carries its expected output in comments,
/// `#> ` for output lines and `#! ` for error/warning lines, right after the statement that prints
/// them. The script runs from the repository root with width 100. A first line
/// `# golden: keep-going` keeps running after a failing statement (for error-message scripts).
/// PSD_UPDATE_GOLDEN=1 rewrites the expectations from the actual output (review the diff!).
package enum GoldenScript {
  package static let directory = repositoryRoot.appendingPathComponent("Tests/GoldenScripts")

  /// The golden scripts' file names, sorted.
  package static func files() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".psd") }.sorted()
  }

  /// Runs the golden script `name`: nil when its output is what it expects, else a message showing
  /// the first differing line with its neighbours. With PSD_UPDATE_GOLDEN=1 the expectations are
  /// rewritten instead (nil is returned).
  package static func check(_ name: String, context: Int = 3) throws -> String? {
    let url = directory.appendingPathComponent(name)
    // Expectation lines shift the line numbers in messages, so update mode rewrites until stable.
    let updating = ProcessInfo.processInfo.environment["PSD_UPDATE_GOLDEN"] == "1"
    for _ in 0..<(updating ? 5 : 1) {
      let text = try String(contentsOf: url, encoding: .utf8)
      let sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let expected = sourceLines.indices.filter { isExpectation(sourceLines[$0]) }
      // A second run in update mode must not meet the first run's inputs as "files this session read".
      if updating { InputFiles.forgetAllForTesting() }
      let (session, out) = run(text, name: name)
      if out.lines == expected.map({ String(sourceLines[$0]) }) { return nil }
      if !updating {
        return "\(name): "
          + firstDifference(
            actual: out.lines, expected: expected.map { String(sourceLines[$0]) },
            expectedLineNumbers: expected.map { $0 + 1 }, context: context)
          + "\n(run with PSD_UPDATE_GOLDEN=1 to see the new output as a diff)"
      }
      try rewrite(url, sourceLines: sourceLines, session: session, allLines: out.lines)
    }
    return nil
  }

  /// The first line where `actual` and `expected` differ, with up to `context` lines either side
  /// of both, numbered (`expectedLineNumbers`: the expected lines' numbers in their file, when
  /// they are not simply 1, 2, 3...); `>` marks the differing line. Call it when they differ.
  package static func firstDifference(
    actual: [String], expected: [String], expectedLineNumbers: [Int]? = nil, context: Int = 3
  ) -> String {
    let index =
      zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(actual.count, expected.count)
    let numbers = expectedLineNumbers ?? Array(1...max(expected.count, 1))
    func excerpt(_ lines: [String], numbered: (Int) -> String) -> String {
      let low = max(0, min(index, lines.count) - context), high = min(lines.count, index + context + 1)
      if low >= high { return "    (nothing)" }
      return (low..<high).map { i in "\(i == index ? ">" : " ") \(numbered(i)) | \(lines[i])" }.joined(separator: "\n")
    }
    let expectedAt = index < expected.count ? "line \(numbers[index])" : "the end"
    let width = String((numbers.last ?? 1)).count
    func pad(_ n: Int) -> String { String(repeating: " ", count: max(0, width - String(n).count)) + String(n) }
    let shownExpected = excerpt(expected) { pad(numbers[$0]) }
    let shownActual = excerpt(actual) { pad($0 + 1) }
    return """
      output line \(index + 1) differs from the expectation at \(expectedAt) \
      (\(actual.count) output lines, \(expected.count) expected)
      expected (line in the file):
      \(shownExpected)
      actual (line of output):
      \(shownActual)
      """
  }

  static func isExpectation(_ line: Substring) -> Bool {
    line == "#>" || line == "#!" || line.hasPrefix("#> ") || line.hasPrefix("#! ")
  }

  static func run(_ text: String, name: String) -> (Session, MarkedOutput) {
    let out = MarkedOutput()
    var settings = Settings()
    settings.width = 100
    let session = Session(output: out, settings: settings)
    session.baseDirectory = repositoryRoot.path
    session.keepGoing = text.hasPrefix("# golden: keep-going")
    _ = session.run(script: text, file: name)
    return (session, out)
  }

  static func rewrite(_ url: URL, sourceLines: [Substring], session: Session, allLines: [String]) throws {
    // Re-run cell by cell is not needed: cells carry their combined output; markers come from allLines
    // in order, so split allLines by each cell's line count.
    var remaining = allLines[...]
    var insertAfter: [Int: [String]] = [:]  // 0-based source line index → expectation lines
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
}

/// An output sink writing each line as its golden expectation: `#> ` output, `#! ` diagnostics.
final class MarkedOutput: OutputSink {
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

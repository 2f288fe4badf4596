import Foundation
import PSDCore

/// An executed notebook: every top-level statement of a run as a cell with its output and time,
/// under a header naming the psd version, the date, the script and each input file with its
/// SHA-256. Two runs of a study with fixed seeds give the same report apart from times and date.
package struct NotebookReport: Sendable {
  package struct InputFile: Sendable, Equatable {
    package var path: String
    package var bytes: Int
    package var sha256: String
  }

  package var version: String
  /// UTC, ISO 8601 (`2026-11-29T05:30:12Z`).
  package var date: String
  /// The script as named on the command line (`<stdin>` for a pipe).
  package var script: String
  package var scriptSHA256: String?
  package var inputs: [InputFile]
  package var cells: [Cell]
  package var outcome: RunOutcome

  package init(
    version: String, date: String, script: String, scriptSHA256: String?, inputs: [InputFile],
    cells: [Cell], outcome: RunOutcome
  ) {
    self.version = version
    self.date = date
    self.script = script
    self.scriptSHA256 = scriptSHA256
    self.inputs = inputs
    self.cells = cells
    self.outcome = outcome
  }

  /// Collects a finished run. `scriptText` is checksummed as run (a pipe has no file to re-read);
  /// input files are checksummed now, from disk.
  package static func of(
    session: Session, script: String, scriptText: String?, outcome: RunOutcome,
    version: String = PSDVersion.current, date: Date = Date()
  ) throws -> NotebookReport {
    var inputs: [InputFile] = []
    for path in session.inputFiles {
      let resolved = session.resolvePath(path)
      let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
      inputs.append(InputFile(path: path, bytes: size, sha256: try SHA256.hex(ofFile: resolved)))
    }
    return NotebookReport(
      version: version, date: isoDate(date), script: script,
      scriptSHA256: scriptText.map { SHA256.hex(of: Array($0.utf8)) }, inputs: inputs,
      cells: session.cells, outcome: outcome)
  }

  static func isoDate(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: date)
  }

  /// "0.012 s": the one place times are formatted (golden tests mask this shape).
  static func seconds(_ s: Double) -> String { String(format: "%.3f s", s) }

  var totalSeconds: Double { cells.reduce(0) { $0 + $1.seconds } }

  var outcomeText: String {
    let n = cells.count
    switch outcome {
    case .succeeded: return "all \(n) statement\(n == 1 ? "" : "s") succeeded"
    case .syntaxError: return "syntax errors; nothing was run"
    case .failed:
      let line = cells.last(where: { !$0.succeeded })?.line
      return "stopped at the statement on line \(line.map(String.init) ?? "?"), which failed"
    case .interrupted: return "interrupted (Ctrl-C) after \(n) statement\(n == 1 ? "" : "s")"
    }
  }

  /// A cell's comment text split into paragraphs (at blank comment lines).
  static func paragraphs(_ comment: String) -> [String] {
    comment.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
      .filter { !$0.isEmpty }
  }

  /// Terminal colour codes have no place in a document.
  static func plain(_ text: String) -> String {
    guard text.contains("\u{1B}") else { return text }
    var out = ""
    var it = text.unicodeScalars.makeIterator()
    while let c = it.next() {
      if c == "\u{1B}" {
        // CSI: ESC [ parameters final-byte(0x40...0x7E)
        if let next = it.next(), next == "[" {
          while let p = it.next(), !(0x40...0x7E).contains(p.value) {}
        }
        continue
      }
      out.unicodeScalars.append(c)
    }
    return out
  }
}

import Foundation
import PSDCore
import PSDNotebook

/// `psd study.psd` and `psd < study.psd`: the whole script is parsed first (all syntax errors
/// reported, nothing run), then it runs top to bottom and stops at the first failing statement.
struct ScriptRunner {
  let session: Session
  let reportPath: String?

  /// Fails before the study runs when the report could never be written (a long run would be lost).
  static func checkReportDestination(_ path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw PSDError.io("cannot write the report '\(path)': no directory '\(directory)'")
    }
    guard access(directory, W_OK) == 0 else {
      throw PSDError.io("cannot write the report '\(path)': directory '\(directory)' is not writable")
    }
    // The rest of AtomicFile's rules (not the script itself, not a FIFO, not read-only), before
    // the study runs rather than after.
    _ = try AtomicFile.destination(path)
  }

  func run(source: String, file: String) -> ExitCode {
    let outcome = session.run(script: source, file: file)
    var code: ExitCode
    switch outcome {
    case .succeeded: code = .ok
    case .syntaxError, .failed: code = .scriptError
    case .interrupted: code = .interrupted
    }
    if code == .interrupted {
      TerminalOutput.put("psd: interrupted; the script stopped\n", to: STDERR_FILENO)
    }
    if let reportPath {
      // A report is written for failed runs too: it shows where the study stopped and why.
      do {
        let report = try NotebookReport.of(session: session, script: file, scriptText: source, outcome: outcome)
        let text =
          reportPath.lowercased().hasSuffix(".html") || reportPath.lowercased().hasSuffix(".htm")
          ? report.html() : report.markdown()
        try ScriptRunner.write(text, to: reportPath)
      } catch {
        TerminalOutput.put("psd: cannot write the report '\(reportPath)': \(error)\n", to: STDERR_FILENO)
        if code == .ok { code = .ioError }
      }
    }
    return code
  }

  /// Temporary file + rename (AtomicFile): an interrupted run never leaves half a report, and an
  /// existing report is replaced in one step.
  static func write(_ text: String, to path: String) throws {
    try AtomicFile.write(Data(text.utf8), to: path)
  }

  /// The script's text. A file that is not valid UTF-8 is an input error (66), not a script error.
  static func read(path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      var notes: [String] = []
      if CommandTable.byName[path] != nil {
        notes.append(
          "'\(path)' is a command: type it at the psd prompt, or run: echo '\(path)' | psd  (psd --help for the command line)"
        )
      }
      throw PSDError.io("cannot open '\(path)': no such file", notes: notes)
    }
    if isDirectory.boolValue { throw PSDError.io("cannot run '\(path)': it is a directory") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PSDError.io("cannot read '\(path)': permission denied or unreadable")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw PSDError.io("cannot run '\(path)': it is not UTF-8 text")
    }
    return text
  }

  /// Everything on standard input, and the name to report it under: a redirected file keeps its
  /// own name (via /proc/self/fd/0), so `psd < study.psd` prints what `psd study.psd` prints.
  static func readStandardInput() throws -> (text: String, name: String) {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let text = String(data: data, encoding: .utf8) else {
      throw PSDError.io("standard input is not UTF-8 text")
    }
    return (text, standardInputName())
  }

  static func standardInputName() -> String {
    var st = stat()
    guard fstat(STDIN_FILENO, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
      let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/0")
    else { return "<stdin>" }
    let cwd = FileManager.default.currentDirectoryPath
    let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
    return target.hasPrefix(prefix) ? String(target.dropFirst(prefix.count)) : target
  }
}

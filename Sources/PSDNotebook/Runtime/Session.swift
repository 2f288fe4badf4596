import Foundation
import PSDCore
import PSDData
import PSDLanguage

/// One executed statement, as a notebook cell: its text, its output and how long it took.
package struct Cell: Sendable {
  package var file: String
  package var line: Int
  package var source: String
  /// Everything the statement printed (output and diagnostics, interleaved).
  package var output: String
  package var seconds: Double
  package var succeeded: Bool
  /// Charts the statement drew; the HTML report shows them instead of the terminal text.
  package var figures: [Figure] = []
  /// The script's `#` comment lines just before the statement, without the `#` (reports show them
  /// as prose; a `#` line alone separates paragraphs).
  package var comment = ""
}

/// A chart as an SVG document, with the notes said under it (missing rows, calibration error).
package struct Figure: Sendable {
  package var svg: String
  package var notes: [String]
}

/// How a script run ended; the executable maps it to an exit code.
package enum RunOutcome: Sendable, Equatable {
  case succeeded
  /// The script has syntax errors; nothing ran.
  case syntaxError
  /// A statement failed; the statements before it ran.
  case failed(PSDError.Kind)
  case interrupted
}

/// A notebook session: the names bound so far, the settings, and the statements that ran.
/// One session serves the REPL, a script run and a report.
package final class Session {
  package private(set) var bindings: [String: Value] = [:]
  /// Names a `forget` removed (a later use says so; one bound again is simply bound).
  private(set) var forgotten: Set<String> = []
  package var settings = Settings()
  /// Statements that succeeded, in order (for `history` and `save session`).
  package private(set) var history: [String] = []
  /// Every top-level statement run, with its output (for reports).
  package private(set) var cells: [Cell] = []
  /// Files read by `load` and friends, in first-read order (report headers list them).
  package private(set) var inputFiles: [String] = []
  /// Script files being run, outermost first (for `run` nesting and cycle detection).
  private var fileStack: [String] = []
  /// Source text per file name, for echoing the offending line under an error.
  private var sources: [String: String] = [:]
  private var cellOutput: String?
  private var cellFigures: [Figure] = []
  /// While above zero, statement output is dropped (`run "x.psd" quiet=true`); errors still show.
  private var quietDepth = 0
  package let output: OutputSink
  /// Interrupt flag shared with the SIGINT handler (the REPL clears it before each statement).
  package var interrupt: InterruptFlag?
  /// Progress reporting for long commands (the terminal front end renders it on stderr).
  package var progress: (@Sendable (ProgressEvent) -> Void)?
  /// Called after each top-level statement (the terminal front end erases its progress line).
  package var statementFinished: (() -> Void)?
  /// Keep running after a failing statement (golden tests of error messages).
  package var keepGoing = false
  /// Where relative paths are resolved (the current directory by default).
  package var baseDirectory: String?

  package static let maximumRunDepth = 16

  package init(output: OutputSink, settings: Settings = Settings()) {
    self.output = output
    self.settings = settings
  }

  // MARK: running

  /// Runs a whole script: every syntax error is reported before anything runs; then statements
  /// run top to bottom, stopping at the first failure (unless `keepGoing`).
  @discardableResult
  package func run(script source: String, file: String) -> RunOutcome {
    process(source, file: file, as: .script).outcome
  }

  /// Where psd text comes from. Scripts, REPL entries, piped input and nested `run` all go
  /// through `process`, so they are checked, run and stopped by the same rules.
  enum InputKind {
    /// A whole script (`psd study.psd`, `psd < study.psd`): errors are counted in a closing line.
    case script
    /// One complete REPL entry: its errors are shown, with no summary.
    case entry
    /// `run "other.psd"` inside a statement: no cells of its own, never `keepGoing`.
    case nested
  }

  /// The one input loop: records the text as an input, reports every syntax and check error
  /// before anything runs, then runs the statements top to bottom and stops at the first
  /// failure (unless `keepGoing` at top level). Returns the outcome and, when a statement
  /// failed, its line; a `.syntaxError` outcome comes with what was found.
  func process(_ source: String, file: String, as kind: InputKind) -> (
    outcome: RunOutcome, failedLine: Int?, onlySyntaxErrors: Bool
  ) {
    sources[file] = source
    // The script is an input: no save or report may write over it.
    InputFiles.record(resolvePath(file))
    let parsed = Parser.parse(source, file: file)
    let found = check(parsed)
    if !found.isEmpty {
      for d in found { emitDiagnostic(d.rendered(source: source) + "\n") }
      let count = found.count
      let onlySyntax = found.count == parsed.diagnostics.count
      if kind == .script {
        let what = onlySyntax ? "syntax error" : "error"
        emitDiagnostic("\(count) \(what)\(count == 1 ? "" : "s"); nothing was run\n")
      }
      return (.syntaxError, nil, onlySyntax)
    }
    fileStack.append(file)
    defer { fileStack.removeLast() }
    var outcome = RunOutcome.succeeded
    var failedLine: Int?
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    var previousEnd = 0  // lines before this index belong to earlier statements
    for statement in parsed.statements {
      // Ctrl-C between statements (or during one that never checks) stops the script here.
      if interrupt?.isRaised == true {
        if kind != .nested { emitDiagnostic("interrupted: stopped before \(file):\(statement.location.line)\n") }
        return (.interrupted, statement.location.line, false)
      }
      let result: RunOutcome
      if kind == .nested {
        // A nested script's statements belong to the cell of the `run` that started it.
        result = execute(statement)
      } else {
        let comment = Session.comment(lines, from: previousEnd, before: statement.location.line - 1)
        previousEnd = statement.location.line + statement.text.filter { $0 == "\n" }.count
        result = runCell(statement, comment: comment)
      }
      if result != .succeeded {
        if failedLine == nil { failedLine = statement.location.line }
        if result == .interrupted { return (.interrupted, statement.location.line, false) }
        if outcome == .succeeded { outcome = result }
        if !keepGoing || kind == .nested { return (result, statement.location.line, false) }
      }
    }
    return (outcome, failedLine, false)
  }

  /// Syntax errors, then what the command table tells before running (unknown commands and
  /// options, wrong option kinds and arity, names used before they are assigned): all of them,
  /// in script order. Golden scripts of runtime errors (`keepGoing`) meet each one as it runs.
  private func check(_ parsed: ParsedScript) -> [Diagnostic] {
    if keepGoing { return parsed.diagnostics }
    var all = parsed.diagnostics
    all += ScriptChecker.check(
      parsed.statements, known: Set(bindings.keys).union(parsed.unparsedTargets),
      forgotten: forgotten)
    all.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    if all.count > Parser.maxDiagnostics + 1 { all.removeLast(all.count - Parser.maxDiagnostics - 1) }
    return all
  }

  /// Runs one REPL entry (one or more statements); the REPL has checked it is complete.
  @discardableResult
  package func run(entry source: String, file: String = "<stdin>") -> RunOutcome {
    process(source, file: file, as: .entry).outcome
  }

  /// True when `source` ends inside an open bracket: the REPL reads a continuation line.
  package static func isIncomplete(_ source: String) -> Bool { Parser.isIncomplete(source) }

  /// The full-line `#` comments in lines `from..<before` (0-based), `#` and one space removed;
  /// an empty comment line starts a new paragraph. Golden expectations (`#>`, `#!`) are left out.
  static func comment(_ lines: [Substring], from: Int, before: Int) -> String {
    var out: [String] = []
    for line in lines[min(from, lines.count)..<min(max(from, before), lines.count)] {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      guard trimmed.hasPrefix("#") else {
        if !out.isEmpty && out.last != "" { out.append("") }
        continue
      }
      if trimmed.hasPrefix("#>") || trimmed.hasPrefix("#!") || trimmed.hasPrefix("# golden:") { continue }
      var text = trimmed.dropFirst()
      if text.first == " " { text = text.dropFirst() }
      let value = String(text).trimmingCharacters(in: .whitespaces)
      if value.isEmpty { if !out.isEmpty && out.last != "" { out.append("") } } else { out.append(value) }
    }
    while out.last == "" { out.removeLast() }
    return out.reduce("") { acc, line in
      line.isEmpty ? acc + "\n\n" : acc.isEmpty || acc.hasSuffix("\n\n") ? acc + line : acc + " " + line
    }
  }

  private func runCell(_ statement: Statement, comment: String = "") -> RunOutcome {
    let started = DispatchTime.now().uptimeNanoseconds
    cellOutput = ""
    cellFigures = []
    let outcome = execute(statement)
    statementFinished?()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    if settings.timer { emitDiagnostic("(\(String(format: "%.3f", seconds)) s)\n") }
    cells.append(
      Cell(
        file: statement.location.file, line: statement.location.line, source: statement.text,
        output: cellOutput ?? "", seconds: seconds, succeeded: outcome == .succeeded,
        figures: cellFigures, comment: comment))
    cellOutput = nil
    return outcome
  }

  /// Runs one statement. On success its results are bound; on failure nothing changes.
  func execute(_ statement: Statement) -> RunOutcome {
    if let expression = statement.expression { return executeValue(statement, expression) }
    guard let spec = CommandTable.byName[statement.command] else {
      // `fn` or `b = a`: a bound name alone shows (or copies) its value.
      if statement.arguments.isEmpty, bindings[statement.command] != nil {
        let name = Expr(.name(statement.command), at: statement.commandLocation, text: statement.command)
        return executeValue(statement, name)
      }
      var notes: [String] = []
      if let best = Suggestions.closest(to: statement.command, among: CommandTable.names) {
        notes.append("did you mean '\(best)'?")
      } else {
        notes.append("type 'help' for the list of commands")
      }
      report(
        Diagnostic(
          at: statement.commandLocation, "unknown command '\(statement.command)'",
          notes: notes, length: statement.command.count))
      return .failed(.usage)
    }
    if !spec.acceptsFreeOptions {
      let known = spec.options.map(\.name)
      for option in statement.options where !known.contains(option.name) {
        report(ScriptChecker.unknownOption(option, of: spec))
        return .failed(.usage)
      }
    }
    let control = TaskControl(interrupt: interrupt, progress: progress)
    let context = CommandContext(statement: statement, spec: spec, session: self, control: control)
    do {
      try spec.run(context)
      try context.finish()
      if !statement.targets.isEmpty {
        if context.results.isEmpty {
          throw Diagnostic(
            at: statement.location, "\(spec.name) returns no value to bind to '\(statement.targets[0].name)'")
        }
        if context.results.count != statement.targets.count {
          let n = context.results.count
          throw Diagnostic(
            at: statement.location,
            "\(spec.name) returns \(n) value\(n == 1 ? "" : "s"), but \(statement.targets.count) name\(statement.targets.count == 1 ? " is" : "s are") given",
            notes: n > 1 ? ["write: " + (1...n).map { "v\($0)" }.joined(separator: ", ") + " = \(spec.name) ..."] : [])
        }
      }
    } catch let d as Diagnostic {
      report(d)
      return .failed(.usage)
    } catch let e as PSDError {
      if e.kind == .cancelled {
        emitDiagnostic("interrupted: \(statement.command) was cancelled; nothing changed\n")
        return .interrupted
      }
      report(
        Diagnostic(
          at: location(of: e.subject, in: statement), e.message, notes: e.notes,
          length: e.subject?.count ?? statement.command.count))
      return .failed(e.kind)
    } catch {
      report(Diagnostic(at: statement.commandLocation, "\(error)"))
      return .failed(.data)
    }
    // Commit: nothing above changed the session.
    if let newSettings = context.newSettings { settings = newSettings }
    for (name, value) in context.rebinds { bindings[name] = value }
    for name in context.forgets {
      bindings[name] = nil
      forgotten.insert(name)
    }
    for (target, value) in zip(statement.targets, context.results) { bindings[target.name] = value }
    for file in context.inputFiles where !inputFiles.contains(file) { inputFiles.append(file) }
    for file in context.inputFiles { InputFiles.record(resolvePath(file)) }
    emit(context.output)
    cellFigures += context.figures
    if statement.targets.isEmpty, let value = context.results.first, context.results.count == 1,
      context.output.isEmpty
    {
      emit(value.summary + "\n")
    }
    // Every assignment says what it made, in one line, unless the command already said it.
    if !statement.targets.isEmpty && context.output.isEmpty {
      emit(Session.assignmentLine(statement.targets.map(\.name), context.results, note: context.resultNote) + "\n")
    }
    if fileStack.count <= 1 { history.append(statement.text) }
    return .succeeded
  }

  /// `s: frame 2,062 rows × 122 columns; kept 2,062 of 3,001 rows (68.7%)`; several targets
  /// share the line (`tr: ...; te: ...`) unless the command's note says it for all of them.
  static func assignmentLine(_ names: [String], _ values: [Value], note: String?) -> String {
    if names.count > 1, let note { return names.joined(separator: ", ") + ": " + note }
    var line = zip(names, values).map { "\($0): \($1.summary)" }.joined(separator: "; ")
    if let note { line += "; " + note }
    return line
  }

  /// A value statement: `t = 0.07`, `r = fn / fp`, `m2 = m`, or a bare `e.auc` / `app` / `m`
  /// that shows the value (a frame's first rows, a model's summary, a record's fields).
  private func executeValue(_ statement: Statement, _ expression: Expr) -> RunOutcome {
    let value: Value
    do {
      if statement.targets.count > 1 {
        throw Diagnostic(
          at: statement.targets[1].location,
          "a value gives one result, but \(statement.targets.count) names are given",
          length: statement.targets[1].name.count)
      }
      value = try evaluate(expression)
    } catch let d as Diagnostic {
      report(d)
      return .failed(.usage)
    } catch {
      report(Diagnostic(at: expression.location, "\(error)"))
      return .failed(.usage)
    }
    if let target = statement.targets.first {
      bindings[target.name] = value
      emit(Session.assignmentLine([target.name], [value], note: nil) + "\n")
    } else {
      switch value {
      case .frame where expression.name != nil:
        // A frame's name alone is `show NAME`.
        var show = statement
        show.command = "show"
        show.expression = nil
        show.arguments = [.positional(expression)]
        return execute(show)
      case .model(let m):
        emit(m.headline + "\n")
        for key in m.summary.keys.sorted() { emit("  \(key): \(m.summary[key] ?? "")\n") }
      case .record(let r):
        emit("\(expression.text): \(r.kind)\n")
        let width = r.fieldNames.map(\.count).max() ?? 0
        for field in r.fields {
          let text: String
          if case .number(let v) = field.value, v != v.rounded() {
            text = Format.fixed(v)
          } else {
            text = field.value.summary
          }
          emit("  " + Format.pad(field.name, width) + "  " + text + "\n")
        }
      default:
        emit(value.summary + "\n")
      }
    }
    if fileStack.count <= 1 { history.append(statement.text) }
    return .succeeded
  }

  /// Runs another script inside this session (`run "other.psd"`).
  func runNested(path: String, at expr: Expr, quiet: Bool = false) throws {
    if quiet { quietDepth += 1 }
    defer { if quiet { quietDepth -= 1 } }
    let resolved = resolvePath(path)
    if fileStack.count >= Session.maximumRunDepth {
      throw PSDError.usage("run: scripts nested more than \(Session.maximumRunDepth) deep")
    }
    let absolute = URL(fileURLWithPath: resolved).standardizedFileURL.path
    let openFiles = fileStack.map { URL(fileURLWithPath: resolvePath($0)).standardizedFileURL.path }
    if openFiles.contains(absolute) {
      throw PSDError.usage(
        "run: '\(path)' is already running (a cycle: \((fileStack + [path]).joined(separator: " → ")))",
        subject: path)
    }
    guard let data = FileManager.default.contents(atPath: resolved),
      let text = String(data: data, encoding: .utf8)
    else {
      throw PSDError.io("cannot read script '\(path)'")
    }
    let (outcome, failedLine, onlySyntax) = process(text, file: path, as: .nested)
    switch outcome {
    case .succeeded: return
    case .interrupted: throw PSDError(.cancelled, "interrupted")
    case .syntaxError:
      throw PSDError.usage(
        "run: '\(path)' has \(onlySyntax ? "syntax " : "")errors; nothing in it was run")
    case .failed(let kind):
      throw PSDError(kind, "run: '\(path)' stopped at line \(failedLine ?? 0)")
    }
  }

  // MARK: output

  func emit(_ text: String) {
    if quietDepth > 0 { return }
    let shown = TerminalText.present(text, settings)
    cellOutput? += shown
    output.write(shown)
  }

  func emitDiagnostic(_ text: String) {
    let shown = TerminalText.present(text, settings)
    cellOutput? += shown
    output.diagnostic(shown)
  }

  private func report(_ d: Diagnostic) {
    emitDiagnostic(d.rendered(source: sources[d.location.file]) + "\n")
  }

  /// The location of the argument an error is about (its `subject`), else the command word.
  private func location(of subject: String?, in statement: Statement) -> SourceLocation {
    guard let subject else { return statement.commandLocation }
    func find(_ e: Expr) -> SourceLocation? {
      switch e.kind {
      case .name(let n) where n == subject: return e.location
      case .string(let s) where s == subject: return e.location
      case .member(_, let c) where c == subject:
        var loc = e.location
        let prefix = e.text.utf8.count - c.utf8.count
        loc.column += e.text.count - c.count
        loc.offset += prefix
        return loc
      case .list(let items): return items.lazy.compactMap(find).first
      case .call(_, let args): return args.lazy.compactMap(find).first
      case .unary(_, let a): return find(a)
      case .binary(_, let a, let b): return find(a) ?? find(b)
      case .isMissing(let a, _): return find(a)
      case .block(let entries):
        for entry in entries { if let l = (entry.keys + entry.words).lazy.compactMap(find).first { return l } }
        return nil
      default: return nil
      }
    }
    for argument in statement.arguments {
      switch argument {
      case .positional(let e): if let l = find(e) { return l }
      case .option(let o):
        if o.name == subject { return o.nameLocation }
        if let l = find(o.value) { return l }
      }
    }
    return statement.commandLocation
  }

  // MARK: names and values

  /// Binds a name directly (front ends and tests; statements bind through results).
  package func bind(_ name: String, _ value: Value) { bindings[name] = value }

  package func value(named name: String) -> Value? { bindings[name] }

  /// Paths in statements are relative to `baseDirectory` when set.
  package func resolvePath(_ path: String) -> String {
    if path.hasPrefix("/") || path.hasPrefix("~") {
      return (path as NSString).expandingTildeInPath
    }
    guard let base = baseDirectory else { return path }
    return (base as NSString).appendingPathComponent(path)
  }

}

import Foundation
import PSDCore
import PSDData
import PSDLanguage

/// One executed statement, as a notebook cell: its text, its output and how long it took.
public struct Cell: Sendable {
  public var file: String
  public var line: Int
  public var source: String
  /// Everything the statement printed (output and diagnostics, interleaved).
  public var output: String
  public var seconds: Double
  public var succeeded: Bool
  /// Charts the statement drew; the HTML report shows them instead of the terminal text.
  public var figures: [Figure] = []
  /// The script's `#` comment lines just before the statement, without the `#` (reports show them
  /// as prose; a `#` line alone separates paragraphs).
  public var comment = ""
}

/// A chart as an SVG document, with the notes said under it (missing rows, calibration error).
public struct Figure: Sendable {
  public var svg: String
  public var notes: [String]
}

/// How a script run ended; the executable maps it to an exit code.
public enum RunOutcome: Sendable, Equatable {
  case succeeded
  /// The script has syntax errors; nothing ran.
  case syntaxError
  /// A statement failed; the statements before it ran.
  case failed(PSDError.Kind)
  case interrupted
}

/// A notebook session: the names bound so far, the settings, and the statements that ran.
/// One session serves the REPL, a script run and a report.
public final class Session {
  public private(set) var bindings: [String: Value] = [:]
  public var settings = Settings()
  /// Statements that succeeded, in order (for `history` and `save session`).
  public private(set) var history: [String] = []
  /// Every top-level statement run, with its output (for reports).
  public private(set) var cells: [Cell] = []
  /// Files read by `load` and friends, in first-read order (report headers list them).
  public private(set) var inputFiles: [String] = []
  /// Script files being run, outermost first (for `run` nesting and cycle detection).
  private var fileStack: [String] = []
  /// Source text per file name, for echoing the offending line under an error.
  private var sources: [String: String] = [:]
  private var cellOutput: String?
  private var cellFigures: [Figure] = []
  /// While above zero, statement output is dropped (`run "x.psd" quiet=true`); errors still show.
  private var quietDepth = 0
  public let output: OutputSink
  /// Interrupt flag shared with the SIGINT handler (the REPL clears it before each statement).
  public var interrupt: InterruptFlag?
  /// Progress reporting for long commands (the terminal front end renders it on stderr).
  public var progress: (@Sendable (ProgressEvent) -> Void)?
  /// Called after each top-level statement (the terminal front end erases its progress line).
  public var statementFinished: (() -> Void)?
  /// Keep running after a failing statement (golden tests of error messages).
  public var keepGoing = false
  /// Where relative paths are resolved (the current directory by default).
  public var baseDirectory: String?

  public static let maximumRunDepth = 16
  /// Whether the last rejected input had syntax errors only (for `run`'s message).
  private var lastCheckFoundOnlySyntax = false

  public init(output: OutputSink, settings: Settings = Settings()) {
    self.output = output
    self.settings = settings
  }

  // MARK: running

  /// Runs a whole script: every syntax error is reported before anything runs; then statements
  /// run top to bottom, stopping at the first failure (unless `keepGoing`).
  @discardableResult
  public func run(script source: String, file: String) -> RunOutcome {
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
  func process(_ source: String, file: String, as kind: InputKind) -> (outcome: RunOutcome, failedLine: Int?) {
    lastCheckFoundOnlySyntax = false
    sources[file] = source
    // The script is an input: no save or report may write over it.
    InputFiles.record(resolvePath(file))
    let parsed = Parser.parse(source, file: file)
    let found = check(parsed)
    if !found.isEmpty {
      for d in found { emitDiagnostic(d.rendered(source: source) + "\n") }
      let count = found.count
      lastCheckFoundOnlySyntax = found.count == parsed.diagnostics.count
      if kind == .script {
        let what = lastCheckFoundOnlySyntax ? "syntax error" : "error"
        emitDiagnostic("\(count) \(what)\(count == 1 ? "" : "s"); nothing was run\n")
      }
      return (.syntaxError, nil)
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
        return (.interrupted, statement.location.line)
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
        if result == .interrupted { return (.interrupted, statement.location.line) }
        if outcome == .succeeded { outcome = result }
        if !keepGoing || kind == .nested { return (result, statement.location.line) }
      }
    }
    return (outcome, failedLine)
  }

  /// Syntax errors, then what the command table tells before running (unknown commands and
  /// options, wrong option kinds and arity, names used before they are assigned): all of them,
  /// in script order. Golden scripts of runtime errors (`keepGoing`) meet each one as it runs.
  private func check(_ parsed: ParsedScript) -> [Diagnostic] {
    if keepGoing { return parsed.diagnostics }
    var all = parsed.diagnostics
    all += ScriptChecker.check(parsed.statements, known: Set(bindings.keys).union(parsed.unparsedTargets))
    all.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    if all.count > Parser.maxDiagnostics + 1 { all.removeLast(all.count - Parser.maxDiagnostics - 1) }
    return all
  }

  /// Runs one REPL entry (one or more statements); the REPL has checked it is complete.
  @discardableResult
  public func run(entry source: String, file: String = "<stdin>") -> RunOutcome {
    process(source, file: file, as: .entry).outcome
  }

  /// True when `source` ends inside an open bracket: the REPL reads a continuation line.
  public static func isIncomplete(_ source: String) -> Bool { Parser.isIncomplete(source) }

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
    cells.append(Cell(file: statement.location.file, line: statement.location.line, source: statement.text,
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
      report(Diagnostic(at: statement.commandLocation, "unknown command '\(statement.command)'",
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
          throw Diagnostic(at: statement.location, "\(spec.name) returns no value to bind to '\(statement.targets[0].name)'")
        }
        if context.results.count != statement.targets.count {
          let n = context.results.count
          throw Diagnostic(at: statement.location,
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
      report(Diagnostic(at: location(of: e.subject, in: statement), e.message, notes: e.notes,
                        length: e.subject?.count ?? statement.command.count))
      return .failed(e.kind)
    } catch {
      report(Diagnostic(at: statement.commandLocation, "\(error)"))
      return .failed(.data)
    }
    // Commit: nothing above changed the session.
    if let newSettings = context.newSettings { settings = newSettings }
    for (name, value) in context.rebinds { bindings[name] = value }
    for (target, value) in zip(statement.targets, context.results) { bindings[target.name] = value }
    for file in context.inputFiles where !inputFiles.contains(file) { inputFiles.append(file) }
    for file in context.inputFiles { InputFiles.record(resolvePath(file)) }
    emit(context.output)
    cellFigures += context.figures
    if statement.targets.isEmpty, let value = context.results.first, context.results.count == 1,
       context.output.isEmpty {
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
        throw Diagnostic(at: statement.targets[1].location,
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
          if case .number(let v) = field.value, v != v.rounded() { text = Format.fixed(v) } else { text = field.value.summary }
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
      throw PSDError.usage("run: '\(path)' is already running (a cycle: \((fileStack + [path]).joined(separator: " → ")))",
                           subject: path)
    }
    guard let data = FileManager.default.contents(atPath: resolved),
          let text = String(data: data, encoding: .utf8) else {
      throw PSDError.io("cannot read script '\(path)'")
    }
    let (outcome, failedLine) = process(text, file: path, as: .nested)
    switch outcome {
    case .succeeded: return
    case .interrupted: throw PSDError(.cancelled, "interrupted")
    case .syntaxError:
      throw PSDError.usage("run: '\(path)' has \(lastCheckFoundOnlySyntax ? "syntax " : "")errors; nothing in it was run")
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
  public func bind(_ name: String, _ value: Value) { bindings[name] = value }

  public func value(named name: String) -> Value? { bindings[name] }

  /// Paths in statements are relative to `baseDirectory` when set.
  public func resolvePath(_ path: String) -> String {
    if path.hasPrefix("/") || path.hasPrefix("~") {
      return (path as NSString).expandingTildeInPath
    }
    guard let base = baseDirectory else { return path }
    return (base as NSString).appendingPathComponent(path)
  }

  func lookup(_ name: String, at expr: Expr) throws -> Value {
    if let v = bindings[name] { return v }
    var notes: [String] = []
    if let best = Suggestions.closest(to: name, among: Array(bindings.keys)) {
      notes.append("did you mean '\(best)'?")
    } else if bindings.isEmpty {
      notes.append("nothing is bound yet: start with  x = load \"file.csv\"")
    }
    throw Diagnostic(at: expr.location, "no name '\(name)' in this session", notes: notes, length: name.count)
  }

  func frame(_ expr: Expr) throws -> DataFrame {
    guard let name = expr.name else {
      throw Diagnostic(at: expr.location, "expected the name of a frame, found \(expr.text)", length: expr.text.count)
    }
    let v = try lookup(name, at: expr)
    guard case .frame(let f) = v else {
      var notes: [String] = []
      if case .warehouseFrame = v {
        notes = ["its rows stay in the warehouse until pulled: x = collect \(name)  (or x = sample \(name) by TARGET n=10000)"]
      }
      throw Diagnostic(at: expr.location, "'\(name)' is \(v.kindWithArticle), not a frame", notes: notes, length: name.count)
    }
    return f
  }

  func columnName(_ expr: Expr, in frame: DataFrame, frameName: String) throws -> String {
    let name: String
    switch expr.kind {
    case .name(let n): name = n
    case .string(let s): name = s
    case .member(let base, let c):
      if base != frameName {
        throw Diagnostic(at: expr.location, "\(expr.text) is a column of '\(base)', but this statement works on '\(frameName)'",
                         length: expr.text.count)
      }
      name = c
    default:
      throw Diagnostic(at: expr.location, "expected a column name, found \(expr.text)", length: expr.text.count)
    }
    if frame.columnIndex(name) != nil { return name }
    var location = expr.location
    if case .member(let base, _) = expr.kind {
      location.column += base.count + 1
      location.offset += base.utf8.count + 1
    }
    var notes: [String] = []
    if let best = Suggestions.closest(to: name, among: frame.columnNames) { notes.append("did you mean '\(best)'?") }
    throw Diagnostic(at: location, "no column '\(name)' in '\(frameName)'", notes: notes, length: name.count)
  }

  func columnNames(_ expr: Expr, in frame: DataFrame, frameName: String) throws -> [String] {
    if case .list(let items) = expr.kind {
      return try items.map { try columnName($0, in: frame, frameName: frameName) }
    }
    return [try columnName(expr, in: frame, frameName: frameName)]
  }

  /// Names as plain strings: `A`, `"A"`, `[A, "B"]`.
  func plainNames(_ expr: Expr) throws -> [String] {
    switch expr.kind {
    case .name(let n): return [n]
    case .string(let s): return [s]
    case .member(_, let c): return [c]
    case .list(let items): return try items.flatMap { try plainNames($0) }
    default:
      throw Diagnostic(at: expr.location, "expected a name or a list of names, found \(expr.text)", length: expr.text.count)
    }
  }

  /// A value: a literal, a list, a bound name, a record's field (`e.auc`), or arithmetic,
  /// comparisons and `and`/`or`/`not` over them (`fn * 2`, `t > 0.05`, `level + " loans"`).
  func evaluate(_ expr: Expr) throws -> Value {
    switch expr.kind {
    case .number(let v): return .number(v)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    case .list(let items): return .list(try items.map { try evaluate($0) })
    case .name(let n): return try lookup(n, at: expr)
    case .member(let base, let field): return try member(base, field, in: expr)
    case .unary(let op, let inner):
      return try ScalarArithmetic.unary(op, try evaluate(inner), expr: expr)
    case .binary(let op, _, _):
      if op == ":" { break }
      return try evaluateChain(expr)
    case .isMissing(let inner, let negated):
      let v = try evaluate(inner)
      var isMissing = false
      if case .missing = v { isMissing = true }
      if case .number(let x) = v, x.isNaN { isMissing = true }
      return .bool(isMissing != negated)
    case .call(let f, let args):
      return try ScalarArithmetic.call(f, try args.map { try evaluate($0) }, expr: expr)
    case .block: break
    }
    throw Diagnostic(at: expr.location, "expected a value, found \(expr.text)",
                     notes: ["blocks like {COL: mean} are for aggregate and load types="], length: expr.text.count)
  }

  /// `1 + 2 + ... + 2000`: the left-leaning chain an operator sequence parses to, folded in a
  /// loop (a statement may hold 2,000 terms; recursion that deep overflows the stack).
  @inline(never)
  private func evaluateChain(_ expr: Expr) throws -> Value {
    var spine: [Expr] = []
    var node = expr
    while case .binary(let op, let left, _) = node.kind, op != ":" {
      spine.append(node)
      node = left
    }
    var value = try evaluate(node)
    for step in spine.reversed() {
      guard case .binary(let op, _, let right) = step.kind else { continue }
      value = try ScalarArithmetic.binary(op, value, try evaluate(right), expr: step)
    }
    return value
  }

  /// `e.auc`: a field of a record. `app.AMT_CREDIT` is a column, not one value.
  private func member(_ base: String, _ field: String, in expr: Expr) throws -> Value {
    let value = try lookup(base, at: Expr(.name(base), at: expr.location, text: base))
    var location = expr.location
    location.column += base.count + 1
    location.offset += base.utf8.count + 1
    switch value {
    case .record(let r):
      if let v = r.field(field) { return v }
      var notes: [String] = []
      if let best = Suggestions.closest(to: field, among: r.fieldNames) { notes.append("did you mean '\(best)'?") }
      notes.append("fields of \(base): " + r.fieldNames.joined(separator: ", "))
      throw Diagnostic(at: location, "\(r.kind) '\(base)' has no field '\(field)'", notes: notes, length: field.count)
    case .frame:
      throw Diagnostic(at: expr.location, "\(expr.text) is a column (many values), not one value",
                       notes: ["describe \(expr.text) summarises it; filter and derive use its values"], length: expr.text.count)
    default:
      throw Diagnostic(at: expr.location, "'\(base)' is \(value.kindWithArticle): it has no fields",
                       notes: ["fields belong to results such as e = evaluate m on te (e.auc, e.gini, ...)"], length: expr.text.count)
    }
  }

  /// Turns parsed syntax into the data layer's expression. A bare name is a column of `frame`;
  /// a name that is not one of its columns but a session scalar (`t = 0.07`) stands for that
  /// value, and so does a record's field (`e.ks`). A column always wins over a scalar.
  func frameExpression(_ expr: Expr, in frame: DataFrame? = nil) throws -> FrameExpression {
    // Recursion depth is the statement's term count (up to Parser.maxTerms): this frame stays
    // small, the leaves and errors are worked out in helpers.
    switch expr.kind {
    case .name, .member: return try frameLeaf(expr, in: frame)
    case .number(let v): return .number(v)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    case .unary("-", let e): return .negate(try frameExpression(e, in: frame))
    case .unary(_, let e): return .not(try frameExpression(e, in: frame))
    case .binary(let op, let a, let b):
      guard let o = FrameExpression.BinaryOperator(rawValue: op) else {
        throw Diagnostic(at: expr.location, "unknown operator '\(op)'")
      }
      return .binary(o, try frameExpression(a, in: frame), try frameExpression(b, in: frame))
    case .isMissing(let e, let negated): return .isMissing(try frameExpression(e, in: frame), negated: negated)
    case .call(let f, let args): return .call(f, try args.map { try frameExpression($0, in: frame) })
    case .list, .block:
      throw Diagnostic(at: expr.location, "a \(expr.text.hasPrefix("[") ? "list" : "block") cannot be part of an expression",
                       length: expr.text.count)
    }
  }

  /// A name or `x.COL` in a frame expression: a column, or a session scalar / record field.
  @inline(never)
  private func frameLeaf(_ expr: Expr, in frame: DataFrame?) throws -> FrameExpression {
    switch expr.kind {
    case .name(let n):
      if frame?.columnIndex(n) == nil, let v = bindings[n], v.isScalar { return try literal(v, expr) }
      return .column(n)
    case .member(let base, let c):
      if frame?.columnIndex(expr.text) == nil, case .record = bindings[base] {
        return try literal(try evaluate(expr), expr)
      }
      return .column(c)
    default:
      return try frameExpression(expr, in: frame)
    }
  }

  private func literal(_ v: Value, _ expr: Expr) throws -> FrameExpression {
    switch v {
    case .number(let x): return .number(x)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    default:
      throw Diagnostic(at: expr.location, "\(expr.text) is \(v.kindWithArticle), not a number or a text", length: expr.text.count)
    }
  }

  /// Warnings for `COL == "Cash"` where the categorical COL has no level "Cash" (the filter
  /// would silently keep nothing): did-you-mean over its levels.
  func unknownLevelWarnings(_ expr: Expr, in frame: DataFrame) -> [String] {
    var warnings: [String] = []
    func text(_ e: Expr) -> String? {
      switch e.kind {
      case .string(let s): return s
      case .name(let n) where frame.columnIndex(n) == nil:
        if case .string(let s)? = bindings[n] { return s }
        return nil
      default: return nil
      }
    }
    func columnName(_ e: Expr) -> String? {
      switch e.kind {
      case .name(let n) where frame.columnIndex(n) != nil: return n
      case .member(_, let c) where frame.columnIndex(c) != nil: return c
      default: return nil
      }
    }
    func visit(_ e: Expr) {
      switch e.kind {
      case .binary(let op, let a, let b):
        if op == "==" || op == "!=" {
          for (col, lit) in [(a, b), (b, a)] {
            guard let name = columnName(col), let level = text(lit),
                  let column = try? frame.column(name), case .category(_, let levels) = column.data,
                  !levels.contains(level) else { continue }
            var message = "\(name) has no level \"\(level)\", so \(e.text) is never true"
            if op == "!=" { message = "\(name) has no level \"\(level)\", so \(e.text) holds on every row with a value" }
            if let best = Suggestions.closest(to: level, among: levels) ?? levels.first(where: { $0.lowercased().hasPrefix(level.lowercased()) }) {
              message += "; did you mean \"\(best)\"?"
            } else {
              let shown = levels.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
              message += "; its levels: \(shown)\(levels.count > 8 ? ", …" : "")"
            }
            warnings.append(message)
          }
        }
        visit(a); visit(b)
      case .unary(_, let a), .isMissing(let a, _): visit(a)
      case .call(_, let args): args.forEach(visit)
      default: break
      }
    }
    visit(expr)
    return warnings
  }
}

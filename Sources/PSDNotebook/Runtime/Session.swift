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

  public init(output: OutputSink, settings: Settings = Settings()) {
    self.output = output
    self.settings = settings
  }

  // MARK: running

  /// Runs a whole script: every syntax error is reported before anything runs; then statements
  /// run top to bottom, stopping at the first failure (unless `keepGoing`).
  @discardableResult
  public func run(script source: String, file: String) -> RunOutcome {
    run(source, file: file, summarizeSyntaxErrors: true)
  }

  private func run(_ source: String, file: String, summarizeSyntaxErrors: Bool) -> RunOutcome {
    sources[file] = source
    // The script is an input: no save or report may write over it.
    InputFiles.record(resolvePath(file))
    let parsed = Parser.parse(source, file: file)
    if !parsed.diagnostics.isEmpty {
      for d in parsed.diagnostics { emitDiagnostic(d.rendered(source: source) + "\n") }
      let count = parsed.diagnostics.count
      if summarizeSyntaxErrors { emitDiagnostic("\(count) syntax error\(count == 1 ? "" : "s"); nothing was run\n") }
      return .syntaxError
    }
    fileStack.append(file)
    defer { fileStack.removeLast() }
    var outcome = RunOutcome.succeeded
    for statement in parsed.statements {
      // Ctrl-C between statements (or during one that never checks) stops the script here.
      if interrupt?.isRaised == true {
        emitDiagnostic("interrupted: stopped before \(file):\(statement.location.line)\n")
        return .interrupted
      }
      let result = runCell(statement)
      if result != .succeeded {
        if result == .interrupted { return .interrupted }
        if outcome == .succeeded { outcome = result }
        if !keepGoing { return result }
      }
    }
    return outcome
  }

  /// Runs one REPL entry (one or more statements); the REPL has checked it is complete.
  @discardableResult
  public func run(entry source: String, file: String = "<stdin>") -> RunOutcome {
    run(source, file: file, summarizeSyntaxErrors: false)
  }

  /// True when `source` ends inside an open bracket: the REPL reads a continuation line.
  public static func isIncomplete(_ source: String) -> Bool { Parser.isIncomplete(source) }

  private func runCell(_ statement: Statement) -> RunOutcome {
    let started = DispatchTime.now().uptimeNanoseconds
    cellOutput = ""
    cellFigures = []
    let outcome = execute(statement)
    statementFinished?()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    if settings.timer { emitDiagnostic("(\(String(format: "%.3f", seconds)) s)\n") }
    cells.append(Cell(file: statement.location.file, line: statement.location.line, source: statement.text,
                      output: cellOutput ?? "", seconds: seconds, succeeded: outcome == .succeeded,
                      figures: cellFigures))
    cellOutput = nil
    return outcome
  }

  /// Runs one statement. On success its results are bound; on failure nothing changes.
  func execute(_ statement: Statement) -> RunOutcome {
    guard let spec = CommandTable.byName[statement.command] else {
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
        var notes: [String] = []
        if let best = Suggestions.closest(to: option.name, among: known) {
          notes.append("did you mean '\(best)'?")
        } else if known.isEmpty {
          notes.append("'\(spec.name)' takes no options")
        } else {
          notes.append("options of \(spec.name): " + known.joined(separator: ", "))
        }
        report(Diagnostic(at: option.nameLocation, "unknown option '\(option.name)' for \(spec.name)",
                          notes: notes, length: option.name.count))
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
    sources[path] = text
    InputFiles.record(resolved)
    let parsed = Parser.parse(text, file: path)
    if !parsed.diagnostics.isEmpty {
      for d in parsed.diagnostics { emitDiagnostic(d.rendered(source: text) + "\n") }
      throw PSDError.usage("run: '\(path)' has syntax errors; nothing in it was run")
    }
    fileStack.append(path)
    defer { fileStack.removeLast() }
    for statement in parsed.statements {
      let outcome = execute(statement)
      if outcome == .interrupted { throw PSDError(.cancelled, "interrupted") }
      if case .failed(let kind) = outcome {
        throw PSDError(kind, "run: '\(path)' stopped at line \(statement.location.line)")
      }
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
      throw Diagnostic(at: expr.location, "'\(name)' is a \(v.kindName), not a frame", notes: notes, length: name.count)
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

  /// A literal, a list, or a bound name, as a value.
  func evaluate(_ expr: Expr) throws -> Value {
    switch expr.kind {
    case .number(let v): return .number(v)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    case .list(let items): return .list(try items.map { try evaluate($0) })
    case .name(let n): return try lookup(n, at: expr)
    case .unary("-", let inner):
      if case .number(let v) = try evaluate(inner) { return .number(-v) }
      throw Diagnostic(at: expr.location, "cannot negate \(inner.text)", length: expr.text.count)
    default:
      throw Diagnostic(at: expr.location, "expected a value, found the expression \(expr.text)",
                       notes: ["expressions are for derive and filter"], length: expr.text.count)
    }
  }

  /// Turns parsed syntax into the data layer's expression; names are columns.
  func frameExpression(_ expr: Expr) throws -> FrameExpression {
    switch expr.kind {
    case .name(let n): return .column(n)
    case .member(_, let c): return .column(c)
    case .number(let v): return .number(v)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    case .unary("-", let e): return .negate(try frameExpression(e))
    case .unary(_, let e): return .not(try frameExpression(e))
    case .binary(let op, let a, let b):
      guard let o = FrameExpression.BinaryOperator(rawValue: op) else {
        throw Diagnostic(at: expr.location, "unknown operator '\(op)'")
      }
      return .binary(o, try frameExpression(a), try frameExpression(b))
    case .isMissing(let e, let negated): return .isMissing(try frameExpression(e), negated: negated)
    case .call(let f, let args): return .call(f, try args.map { try frameExpression($0) })
    case .list, .block:
      throw Diagnostic(at: expr.location, "a \(expr.text.hasPrefix("[") ? "list" : "block") cannot be part of an expression",
                       length: expr.text.count)
    }
  }
}

import PSDCore
import PSDData
import PSDLanguage

/// What a command sees while it runs: its arguments (read in order), the session's names and
/// settings, and where to print. A command never changes the session directly: it sets results
/// (bound to the statement's targets) and rebinds, which the session commits only if the whole
/// statement succeeds. A failed statement therefore leaves every name as it was.
public final class CommandContext {
  public let statement: Statement
  public let spec: CommandSpec
  public let session: Session
  public let control: TaskControl
  private var positionals: [Expr]
  private var cursor = 0
  private var optionsByName: [String: OptionArgument] = [:]

  /// Values for the statement's targets (`a, b = split ...`), in order.
  public var results: [Value] = []
  /// Names to rebind when the statement succeeds (e.g. `threshold` stores the threshold in its model).
  public var rebinds: [(name: String, value: Value)] = []
  /// What the result is beyond its size, for the line an assignment prints
  /// (`kept 2,062 of 3,001 rows (68.7%)`); with several targets it replaces the sizes.
  public var resultNote: String?
  /// Files read by the statement (for report headers and checksums).
  public var inputFiles: [String] = []
  /// Settings the statement sets (`set`, `timer`), committed with its results: `set width=50 foo`
  /// fails on `foo` and leaves the width as it was.
  public private(set) var newSettings: Settings?

  /// Settings as this statement has changed them so far.
  public var settings: Settings { newSettings ?? session.settings }

  /// Changes the session's settings when, and only when, the whole statement succeeds.
  public func changeSettings(_ settings: Settings) { newSettings = settings }

  init(statement: Statement, spec: CommandSpec, session: Session, control: TaskControl) {
    self.statement = statement
    self.spec = spec
    self.session = session
    self.control = control
    self.positionals = statement.positionals
    for option in statement.options { optionsByName[option.name] = option }
  }

  // MARK: output

  /// Prints a line (or several) of the statement's output.
  /// Output is held until the statement succeeds, so a statement that fails (even on a stray
  /// argument noticed at the end) prints only its error, never results it did not deliver.
  public func print(_ text: String) {
    output += text.hasSuffix("\n") ? text : text + "\n"
  }

  /// What the statement printed so far (the session emits it when the statement succeeds).
  public private(set) var output = ""

  /// SVG charts for the HTML report, kept with the cell when the statement succeeds.
  public private(set) var figures: [Figure] = []

  public func attachFigure(_ svg: String, notes: [String] = []) { figures.append(Figure(svg: svg, notes: notes)) }

  /// Prints `warning: ...` on the diagnostic stream.
  public func warn(_ text: String) {
    session.emitDiagnostic("warning: \(text)\n")
  }

  /// Sets the value(s) the statement returns.
  public func result(_ values: Value...) { results = values }

  // MARK: errors

  /// An error pointing at an argument.
  public func error(_ message: String, at expr: Expr? = nil, notes: [String] = []) -> Diagnostic {
    let location = expr?.location ?? statement.endLocation
    return Diagnostic(at: location, message, notes: notes, length: expr?.text.count ?? 1)
  }

  // MARK: positional arguments, read in order

  public var hasMoreArguments: Bool { cursor < positionals.count }

  /// The next positional argument without consuming it.
  public var nextArgument: Expr? { cursor < positionals.count ? positionals[cursor] : nil }

  /// Consumes and returns the next positional argument, or fails with "expected WHAT".
  public func take(_ what: String) throws -> Expr {
    guard cursor < positionals.count else {
      throw error("\(spec.name): expected \(what)", notes: ["usage: " + spec.closestUsage(to: statement)])
    }
    cursor += 1
    return positionals[cursor - 1]
  }

  /// True (and consumed) when the next argument is the bare word `word`.
  public func keyword(_ word: String) -> Bool {
    if let next = nextArgument, next.name == word {
      cursor += 1
      return true
    }
    return false
  }

  public func expectKeyword(_ word: String) throws {
    guard keyword(word) else {
      let found = nextArgument.map { "'\($0.text)'" } ?? "end of statement"
      throw error("\(spec.name): expected '\(word)', found \(found)", at: nextArgument,
                  notes: ["usage: " + spec.closestUsage(to: statement)])
    }
  }

  /// A bound value named by the next argument.
  public func value(_ what: String = "a name") throws -> (value: Value, name: String) {
    let expr = try take(what)
    guard let name = expr.name else {
      if case .member = expr.kind {
        throw error("expected \(what), found the column \(expr.text)", at: expr)
      }
      return (try session.evaluate(expr), expr.text)
    }
    return (try session.lookup(name, at: expr), name)
  }

  /// The frame named by the next argument.
  public func frame(_ what: String = "a frame") throws -> (frame: DataFrame, name: String) {
    let expr = try take(what)
    return (try session.frame(expr), expr.text)
  }

  /// A bare word (a new column name, a sub-command like `gbdt`).
  public func word(_ what: String) throws -> (word: String, expr: Expr) {
    let expr = try take(what)
    if let name = expr.name { return (name, expr) }
    if case .string(let s) = expr.kind { return (s, expr) }
    throw error("\(spec.name): expected \(what), found \(expr.text)", at: expr)
  }

  /// A column of `frame`: a bare name, `x.COL`, or a string.
  public func column(of frame: DataFrame, named frameName: String, _ what: String = "a column") throws -> String {
    let expr = try take(what)
    return try session.columnName(expr, in: frame, frameName: frameName)
  }

  /// `x.COL`: a frame and one of its columns.
  public func columnReference(_ what: String = "a column like x.COL") throws -> (frame: DataFrame, frameName: String, column: String) {
    let expr = try take(what)
    guard case .member(let base, let col) = expr.kind else {
      throw error("\(spec.name): expected \(what), found \(expr.text)", at: expr)
    }
    let frame = try session.frame(Expr(.name(base), at: expr.location, text: base))
    let name = try session.columnName(expr, in: frame, frameName: base)
    _ = col
    return (frame, base, name)
  }

  /// One column or a `[A, B]` list of columns of `frame`.
  public func columns(of frame: DataFrame, named frameName: String, _ what: String = "columns") throws -> [String] {
    let expr = try take(what)
    return try session.columnNames(expr, in: frame, frameName: frameName)
  }

  public func quoted(_ what: String) throws -> String {
    let expr = try take(what)
    if case .string(let s) = expr.kind { return s }
    // `load path` where `path = "app.csv"`.
    if expr.name.map({ session.value(named: $0) != nil }) ?? false, case .string(let s) = try session.evaluate(expr) { return s }
    throw error("\(spec.name): expected \(what) (a quoted string), found \(expr.text)", at: expr)
  }

  public func number(_ what: String) throws -> Double {
    let expr = try take(what)
    switch try session.evaluate(expr) {
    case .number(let v) where v.isFinite: return v
    case .number: throw error("\(spec.name): expected \(what) (a finite number), found \(expr.text)", at: expr)
    default: throw error("\(spec.name): expected \(what) (a number), found \(expr.text)", at: expr)
    }
  }

  /// The next argument as a frame expression (after `where`): names are columns of `frame`,
  /// else session scalars. A categorical column compared with a level it lacks warns.
  public func expression(_ what: String = "an expression", in frame: DataFrame? = nil) throws -> FrameExpression {
    let expr = try take(what)
    if let frame { for w in session.unknownLevelWarnings(expr, in: frame) { warn(w) } }
    return try session.frameExpression(expr, in: frame)
  }

  /// `{ KEY: word word; ... }` entries as (keys, words, location) triples.
  public func block(_ what: String) throws -> [(keys: [String], words: [String], expr: Expr)] {
    let expr = try take(what)
    guard case .block(let entries) = expr.kind else {
      throw error("\(spec.name): expected \(what) in braces, like {AMT_CREDIT: mean max}", at: expr)
    }
    return try entries.map { entry in
      let keys = try entry.keys.map { key -> String in
        if let n = key.name { return n }
        if case .string(let s) = key.kind { return s }
        throw error("expected a column name, found \(key.text)", at: key)
      }
      let words = try entry.words.map { w -> String in
        if let n = w.name { return n }
        if case .string(let s) = w.kind { return s }
        if case .number = w.kind { return w.text }
        throw error("expected a function name, found \(w.text)", at: w)
      }
      return (keys, words, Expr(.block([entry]), at: entry.location, text: keys.joined(separator: ",")))
    }
  }

  /// Fails on arguments the command did not read. Called by the session after `run`.
  func finish() throws {
    if cursor < positionals.count {
      let extra = positionals[cursor]
      var notes: [String] = []
      if let word = extra.name, let best = Suggestions.closest(to: word, among: spec.keywords) {
        notes.append("did you mean '\(best)'?")
      }
      notes.append("usage: " + spec.closestUsage(to: statement))
      throw error("\(spec.name): unexpected argument '\(extra.text)'", at: extra, notes: notes)
    }
  }

  /// Fails now on arguments the command has not read: call it before a side effect such as
  /// writing a file, so a statement with a stray argument leaves nothing behind.
  public func checkArgumentsRead() throws { try finish() }

  // MARK: options (key=value)

  public func option(_ name: String) -> OptionArgument? { optionsByName[name] }

  public func hasOption(_ name: String) -> Bool { optionsByName[name] != nil }

  /// Options not declared in the command's spec (for commands with acceptsFreeOptions).
  public var freeOptions: [OptionArgument] {
    let declared = Set(spec.options.map(\.name))
    return statement.options.filter { !declared.contains($0.name) }
  }

  public func double(_ name: String, default value: Double) throws -> Double {
    try double(name) ?? value
  }

  public func double(_ name: String) throws -> Double? {
    guard let o = optionsByName[name] else { return nil }
    if case .number(let v) = try session.evaluate(o.value) {
      // The one entry point of numeric options: inf and NaN never reach a trainer or a metric.
      guard v.isFinite else { throw error("option '\(name)' expects a finite number, found \(o.value.text)", at: o.value) }
      return v
    }
    throw error("option '\(name)' expects a number, found \(o.value.text)", at: o.value)
  }

  public func int(_ name: String, default value: Int) throws -> Int {
    try int(name) ?? value
  }

  public func int(_ name: String) throws -> Int? {
    guard let o = optionsByName[name] else { return nil }
    if case .number(let v) = try session.evaluate(o.value), v == v.rounded(), abs(v) < 1e15 {
      // A count (N, K: top, limit, bins, trees, threads...) is never negative; `describe x
      // top=-1` crashed. Seeds may be.
      if v < 0, name != "seed", let declared = spec.options.first(where: { $0.name == name }),
         ["N", "K"].contains(declared.value) {
        throw error("option '\(name)' must be 0 or more, found \(o.value.text)", at: o.value)
      }
      return Int(v)
    }
    throw error("option '\(name)' expects a whole number, found \(o.value.text)", at: o.value)
  }

  public func bool(_ name: String, default value: Bool) throws -> Bool {
    guard let o = optionsByName[name] else { return value }
    if case .bool(let b) = try session.evaluate(o.value) { return b }
    throw error("option '\(name)' expects true or false, found \(o.value.text)", at: o.value)
  }

  /// A string option; a bare word counts as a string (`kind=left`, `method=isotonic`).
  public func string(_ name: String, default value: String? = nil) throws -> String? {
    guard let o = optionsByName[name] else { return value }
    if let n = o.value.name {
      // `out=path` where `path = "cost.csv"`: a name bound to a text is that text.
      if case .string(let s)? = session.value(named: n) { return s }
      return n
    }
    if case .string(let s) = o.value.kind { return s }
    if case .string(let s)? = try? session.evaluate(o.value) { return s }
    throw error("option '\(name)' expects a word or a quoted string, found \(o.value.text)", at: o.value)
  }

  /// A string option restricted to `choices`, with did-you-mean.
  public func choice(_ name: String, _ choices: [String], default value: String) throws -> String {
    guard let o = optionsByName[name], let s = try string(name) else { return value }
    guard choices.contains(s) else {
      var notes = ["expected one of: " + choices.joined(separator: ", ")]
      if let best = Suggestions.closest(to: s, among: choices) { notes.insert("did you mean '\(best)'?", at: 0) }
      throw error("option '\(name)' has no value '\(s)'", at: o.value, notes: notes)
    }
    return s
  }

  /// A list of names (`exclude=[SK_ID_CURR, TARGET]`); a single name is a one-element list.
  public func names(_ name: String) throws -> [String]? {
    guard let o = optionsByName[name] else { return nil }
    return try session.plainNames(o.value)
  }

  /// A list of column names of `frame`, checked with did-you-mean.
  public func columns(_ name: String, of frame: DataFrame, named frameName: String) throws -> [String]? {
    guard let o = optionsByName[name] else { return nil }
    return try session.columnNames(o.value, in: frame, frameName: frameName)
  }

  /// A frame named by an option (`valid=te`).
  public func frame(option name: String) throws -> (frame: DataFrame, name: String)? {
    guard let o = optionsByName[name] else { return nil }
    return (try session.frame(o.value), o.value.text)
  }

  /// Any option's value, evaluated (numbers, strings, booleans, lists, bound names).
  public func value(option name: String) throws -> Value? {
    guard let o = optionsByName[name] else { return nil }
    return try session.evaluate(o.value)
  }
}

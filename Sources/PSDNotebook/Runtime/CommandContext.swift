import PSDCore
import PSDData
import PSDLanguage
import PSDModels

/// What a command sees while it runs: its arguments (read in order), the session's names and
/// settings, and where to print. A command never changes the session directly: it sets results
/// (bound to the statement's targets) and rebinds, which the session commits only if the whole
/// statement succeeds. A failed statement therefore leaves every name as it was.
package final class CommandContext {
  package let statement: Statement
  package let spec: CommandSpec
  package let session: Session
  package let control: TaskControl
  private var positionals: [Expr]
  private var cursor = 0
  private var optionsByName: [String: OptionArgument] = [:]

  /// Values for the statement's targets (`a, b = split ...`), in order.
  package var results: [Value] = []
  /// Names to rebind when the statement succeeds (e.g. `threshold` stores the threshold in its model).
  package var rebinds: [(name: String, value: Value)] = []
  /// Names to remove when the statement succeeds (`forget`).
  package var forgets: [String] = []
  /// What the result is beyond its size, for the line an assignment prints
  /// (`kept 2,062 of 3,001 rows (68.7%)`); with several targets it replaces the sizes.
  package var resultNote: String?
  /// Files read by the statement (for report headers and checksums).
  package var inputFiles: [String] = []
  /// Settings the statement sets (`set`, `timer`), committed with its results: `set width=50 foo`
  /// fails on `foo` and leaves the width as it was.
  package private(set) var newSettings: Settings?

  /// Settings as this statement has changed them so far.
  package var settings: Settings { newSettings ?? session.settings }

  /// Changes the session's settings when, and only when, the whole statement succeeds.
  package func changeSettings(_ settings: Settings) { newSettings = settings }

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
  package func print(_ text: String) {
    output += text.hasSuffix("\n") ? text : text + "\n"
  }

  /// What the statement printed so far (the session emits it when the statement succeeds).
  package private(set) var output = ""

  /// SVG charts for the HTML report, kept with the cell when the statement succeeds.
  package private(set) var figures: [Figure] = []

  package func attachFigure(_ svg: String, notes: [String] = []) { figures.append(Figure(svg: svg, notes: notes)) }

  /// Prints `warning: ...` on the diagnostic stream.
  package func warn(_ text: String) {
    session.emitDiagnostic("warning: \(text)\n")
  }

  /// Sets the value(s) the statement returns.
  package func result(_ values: Value...) { results = values }

  // MARK: errors

  /// An error pointing at an argument.
  package func error(_ message: String, at expr: Expr? = nil, notes: [String] = []) -> Diagnostic {
    let location = expr?.location ?? statement.endLocation
    return Diagnostic(at: location, message, notes: notes, length: expr?.text.count ?? 1)
  }

  // MARK: positional arguments, read in order

  package var hasMoreArguments: Bool { cursor < positionals.count }

  /// The next positional argument without consuming it.
  package var nextArgument: Expr? { cursor < positionals.count ? positionals[cursor] : nil }

  /// Consumes and returns the next positional argument, or fails with "expected WHAT".
  package func take(_ what: String) throws -> Expr {
    guard cursor < positionals.count else {
      throw error("\(spec.name): expected \(what)", notes: ["usage: " + spec.closestUsage(to: statement)])
    }
    cursor += 1
    return positionals[cursor - 1]
  }

  /// True (and consumed) when the next argument is the bare word `word`.
  package func keyword(_ word: String) -> Bool {
    if let next = nextArgument, next.name == word {
      cursor += 1
      return true
    }
    return false
  }

  package func expectKeyword(_ word: String) throws {
    guard keyword(word) else {
      let found = nextArgument.map { "'\($0.text)'" } ?? "end of statement"
      throw error(
        "\(spec.name): expected '\(word)', found \(found)", at: nextArgument,
        notes: ["usage: " + spec.closestUsage(to: statement)])
    }
  }

  /// A bound value named by the next argument.
  package func value(_ what: String = "a name") throws -> (value: Value, name: String) {
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
  package func frame(_ what: String = "a frame") throws -> (frame: DataFrame, name: String) {
    let expr = try take(what)
    return (try session.frame(expr), expr.text)
  }

  /// A bare word (a new column name, a sub-command like `gbdt`).
  package func word(_ what: String) throws -> (word: String, expr: Expr) {
    let expr = try take(what)
    if let name = expr.name { return (name, expr) }
    if case .string(let s) = expr.kind { return (s, expr) }
    throw error("\(spec.name): expected \(what), found \(expr.text)", at: expr)
  }

  /// A column of `frame`: a bare name, `x.COL`, or a string.
  package func column(of frame: DataFrame, named frameName: String, _ what: String = "a column") throws -> String {
    let expr = try take(what)
    return try session.columnName(expr, in: frame, frameName: frameName)
  }

  /// `x.COL`: a frame and one of its columns.
  package func columnReference(_ what: String = "a column like x.COL") throws -> (
    frame: DataFrame, frameName: String, column: String
  ) {
    let expr = try take(what)
    guard case .member(let base, _) = expr.kind else {
      throw error("\(spec.name): expected \(what), found \(expr.text)", at: expr)
    }
    let frame = try session.frame(Expr(.name(base), at: expr.location, text: base))
    let name = try session.columnName(expr, in: frame, frameName: base)
    return (frame, base, name)
  }

  /// One column or a `[A, B]` list of columns of `frame`.
  package func columns(of frame: DataFrame, named frameName: String, _ what: String = "columns") throws -> [String] {
    let expr = try take(what)
    return try session.columnNames(expr, in: frame, frameName: frameName)
  }

  package func quoted(_ what: String) throws -> String {
    let expr = try take(what)
    if case .string(let s) = expr.kind { return s }
    // `load path` where `path = "app.csv"`.
    if expr.name.map({ session.value(named: $0) != nil }) ?? false, case .string(let s) = try session.evaluate(expr) {
      return s
    }
    throw error("\(spec.name): expected \(what) (a quoted string), found \(expr.text)", at: expr)
  }

  package func number(_ what: String) throws -> Double {
    let expr = try take(what)
    switch try session.evaluate(expr) {
    case .number(let v) where v.isFinite: return v
    case .number: throw error("\(spec.name): expected \(what) (a finite number), found \(expr.text)", at: expr)
    default: throw error("\(spec.name): expected \(what) (a number), found \(expr.text)", at: expr)
    }
  }

  /// The next argument as a frame expression (after `where`): names are columns of `frame`,
  /// else session scalars. A categorical column compared with a level it lacks warns.
  package func expression(_ what: String = "an expression", in frame: DataFrame? = nil) throws -> FrameExpression {
    let expr = try take(what)
    if let frame { for w in session.unknownLevelWarnings(expr, in: frame) { warn(w) } }
    return try session.frameExpression(expr, in: frame)
  }

  /// `{ KEY: word word; ... }` entries as (keys, words, location) triples.
  package func block(_ what: String) throws -> [(keys: [String], words: [String], expr: Expr)] {
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
  package func checkArgumentsRead() throws { try finish() }

  // MARK: options (key=value)

  package func option(_ name: String) -> OptionArgument? { optionsByName[name] }

  package func hasOption(_ name: String) -> Bool { optionsByName[name] != nil }

  /// Options not declared in the command's spec (for commands with acceptsFreeOptions).
  package var freeOptions: [OptionArgument] {
    let declared = Set(spec.options.map(\.name))
    return statement.options.filter { !declared.contains($0.name) }
  }

  /// Reads option `name` through its declaration (or `kind`, for a trainer parameter read with
  /// its own table's kind): checks the value is of the kind and in its range, or one of its
  /// choices, and returns it typed; an option not given is its declared default value, or nil.
  /// Errors name the option, what was expected and what is allowed (did-you-mean for choices).
  package func read(_ name: String, as kind: OptionKind? = nil) throws -> OptionValue? {
    let declared = spec.option(name)
    guard let o = optionsByName[name] else {
      if case .value(let v)? = declared?.defaultValue { return v }
      return nil
    }
    let kind = kind ?? declared?.kind ?? .text
    func outOfRange(_ range: ParameterRange) -> Diagnostic {
      error("option '\(name)' must be \(range.rule ?? "in range"), found \(o.value.text)", at: o.value)
    }
    switch kind {
    case .integer(let range), .countOrBinning(let range):
      guard case .number(let v) = try session.evaluate(o.value), v == v.rounded(), abs(v) < 1e15 else {
        throw error("option '\(name)' expects a whole number, found \(o.value.text)", at: o.value)
      }
      guard range.contains(v) else { throw outOfRange(range) }
      return .integer(Int(v))
    case .number(let range), .duration(let range):
      guard case .number(let v) = try session.evaluate(o.value) else {
        throw error("option '\(name)' expects a number, found \(o.value.text)", at: o.value)
      }
      // The one entry point of numeric options: inf and NaN never reach a trainer or a metric.
      guard v.isFinite else {
        throw error("option '\(name)' expects a finite number, found \(o.value.text)", at: o.value)
      }
      guard range.contains(v) else { throw outOfRange(range) }
      return .number(v)
    case .flag:
      guard case .bool(let b) = try session.evaluate(o.value) else {
        throw error("option '\(name)' expects true or false, found \(o.value.text)", at: o.value)
      }
      return .flag(b)
    case .choice(let choices):
      let s = try text(o)
      guard choices.contains(s) else {
        var notes = ["expected one of: " + choices.joined(separator: ", ")]
        if let best = Suggestions.closest(to: s, among: choices) { notes.insert("did you mean '\(best)'?", at: 0) }
        throw error("option '\(name)' has no value '\(s)'", at: o.value, notes: notes)
      }
      return .text(s)
    case .text, .path, .column, .columns, .frame, .client, .structured:
      return .text(try text(o))
    }
  }

  /// A word or a text: a bare word counts as a string (`kind=left`, `method=isotonic`), and a
  /// name bound to a text is that text (`out=path` where `path = "cost.csv"`).
  private func text(_ o: OptionArgument) throws -> String {
    if let n = o.value.name {
      if case .string(let s)? = session.value(named: n) { return s }
      return n
    }
    if case .string(let s) = o.value.kind { return s }
    if case .string(let s)? = try? session.evaluate(o.value) { return s }
    throw error("option '\(o.name)' expects a word or a quoted string, found \(o.value.text)", at: o.value)
  }

  /// The declared kind of `name` when it reads as `family` (a numeric accessor on a numeric
  /// option), else `family` itself.
  private func kind(of name: String, reading family: OptionKind) -> OptionKind {
    guard let declared = spec.option(name)?.kind else { return family }
    switch (declared, family) {
    case (.integer, .integer), (.countOrBinning, .integer), (.number, .number), (.duration, .number),
      (.integer, .number), (.flag, .flag), (.choice, .text), (.text, .text), (.path, .text),
      (.column, .text), (.client, .text):
      return declared
    default:
      return family
    }
  }

  /// A whole-number option, read through its declaration: the value given, else the declared default.
  package func int(_ name: String) throws -> Int? {
    switch try read(name, as: kind(of: name, reading: .integer(.any))) {
    case .integer(let i)?: return i
    default: return nil
    }
  }

  /// A whole-number option whose default depends on the session or the data (`seed`, `top`).
  package func int(_ name: String, default value: Int) throws -> Int { try int(name) ?? value }

  /// A number option, read through its declaration: the value given, else the declared default.
  package func double(_ name: String) throws -> Double? {
    switch try read(name, as: kind(of: name, reading: .number(.any))) {
    case .number(let v)?: return v
    case .integer(let i)?: return Double(i)
    default: return nil
    }
  }

  /// A number option whose default depends on the session or the model (`threshold`).
  package func double(_ name: String, default value: Double) throws -> Double { try double(name) ?? value }

  /// A true/false option: the value given, else the declared default, else `value`.
  package func bool(_ name: String, default value: Bool = false) throws -> Bool {
    if case .flag(let b)? = try read(name, as: .flag) { return b }
    return value
  }

  /// A text option (a word or a quoted string): the value given, else the declared default.
  package func string(_ name: String) throws -> String? {
    if case .text(let s)? = try read(name, as: kind(of: name, reading: .text)) { return s }
    return nil
  }

  /// An option declared with a default value: the value given, else that default.
  package func intValue(_ name: String) throws -> Int {
    guard let v = try int(name) else { throw missingDefault(name) }
    return v
  }

  /// An option declared with a default value: the value given, else that default.
  package func doubleValue(_ name: String) throws -> Double {
    guard let v = try double(name) else { throw missingDefault(name) }
    return v
  }

  /// An option declared with a default value: the value given, else that default.
  package func stringValue(_ name: String) throws -> String {
    guard let v = try string(name) else { throw missingDefault(name) }
    return v
  }

  /// A command read an option it declared without a default as if it had one: a bug, said plainly.
  private func missingDefault(_ name: String) -> Diagnostic {
    error("option '\(name)' of \(spec.name) has no default: it must be given", at: option(name)?.value)
  }

  /// A choice option read as the enum its declaration lists (`.choice(JoinKind.self)`): the value
  /// given, else the declared default.
  package func choice<E: CaseIterable & RawRepresentable>(_ name: String, as type: E.Type = E.self) throws -> E
  where E.RawValue == String {
    guard case .text(let s)? = try read(name, as: kind(of: name, reading: .choice(type.allCases.map(\.rawValue)))),
      let value = E(rawValue: s)
    else { throw missingDefault(name) }
    return value
  }

  /// A list of names (`exclude=[SK_ID_CURR, TARGET]`); a single name is a one-element list.
  package func names(_ name: String) throws -> [String]? {
    guard let o = optionsByName[name] else { return nil }
    return try session.plainNames(o.value)
  }

  /// A list of column names of `frame`, checked with did-you-mean.
  package func columns(_ name: String, of frame: DataFrame, named frameName: String) throws -> [String]? {
    guard let o = optionsByName[name] else { return nil }
    return try session.columnNames(o.value, in: frame, frameName: frameName)
  }

  /// A frame named by an option (`valid=te`).
  package func frame(option name: String) throws -> (frame: DataFrame, name: String)? {
    guard let o = optionsByName[name] else { return nil }
    return (try session.frame(o.value), o.value.text)
  }

  /// Any option's value, evaluated (numbers, strings, booleans, lists, bound names).
  package func value(option name: String) throws -> Value? {
    guard let o = optionsByName[name] else { return nil }
    return try session.evaluate(o.value)
  }
}

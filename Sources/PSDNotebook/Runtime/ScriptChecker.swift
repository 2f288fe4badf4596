import PSDCore
import PSDLanguage

/// Checks a parsed script against the command table before anything runs, so a typo in line 40
/// is reported before lines 1–39 (a training among them) take their time. It finds, all at once:
/// unknown commands, unknown options, option values of the wrong kind (a word where a number
/// goes, a level that is not a choice), too few arguments for every usage form, more names
/// than the command returns, and names used before any statement assigns them.
///
/// Everything comes from the command table: the usage forms give each positional argument a
/// role (FRAME, MODEL, ... are names that must exist; lowercase words are keywords), and each
/// option's declaration gives its kind (a whole number, a number, a choice, a path, ...).
/// The checker is conservative: what it cannot decide without running (a name's kind, a
/// column's existence) is left to the command, which reports it with the same care.
struct ScriptChecker {
  /// Names bound before the script starts (the session's, in the REPL).
  var known: Set<String>
  /// Set after `run "other.psd"`: that script may bind any name, so names are no longer checked.
  private var namesOpen = false
  private var diagnostics: [Diagnostic] = []
  /// Where each name is first assigned, to say "assigned later, at line N".
  private var assignedAt: [String: Int] = [:]

  /// Names a `forget` statement of the script removed, and its line; names one removed before
  /// the script (the REPL's earlier entries). Both for the note on a later use.
  private var forgottenAt: [String: Int] = [:]
  private var forgottenEarlier: Set<String> = []

  init(known: Set<String>) { self.known = known }

  /// With `checkNames: false` (a script with syntax errors, whose failed statements may bind
  /// names) names are not checked.
  /// `forgotten`: names a `forget` removed before this script (the REPL's earlier entries).
  static func check(
    _ statements: [Statement], known: Set<String>, forgotten: Set<String> = [], checkNames: Bool = true
  ) -> [Diagnostic] {
    var checker = ScriptChecker(known: known)
    checker.forgottenEarlier = forgotten
    checker.namesOpen = !checkNames
    for s in statements {
      for t in s.targets where checker.assignedAt[t.name] == nil { checker.assignedAt[t.name] = s.location.line }
    }
    for s in statements { checker.check(s) }
    return checker.diagnostics
  }

  // MARK: one statement

  mutating func check(_ s: Statement) {
    // A `forget` of bound names removes them; one naming an unbound name fails and removes none.
    let forgotten =
      s.command == ForgetCommand.spec.name && s.targets.isEmpty
        && s.positionals.allSatisfy { $0.name.map(known.contains) ?? false }
      ? s.positionals.compactMap(\.name) : []
    defer {
      for t in s.targets { known.insert(t.name) }
      for n in forgotten {
        known.remove(n)
        forgottenAt[n] = s.location.line
      }
    }
    if let expression = s.expression {
      checkNames(in: expression)
      return
    }
    guard let spec = CommandTable.byName[s.command] else {
      if s.arguments.isEmpty && (known.contains(s.command) || namesOpen) { return }
      var notes: [String] = []
      if s.arguments.isEmpty, let line = assignedAt[s.command], line > s.location.line {
        notes.append("'\(s.command)' is assigned later, at line \(line)")
      } else if let best = Suggestions.closest(to: s.command, among: CommandTable.names) {
        notes.append("did you mean '\(best)'?")
      } else if s.arguments.isEmpty, let best = Suggestions.closest(to: s.command, among: Array(known)) {
        notes.append("did you mean '\(best)'?")
      } else {
        notes.append("type 'help' for the list of commands")
      }
      diagnostics.append(
        Diagnostic(
          at: s.commandLocation, "unknown command '\(s.command)'", notes: notes,
          length: s.command.count))
      return
    }
    let forms = spec.usage.map(UsageForm.init)
    checkOptions(s, spec)
    checkArity(s, spec, forms)
    checkTargets(s, spec, forms)
    checkPositionalNames(s, forms)
    if spec.name == "run" { namesOpen = true }
  }

  private mutating func checkOptions(_ s: Statement, _ spec: CommandSpec) {
    let byName = Dictionary(spec.options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for option in s.options {
      guard let declared = byName[option.name] else {
        if spec.acceptsFreeOptions { checkNames(in: option.value, membersOnly: true); continue }
        diagnostics.append(ScriptChecker.unknownOption(option, of: spec))
        continue
      }
      checkValue(option, declared, spec)
    }
  }

  /// `show app limt=5`: the error, with did-you-mean or the command's options (the checker's and
  /// the session's, which meets it in golden scripts of runtime errors).
  static func unknownOption(_ option: OptionArgument, of spec: CommandSpec) -> Diagnostic {
    var notes: [String] = []
    let known = spec.options.map(\.name)
    if let best = Suggestions.closest(to: option.name, among: known) {
      notes.append("did you mean '\(best)'?")
    } else if known.isEmpty {
      notes.append("'\(spec.name)' takes no options")
    } else {
      notes.append("options of \(spec.name): " + known.joined(separator: ", "))
    }
    return Diagnostic(
      at: option.nameLocation, "unknown option '\(option.name)' for \(spec.name)",
      notes: notes, length: option.name.count)
  }

  private mutating func checkValue(_ option: OptionArgument, _ declared: OptionSpec, _ spec: CommandSpec) {
    let value = option.value
    func wrong(_ expected: String, notes: [String] = []) {
      diagnostics.append(
        Diagnostic(
          at: value.location,
          "option '\(option.name)' of \(spec.name) expects \(expected), found \(value.text)",
          notes: notes, length: value.text.count))
    }
    let literalKind: String? = {
      switch value.kind {
      case .string: return "string"
      case .bool: return "boolean"
      case .list: return "list"
      case .block: return "block"
      case .number: return "number"
      default: return nil
      }
    }()
    // Kinds only: a value's range is checked when the statement runs (the names it uses are
    // not known before), with the same declaration.
    switch declared.kind {
    case .integer, .countOrBinning, .number, .duration:
      let whole: Bool
      switch declared.kind {
      case .integer, .countOrBinning: whole = true
      default: whole = false
      }
      let expected = declared.kind.expectation
      if let literalKind, literalKind != "number" {
        wrong(expected)
      } else if case .number(let v) = value.kind, whole, v != v.rounded() {
        wrong(expected)
      } else if case .name(let n) = value.kind, !known.contains(n), !namesOpen, assignedAt[n] == nil,
        Suggestions.closest(to: n, among: Array(known)) == nil
      {
        // `trees=many`: a word where a number goes (a name would have been assigned).
        wrong(expected, notes: ["a name used here must be assigned first, like  \(n) = 100"])
      } else {
        // A name here is a scalar (`fn=fn`): it must exist.
        checkNames(in: value)
      }
    case .flag:
      if let literalKind, literalKind != "boolean" { wrong(declared.kind.expectation) } else { checkNames(in: value) }
    case .path:
      if let literalKind, literalKind != "string" { wrong(declared.kind.expectation) } else { checkNames(in: value) }
    case .frame:
      checkNames(in: value)
    case .choice(let choices):
      let word: String?
      switch value.kind {
      case .name(let n): word = known.contains(n) || namesOpen ? nil : n
      case .string(let s): word = s
      default:
        if literalKind != nil { wrong(declared.kind.expectation) }
        word = nil
      }
      if let word, !choices.contains(word) {
        var notes = ["expected one of: " + choices.joined(separator: ", ")]
        if let best = Suggestions.closest(to: word, among: choices) { notes.insert("did you mean '\(best)'?", at: 0) }
        diagnostics.append(
          Diagnostic(
            at: value.location, "option '\(option.name)' has no value '\(word)'",
            notes: notes, length: value.text.count))
      }
    case .text, .column, .columns, .client, .structured:
      checkNames(in: value, membersOnly: true)
    }
  }

  private mutating func checkArity(_ s: Statement, _ spec: CommandSpec, _ forms: [UsageForm]) {
    let least = forms.map(\.required).min() ?? 0
    let given = s.positionals.count
    guard given < least else { return }
    let closest = forms.min { abs($0.required - given) < abs($1.required - given) } ?? forms[0]
    let missing = closest.roles.dropFirst(given).first ?? "more arguments"
    diagnostics.append(
      Diagnostic(
        at: s.endLocation, "\(spec.name): expected \(UsageForm.describe(missing)) after \(s.text)",
        notes: ["usage: " + spec.usage.joined(separator: " | ")]))
  }

  private mutating func checkTargets(_ s: Statement, _ spec: CommandSpec, _ forms: [UsageForm]) {
    let counts = Set(forms.compactMap(\.targets))
    guard !s.targets.isEmpty, !counts.isEmpty, !counts.contains(s.targets.count),
      counts.max()! > 1 || s.targets.count > 1
    else { return }
    let n = counts.max()!
    let example = forms.first { $0.targets == n }.map(\.text) ?? spec.usage[0]
    diagnostics.append(
      Diagnostic(
        at: s.targets[0].location,
        "\(spec.name) returns \(n == 1 ? "one value" : "\(n) values"), but \(s.targets.count) name\(s.targets.count == 1 ? " is" : "s are") given",
        notes: ["usage: " + example], length: s.targets.map(\.name).joined(separator: ", ").count))
  }

  /// Positional arguments whose role is a bound value in every usage form that has one there.
  private mutating func checkPositionalNames(_ s: Statement, _ forms: [UsageForm]) {
    for (i, arg) in s.positionals.enumerated() {
      let roles = forms.compactMap { $0.role(at: i) }
      if !roles.isEmpty, roles.allSatisfy(UsageForm.isValueRole) {
        checkNames(in: arg)
      } else {
        checkNames(in: arg, membersOnly: true)
      }
    }
  }

  // MARK: names

  /// Every bare name in `expr` (or only `x` of `x.COL`, with `membersOnly`) must be bound by now.
  private mutating func checkNames(in expr: Expr, membersOnly: Bool = false) {
    if namesOpen { return }
    switch expr.kind {
    case .name(let n): if !membersOnly { require(n, at: expr.location) }
    case .member(let base, _): require(base, at: expr.location)
    case .list(let items): items.forEach { checkNames(in: $0, membersOnly: membersOnly) }
    case .unary(_, let a), .isMissing(let a, _): checkNames(in: a, membersOnly: membersOnly)
    case .binary(":", let a, let b):
      checkNames(in: a, membersOnly: true)
      checkNames(in: b, membersOnly: membersOnly)
    case .binary(_, let a, let b):
      checkNames(in: a, membersOnly: membersOnly)
      checkNames(in: b, membersOnly: membersOnly)
    case .call(_, let args): args.forEach { checkNames(in: $0, membersOnly: membersOnly) }
    default: break
    }
  }

  private mutating func require(_ name: String, at location: SourceLocation) {
    guard !known.contains(name) else { return }
    var notes: [String] = []
    if let line = forgottenAt[name] {
      notes.append("'\(name)' was forgotten at line \(line)")
    } else if forgottenEarlier.contains(name) {
      notes.append("'\(name)' was forgotten earlier in this session")
    } else if let line = assignedAt[name], line >= location.line {
      notes.append("'\(name)' is assigned later, at line \(line)")
    } else if let best = Suggestions.closest(to: name, among: Array(known)) {
      notes.append("did you mean '\(best)'?")
    } else if known.isEmpty {
      notes.append("nothing is assigned yet: start with  x = load \"file.csv\"")
    }
    diagnostics.append(
      Diagnostic(
        at: location, "no name '\(name)' is assigned before this use", notes: notes,
        length: name.count))
    known.insert(name)  // one report per name
  }
}

/// One usage form of the command table, read for the checker: `E = evaluate MODEL on FRAME`.
struct UsageForm {
  let text: String
  /// The role of each positional argument: FRAME, MODEL, a keyword like `on`, COL, ...
  var roles: [String] = []
  /// Positional arguments every statement of this form has.
  var required = 0
  /// Roles before an optional part (`[by TARGET]`) or `...`: later positions are uncertain.
  var alignedPrefix: Int?
  /// `print VALUE ...`: every later position has this role.
  var repeatedRole: String?

  func role(at i: Int) -> String? {
    if i < (alignedPrefix ?? roles.count) { return roles[i] }
    return repeatedRole
  }
  /// `A, B = split ...`: 2; nil when the form shows no assignment.
  var targets: Int?

  /// Roles that name a bound value (not a column, a keyword or a literal).
  static let valueRoles: Set<String> = [
    "FRAME", "MODEL", "LEFT", "RIGHT", "REFERENCE", "CURRENT", "BINNING",
    "WAREHOUSE", "WAREHOUSE_FRAME", "TRAIN_FRAME", "VALUE"
  ]

  /// FRAME, MODEL, ...; also FRAME.COL, where a bare name can only be the frame.
  static func isValueRole(_ role: String) -> Bool {
    valueRoles.contains(role) || valueRoles.contains(String(role.prefix { $0 != "." }))
  }

  static func describe(_ role: String) -> String {
    if role.first?.isLowercase ?? false { return "'\(role)'" }
    return role.lowercased().replacingOccurrences(of: "_", with: " ")
  }

  init(_ text: String) {
    self.text = text
    var words = UsageForm.split(text)
    if let eq = words.firstIndex(of: "="), eq <= 3, eq + 1 < words.count, words[eq + 1].first?.isLowercase ?? false {
      targets = words[..<eq].joined(separator: " ").split(separator: ",").count
      words.removeFirst(eq + 1)
    }
    words.removeFirst()  // the command
    var i = 0
    var bounded = true
    while i < words.count {
      let w = words[i]
      if i + 1 < words.count && words[i + 1] == "=" {  // derive FRAME NEW = EXPR
        i += 3
        continue
      }
      if w == "..." {
        if bounded, !roles.isEmpty, required == roles.count { required -= 1 }
        if bounded, alignedPrefix == nil, let last = roles.last {
          if UsageForm.isValueRole(last) { repeatedRole = last }
        }
        bounded = false
        if alignedPrefix == nil { alignedPrefix = roles.count }
        i += 1
        continue
      }
      if w.contains("=") && !w.hasPrefix("[") && !w.hasPrefix("{") {
        i += 1
        continue  // an option
      }
      if w.hasPrefix("[") && (w.contains("=") || w.dropFirst().first?.isLowercase ?? false) {
        bounded = false  // an optional part
        if alignedPrefix == nil { alignedPrefix = roles.count }
        i += 1
        continue
      }
      roles.append(w.hasPrefix("[") ? "LIST" : w.hasPrefix("{") ? "BLOCK" : w.hasPrefix("\"") ? "TEXT" : w)
      // A list may be optional (`encode FRAME onehot [COLS]`): it never counts as required.
      if bounded && !w.hasPrefix("[") { required += 1 }
      i += 1
    }
  }

  /// Words, with brackets, braces and quotes kept whole.
  static func split(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    var depth = 0
    var quoted = false
    for ch in text {
      if ch == "\"" { quoted.toggle() }
      if !quoted {
        if ch == "[" || ch == "{" { depth += 1 }
        if ch == "]" || ch == "}" { depth -= 1 }
        if ch == " " && depth == 0 {
          if !current.isEmpty { words.append(current) }
          current = ""
          continue
        }
      }
      current.append(ch)
    }
    if !current.isEmpty { words.append(current) }
    return words
  }
}

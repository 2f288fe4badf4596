import PSDCore

/// The result of parsing a script or a REPL entry.
package struct ParsedScript: Sendable {
  package var statements: [Statement]
  package var diagnostics: [Diagnostic]
  /// True when the text ends inside an open bracket: the REPL should read another line.
  package var isIncomplete: Bool
  /// Names assigned by statements that failed to parse (`cols = [A, B` never closed): later
  /// statements may use them, so a checker must not call them unassigned.
  package var unparsedTargets: [String] = []
}

/// Recursive-descent parser. On an error it records a diagnostic and skips to the next line, so a
/// script with several syntax errors reports all of them before anything runs.
package struct Parser {
  /// Limits, so input never controls recursion or memory without a bound (Docs/repl.md lists
  /// them): brackets, `not` and unary `-` nest at most `maxNesting` deep; a statement holds at
  /// most `maxTerms` values (a longer chain of operators would overflow the stack later, when it
  /// is evaluated) and `maxStatementLength` bytes; a script reports at most `maxDiagnostics`
  /// errors, then stops.
  package static let maxNesting = 100
  package static let maxTerms = 2_000
  package static let maxStatementLength = 100_000
  package static let maxDiagnostics = 20

  private var tokens: [Token]
  /// The targets of the statement being parsed, kept when it fails (see ParsedScript).
  private var currentTargets: [String] = []
  private(set) var unparsedTargets: [String] = []
  /// Line ends where the lexer closed a bracket left open (see Lexer.resyncOffsets).
  private var resyncOffsets: Set<Int> = []
  private var depth = 0
  private var terms = 0
  private var position = 0
  private var diagnostics: [Diagnostic] = []
  private let source: String
  private let utf8: [UInt8]

  package static func parse(_ source: String, file: String) -> ParsedScript {
    let (tokens, lexer) = Lexer.tokenizeAll(source, file: file)
    var parser = Parser(tokens: tokens, source: source)
    parser.resyncOffsets = Set(lexer.resyncOffsets)
    let statements = parser.parseStatements()
    let incomplete = !lexer.openBrackets.isEmpty
    var diagnostics = lexer.diagnostics
    // The lexer said where a bracket was given up; the parser's "expected ']'" there repeats it.
    let parsed = parser.diagnostics.filter { !parser.resyncOffsets.contains($0.location.offset) }
    if incomplete, let open = lexer.openBrackets.last {
      diagnostics += parsed.filter { $0.location.offset < open.location.offset }
      diagnostics.append(Diagnostic(at: open.location, "'\(open.text)' is never closed"))
    } else {
      diagnostics += parsed
    }
    diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    if diagnostics.count > maxDiagnostics {
      let stop = diagnostics[maxDiagnostics].location
      diagnostics.removeLast(diagnostics.count - maxDiagnostics)
      diagnostics.append(
        Diagnostic(
          at: stop, "too many errors (more than \(maxDiagnostics)); stopped reading '\(file)' here",
          notes: ["is it a psd script? a CSV file is read with: x = load \"\(file)\""]))
    }
    return ParsedScript(
      statements: statements, diagnostics: diagnostics, isIncomplete: incomplete,
      unparsedTargets: parser.unparsedTargets)
  }

  /// True when the text ends inside an open bracket or after a `\` continuation (the REPL shows
  /// a continuation prompt), exactly where a file would go on to its next line.
  package static func isIncomplete(_ source: String) -> Bool {
    let lexer = Lexer.tokenizeAll(source, file: "").lexer
    return !lexer.openBrackets.isEmpty || lexer.endsInContinuation
  }

  init(tokens: [Token], source: String) {
    self.tokens = tokens
    self.source = source
    self.utf8 = Array(source.utf8)
  }

  private struct Failure: Error {}

  private var current: Token { tokens[position] }
  private func peek(_ k: Int = 1) -> Token { tokens[min(position + k, tokens.count - 1)] }
  private mutating func advance() -> Token {
    let t = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return t
  }
  private var atStatementEnd: Bool { current.kind == .newline || current.kind == .end }

  private mutating func fail(_ message: String, at token: Token? = nil, notes: [String] = []) -> Failure {
    let t = token ?? current
    diagnostics.append(Diagnostic(at: t.location, message, notes: notes, length: t.length))
    return Failure()
  }

  private func describe(_ t: Token) -> String {
    switch t.kind {
    case .newline: return "end of line"
    case .end: return "end of input"
    case .string: return "string \"\(t.text)\""
    default: return "'\(t.text)'"
    }
  }

  private func text(from start: SourceLocation, to endOffset: Int) -> String {
    let end = max(start.offset, min(endOffset, utf8.count))
    return String(decoding: utf8[start.offset..<end], as: UTF8.self)
  }

  private var previousEnd: Int {
    guard position > 0 else { return 0 }
    let t = tokens[position - 1]
    return t.location.offset + t.length
  }

  mutating func parseStatements() -> [Statement] {
    var statements: [Statement] = []
    while current.kind != .end && diagnostics.count <= Parser.maxDiagnostics {
      if current.kind == .newline || current.isSymbol(";") { _ = advance(); continue }
      do {
        statements.append(try parseStatement())
      } catch {
        unparsedTargets += currentTargets
        // Skip the rest of the statement (brackets are balanced by the lexer's newline rule).
        while !atStatementEnd { _ = advance() }
      }
    }
    return statements
  }

  mutating func parseStatement() throws -> Statement {
    let start = current.location
    terms = 0
    currentTargets = []
    var targets: [(String, SourceLocation)] = []
    // `a, b = command ...` or `a = command ...`
    if current.kind == .identifier, peek().isSymbol("=") || peek().isSymbol(",") {
      var k = 0
      var looksLikeTargets = false
      while tokens[position + k].kind == .identifier {
        let after = tokens[min(position + k + 1, tokens.count - 1)]
        if after.isSymbol("=") { looksLikeTargets = true; break }
        if !after.isSymbol(",") { break }
        k += 2
      }
      if looksLikeTargets {
        while true {
          let t = advance()
          targets.append((t.text, t.location))
          currentTargets.append(t.text)
          if current.isSymbol(",") { _ = advance(); continue }
          _ = advance()  // "="
          break
        }
      }
    }
    if startsExpression {
      let value = try parseExpression()
      if !atStatementEnd && !current.isSymbol(";") {
        throw fail(
          "unexpected \(describe(current)) after the value \(value.text)",
          notes: ["a value statement holds one expression: name = 10, r = fn / fp, level = \"Cash loans\""])
      }
      if previousEnd - start.offset > Parser.maxStatementLength {
        throw fail(
          "the statement is \(previousEnd - start.offset) bytes long; psd reads at most \(Parser.maxStatementLength) per statement",
          at: tokens[max(0, position - 1)])
      }
      return Statement(
        targets: targets, command: Statement.expressionCommand, expression: value,
        commandLocation: value.location, arguments: [], location: start,
        text: text(from: start, to: previousEnd), endLocation: current.location)
    }
    guard current.kind == .identifier else {
      if atStatementEnd { throw fail("expected a command after '='") }
      throw fail(
        "expected a command, found \(describe(current))",
        notes: ["a statement starts with a command such as load, describe or train; type 'help' for the list"])
    }
    let commandToken = advance()
    var command = commandToken.text
    // Hyphenated command words: plot-ascii.
    while current.isSymbol("-") && !current.spaceBefore && peek().kind == .identifier && !peek().spaceBefore {
      _ = advance()
      command += "-" + advance().text
    }
    var arguments: [Statement.Argument] = []
    var expressionNext = false
    while !atStatementEnd && !current.isSymbol(";") {
      if current.kind == .identifier && peek().isSymbol("=") && !expressionNext {
        let nameToken = advance()
        _ = advance()
        if atStatementEnd { throw fail("expected a value after '\(nameToken.text)='") }
        let value = try parseExpression()
        arguments.append(.option(OptionArgument(name: nameToken.text, nameLocation: nameToken.location, value: value)))
        continue
      }
      let wasCondition = expressionNext
      // `print` takes values, so `print "cost:" fn * 2` prints two of them.
      let arg = expressionNext || command == "print" ? try parseExpression() : try parsePositional()
      expressionNext = arg.name == "where"
      // `where A > 1 andd B > 0`: a misspelt operator word would otherwise end the condition.
      if wasCondition, current.kind == .identifier,
        let word = Suggestions.closest(to: current.text, among: ["and", "or", "not", "is"])
      {
        throw fail("unexpected '\(current.text)' after the condition", notes: ["did you mean '\(word)'?"])
      }
      arguments.append(.positional(arg))
    }
    let endLoc = current.location
    if previousEnd - start.offset > Parser.maxStatementLength {
      throw fail(
        "the statement is \(previousEnd - start.offset) bytes long; psd reads at most \(Parser.maxStatementLength) per statement",
        at: commandToken)
    }
    return Statement(
      targets: targets, command: command, expression: nil, commandLocation: commandToken.location,
      arguments: arguments, location: start,
      text: text(from: start, to: previousEnd), endLocation: endLoc)
  }

  /// True when the statement (after any `name =`) is a value, not a command: a literal, a
  /// bracket, a unary operator, or a name followed by an operator, `.member` or `(call`.
  /// `plot-ascii` (a hyphen with no spaces around it) is still a command word.
  private var startsExpression: Bool {
    let t = current
    switch t.kind {
    case .number, .string: return true
    case .symbol: return t.text == "(" || t.text == "[" || t.text == "-"
    case .newline, .end: return false
    case .identifier:
      if !t.quoted && ["not", "true", "false", "missing"].contains(t.text) { return true }
      let next = peek()
      if next.kind == .identifier { return !next.quoted && ["and", "or", "is"].contains(next.text) }
      guard next.kind == .symbol else { return false }
      switch next.text {
      case ".", "(": return !next.spaceBefore
      case "-": return next.spaceBefore || peek(2).spaceBefore || peek(2).kind != .identifier
      case "+", "*", "/", "<", "<=", ">", ">=", "==", "!=": return true
      default: return false
      }
    }
  }

  /// A positional argument: a name, `x.COL`, a literal, a list, a block, or a negative number.
  mutating func parsePositional() throws -> Expr {
    if current.isSymbol("-") && peek().kind == .number && !peek().spaceBefore {
      let minus = advance()
      let number = try parsePrimary()
      return Expr(.unary("-", number), at: minus.location, text: text(from: minus.location, to: previousEnd))
    }
    if current.isSymbol("(") {
      return try parsePrimary()
    }
    // A hyphenated word (`help plot-ascii`): no spaces around the hyphen.
    if current.kind == .identifier, peek().isSymbol("-"), !peek().spaceBefore,
      peek(2).kind == .identifier, !peek(2).spaceBefore
    {
      let first = advance()
      var word = first.text
      while current.isSymbol("-") && !current.spaceBefore && peek().kind == .identifier && !peek().spaceBefore {
        _ = advance()
        word += "-" + advance().text
      }
      return Expr(.name(word), at: first.location, text: word)
    }
    let e = try parsePrimary()
    if case .call = e.kind { return e }
    return e
  }

  package mutating func parseExpression() throws -> Expr {
    try nested { try $0.parseOr() }
  }

  /// One level deeper (a bracket, `not`, unary `-`): refused past `maxNesting`, with the token
  /// where it happened, instead of a stack overflow.
  private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
    if depth >= Parser.maxNesting {
      throw fail(
        "nesting deeper than \(Parser.maxNesting) levels",
        notes: ["split the expression: derive intermediate columns, then combine them"])
    }
    depth += 1
    defer { depth -= 1 }
    return try body(&self)
  }

  private mutating func binaryLevel(_ ops: [String], words: Bool = false, next: (inout Parser) throws -> Expr) throws
    -> Expr
  {
    var left = try next(&self)
    while (words ? current.kind == .identifier && !current.quoted : current.kind == .symbol)
      && ops.contains(current.text)
    {
      let op = advance().text
      if atStatementEnd { throw fail("expected an expression after '\(op)'") }
      let right = try next(&self)
      left = Expr(.binary(op, left, right), at: left.location, text: text(from: left.location, to: previousEnd))
    }
    return left
  }

  private mutating func parseOr() throws -> Expr { try binaryLevel(["or"], words: true) { try $0.parseAnd() } }
  private mutating func parseAnd() throws -> Expr { try binaryLevel(["and"], words: true) { try $0.parseNot() } }

  private mutating func parseNot() throws -> Expr {
    if current.isWord("not") {
      let t = advance()
      let operand = try nested { try $0.parseNot() }
      return Expr(.unary("not", operand), at: t.location, text: text(from: t.location, to: previousEnd))
    }
    return try parseComparison()
  }

  private mutating func parseComparison() throws -> Expr {
    let left = try parseAdditive()
    if current.isWord("is") {
      _ = advance()
      var negated = false
      if current.isWord("not") { _ = advance(); negated = true }
      guard current.isWord("missing") else {
        throw fail("expected 'missing' after 'is\(negated ? " not" : "")', found \(describe(current))")
      }
      _ = advance()
      return Expr(
        .isMissing(left, negated: negated), at: left.location, text: text(from: left.location, to: previousEnd))
    }
    if current.kind == .symbol, ["<", "<=", ">", ">=", "==", "!="].contains(current.text) {
      let op = advance().text
      let right = try parseAdditive()
      return Expr(.binary(op, left, right), at: left.location, text: text(from: left.location, to: previousEnd))
    }
    if current.isSymbol("=") {
      throw fail("'=' is assignment; compare with '=='")
    }
    return left
  }

  private mutating func parseAdditive() throws -> Expr { try binaryLevel(["+", "-"]) { try $0.parseMultiplicative() } }
  private mutating func parseMultiplicative() throws -> Expr { try binaryLevel(["*", "/"]) { try $0.parseUnary() } }

  private mutating func parseUnary() throws -> Expr {
    if current.isSymbol("-") {
      let t = advance()
      let operand = try nested { try $0.parseUnary() }
      if case .number(let v) = operand.kind {
        return Expr(.number(-v), at: t.location, text: text(from: t.location, to: previousEnd))
      }
      return Expr(.unary("-", operand), at: t.location, text: text(from: t.location, to: previousEnd))
    }
    return try parsePrimary()
  }

  private mutating func parsePrimary() throws -> Expr {
    let t = current
    terms += 1
    if terms > Parser.maxTerms {
      throw fail(
        "the statement has more than \(Parser.maxTerms) terms",
        notes: ["split the expression: derive intermediate columns, then combine them"])
    }
    switch t.kind {
    case .number:
      _ = advance()
      guard let v = Double(t.text) ?? Lexer.durationSeconds(t.text) else {
        throw fail("invalid number '\(t.text)'", at: t)
      }
      // 1e999 reads as infinity: refused here, where values enter (scale_pos=1e999 made every PD NaN).
      guard v.isFinite else { throw fail("number '\(t.text)' is too large (the largest is about 1.8e308)", at: t) }
      return Expr(.number(v), at: t.location, text: t.text)
    case .string:
      _ = advance()
      return Expr(.string(t.text), at: t.location, text: text(from: t.location, to: previousEnd))
    case .identifier:
      _ = advance()
      switch t.quoted ? "" : t.text {
      case "true": return Expr(.bool(true), at: t.location, text: t.text)
      case "false": return Expr(.bool(false), at: t.location, text: t.text)
      case "missing": return Expr(.missing, at: t.location, text: t.text)
      default: break
      }
      if current.isSymbol("(") && !current.spaceBefore {
        _ = advance()
        var args: [Expr] = []
        while !current.isSymbol(")") {
          if current.kind == .end { throw fail("expected ')' to close the call to \(t.text)") }
          args.append(try parseExpression())
          if current.isSymbol(",") { _ = advance(); continue }
          if !current.isSymbol(")") {
            throw fail("expected ',' or ')' in the call to \(t.text), found \(describe(current))")
          }
        }
        _ = advance()
        return Expr(.call(t.text, args), at: t.location, text: text(from: t.location, to: previousEnd))
      }
      if current.isSymbol(".") && !current.spaceBefore {
        _ = advance()
        guard current.kind == .identifier, !current.spaceBefore else {
          throw fail("expected a column name after '\(t.text).'")
        }
        let member = advance()
        return Expr(.member(t.text, member.text), at: t.location, text: text(from: t.location, to: previousEnd))
      }
      return Expr(.name(t.text), at: t.location, text: t.text)
    case .symbol:
      switch t.text {
      case "(":
        _ = advance()
        let inner = try parseExpression()
        guard current.isSymbol(")") else { throw fail("expected ')', found \(describe(current))") }
        _ = advance()
        return inner
      case "[":
        _ = advance()
        var items: [Expr] = []
        while !current.isSymbol("]") {
          if current.kind == .end { throw fail("expected ']' to close the list") }
          var item = try parseExpression()
          // `[EXT_SOURCE_3: -1, DAYS_EMPLOYED: 1]`: a key-value pair, kept as a ':' binary.
          if current.isSymbol(":") {
            _ = advance()
            let value = try parseExpression()
            item = Expr(.binary(":", item, value), at: item.location, text: text(from: item.location, to: previousEnd))
          }
          items.append(item)
          if current.isSymbol(",") { _ = advance(); continue }
          if !current.isSymbol("]") { throw fail("expected ',' or ']' in the list, found \(describe(current))") }
        }
        _ = advance()
        return Expr(.list(items), at: t.location, text: text(from: t.location, to: previousEnd))
      case "{":
        return try nested { try $0.parseBlock() }
      default:
        throw fail("expected a value, found \(describe(t))")
      }
    case .newline, .end:
      throw fail("expected a value, found \(describe(t))")
    }
  }

  /// `{ KEY: word word; [A, B]: word; ... }` — entries separated by `;`, `,` or new lines.
  private mutating func parseBlock() throws -> Expr {
    let open = advance()
    var entries: [BlockEntry] = []
    func skipSeparators(_ p: inout Parser) {
      while p.current.kind == .newline || p.current.isSymbol(";") || p.current.isSymbol(",") { _ = p.advance() }
    }
    skipSeparators(&self)
    while !current.isSymbol("}") {
      if current.kind == .end { throw fail("expected '}' to close the block") }
      if position > 0, tokens[position - 1].kind == .newline,
        resyncOffsets.contains(tokens[position - 1].location.offset)
      {
        position -= 1
        throw fail("expected '}' to close the block")
      }
      let entryStart = current.location
      var keys: [Expr] = []
      let key = try parsePrimary()
      if case .list(let items) = key.kind { keys = items } else { keys = [key] }
      guard current.isSymbol(":") else {
        throw fail(
          "expected ':' after \(key.text) in the block, found \(describe(current))",
          notes: ["write entries as COLUMN: mean max; OTHER: counts"])
      }
      _ = advance()
      var words: [Expr] = []
      while current.kind == .identifier || current.kind == .string || current.kind == .number {
        words.append(try parsePrimary())
      }
      if words.isEmpty { throw fail("expected at least one function after '\(key.text):'") }
      entries.append(BlockEntry(keys: keys, words: words, location: entryStart))
      if !(current.isSymbol("}") || current.kind == .newline || current.isSymbol(";") || current.isSymbol(",")) {
        throw fail("expected ';' or '}' after the entry for \(key.text), found \(describe(current))")
      }
      skipSeparators(&self)
    }
    _ = advance()
    return Expr(.block(entries), at: open.location, text: text(from: open.location, to: previousEnd))
  }
}

import Testing
@testable import PSDLanguage

private func parse(_ s: String) -> ParsedScript { Parser.parse(s, file: "t.psd") }

@Test func assignmentWithSeveralTargets() throws {
  let p = parse("tr, te = split data ratio=0.8 stratify=TARGET seed=42\n")
  #expect(p.diagnostics.isEmpty)
  let s = try #require(p.statements.first)
  #expect(s.targets.map(\.name) == ["tr", "te"])
  #expect(s.command == "split")
  #expect(s.positionals.map(\.text) == ["data"])
  #expect(s.options.map(\.name) == ["ratio", "stratify", "seed"])
  #expect(s.options[0].value.kind == .number(0.8))
  #expect(s.options[1].value.kind == .name("TARGET"))
}

@Test func tokensCarryLineAndColumn() {
  let lexed = Lexer.tokenize("x = load \"a.csv\"\n  describe x.AMT_CREDIT", file: "f.psd")
  let describe = lexed.tokens.first { $0.text == "describe" }!
  #expect(describe.location.line == 2)
  #expect(describe.location.column == 3)
  #expect(describe.location.description == "f.psd:2:3")
}

@Test func columnsAreCountedInCharactersNotBytes() {
  let lexed = Lexer.tokenize("print \"é\" x", file: "f.psd")
  let x = lexed.tokens.first { $0.text == "x" }!
  #expect(x.location.column == 11)
}

@Test func hyphenatedCommandWord() throws {
  let s = try #require(parse("plot-ascii hist app.AMT_CREDIT bins=40 by TARGET\n").statements.first)
  #expect(s.command == "plot-ascii")
  #expect(s.positionals.map(\.kind) == [.name("hist"), .member("app", "AMT_CREDIT"), .name("by"), .name("TARGET")])
}

@Test func deriveParsesTheWholeExpression() throws {
  let s = try #require(parse("app = derive app CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL - 1\n").statements.first)
  let option = try #require(s.options.first)
  #expect(option.name == "CREDIT_INCOME")
  guard case .binary("-", let left, let right) = option.value.kind else { Issue.record("not a subtraction"); return }
  #expect(right.kind == .number(1))
  guard case .binary("/", _, _) = left.kind else { Issue.record("division should bind tighter"); return }
}

@Test func filterTakesAnExpressionAfterWhere() throws {
  let s = try #require(
    parse("f = filter app where AMT_CREDIT > 1e5 and not (EXT_SOURCE_1 is missing) or X != \"a\"\n").statements.first)
  #expect(s.positionals.count == 3)
  guard case .binary("or", let a, _) = s.positionals[2].kind else { Issue.record("or should bind loosest"); return }
  guard case .binary("and", _, let b) = a.kind, case .unary("not", let inner) = b.kind else {
    Issue.record("and/not structure"); return
  }
  #expect(
    inner.kind == .isMissing(Expr(.name("EXT_SOURCE_1"), at: inner.location, text: "EXT_SOURCE_1"), negated: false)
      || { if case .isMissing = inner.kind { return true } else { return false } }())
}

@Test func blockSpansLinesAndSeparators() throws {
  let p = parse(
    """
    buro = aggregate bureau by SK_ID_CURR {
      AMT_CREDIT_SUM: mean max
      [DAYS_CREDIT, DAYS_CREDIT_UPDATE]: min mean; CREDIT_ACTIVE: counts
    } prefix="BURO_"
    describe buro

    """)
  #expect(p.diagnostics.isEmpty)
  #expect(p.statements.count == 2)
  guard case .block(let entries) = p.statements[0].positionals[3].kind else { Issue.record("no block"); return }
  #expect(entries.count == 3)
  #expect(entries[1].keys.map(\.text) == ["DAYS_CREDIT", "DAYS_CREDIT_UPDATE"])
  #expect(entries[2].words.map(\.text) == ["counts"])
  #expect(p.statements[0].options.first?.name == "prefix")
}

@Test func listsContinueAcrossLines() throws {
  let p = parse("m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR,\n  TARGET]\nshow m\n")
  #expect(p.diagnostics.isEmpty)
  #expect(p.statements.count == 2)
}

@Test func negativeNumbersAndLiterals() throws {
  let s = try #require(parse("replace app DAYS_EMPLOYED -1 with missing\n").statements.first)
  #expect(s.positionals.count == 5)
  #expect(s.positionals[4].kind == .missing)
  let t = try #require(parse("x = f a=-3 b=true c=\"s\" d=1e-05\n").statements.first)
  #expect(t.options.map(\.value.kind) == [.number(-3), .bool(true), .string("s"), .number(1e-05)])
}

@Test func backQuotedNames() throws {
  let s = try #require(parse("x = select app [`Spouse, partner`, AMT]\n").statements.first)
  guard case .list(let items) = s.positionals[1].kind else { Issue.record("no list"); return }
  #expect(items.map(\.kind) == [.name("Spouse, partner"), .name("AMT")])
}

@Test func severalErrorsAreAllReported() {
  let p = parse("x = = 1\ny = load \"a\nz = show [1, 2\n")
  #expect(p.diagnostics.count == 3)
  #expect(p.diagnostics.map(\.location.line) == [1, 2, 3])
  #expect(p.isIncomplete)
}

@Test func recoversAtTheNextLine() {
  let p = parse("x = = 1\nshow x\n")
  #expect(p.diagnostics.count == 1)
  #expect(p.statements.map(\.command) == ["show"])
}

@Test func commentsAndCRLF() {
  let p = parse("# a comment\r\nshow x # trailing\r\nshow y\r\n")
  #expect(p.diagnostics.isEmpty)
  #expect(p.statements.map(\.text) == ["show x", "show y"])
}

@Test func diagnosticRendersCaretUnderTheColumn() {
  let d = Diagnostic(
    at: SourceLocation(file: "s.psd", line: 2, column: 10, offset: 0), "no column 'AMT_CREDT' in 'app'",
    notes: ["did you mean 'AMT_CREDIT'?"], length: 1)
  let text = d.rendered(source: "a\ndescribe AMT_CREDT\n")
  #expect(
    text
      == "s.psd:2:10: error: no column 'AMT_CREDT' in 'app'\n  describe AMT_CREDT\n           ^\nnote: did you mean 'AMT_CREDIT'?"
  )
}

@Test func hyphenatedWordAsArgument() throws {
  let s = try #require(parse("help plot-ascii\n").statements.first)
  #expect(s.positionals.map(\.kind) == [.name("plot-ascii")])
  // With spaces it is not one word: a lone '-' is not an argument.
  #expect(parse("x = f a - b\n").diagnostics.count == 1)
}

@Test func misspeltOperatorWordInAConditionIsNamed() {
  let p = parse("x = filter apps where CI > 1 andd INCOME > 0\n")
  #expect(p.diagnostics.count == 1)
  #expect(p.diagnostics.first?.message == "unexpected 'andd' after the condition")
  #expect(p.diagnostics.first?.notes == ["did you mean 'and'?"])
  #expect(p.diagnostics.first?.location.column == 30)
}

@Test func listsHoldKeyValuePairs() throws {
  let s = try #require(parse("m = train gbdt on tr monotone=[EXT_SOURCE_3: -1, DAYS_EMPLOYED:1]\n").statements.first)
  let value = try #require(s.options.first { $0.name == "monotone" }?.value)
  guard case .list(let items) = value.kind, items.count == 2,
    case .binary(":", let key, let direction) = items[0].kind
  else {
    Issue.record("expected a list of two pairs, got \(value.kind)")
    return
  }
  #expect(key.kind == .name("EXT_SOURCE_3"))
  #expect(direction.kind == .number(-1))
  #expect(items[1].text == "DAYS_EMPLOYED:1")
  // A plain list is unchanged.
  let plain = try #require(parse("x = select app [A, B]\n").statements.first)
  guard case .list(let names) = plain.positionals[1].kind else {
    Issue.record("expected a list")
    return
  }
  #expect(names.map(\.kind) == [.name("A"), .name("B")])
}

import Testing
@testable import PSDLanguage

// Issue 13: input never controls recursion or memory without a bound; past each limit the
// parser says which limit, where, instead of overflowing the stack.

private func parse(_ s: String) -> ParsedScript { Parser.parse(s, file: "t.psd") }

@Test func twoThousandNestedBracketsAreAClearError() {
  for (open, close) in [("(", ")"), ("[", "]")] {
    let text =
      "x = derive a Y = " + String(repeating: open, count: 2_000) + "1"
      + String(repeating: close, count: 2_000) + "\n"
    let p = parse(text)
    #expect(p.statements.isEmpty)
    #expect(p.diagnostics.count == 1)
    #expect(p.diagnostics.first?.message == "nesting deeper than \(Parser.maxNesting) levels")
  }
  // `not` and unary minus chains nest too.
  let nots = parse("x = filter a where " + String(repeating: "not ", count: 5_000) + "B\n")
  #expect(nots.diagnostics.first?.message == "nesting deeper than \(Parser.maxNesting) levels")
  let minus = parse("x = derive a Y = " + String(repeating: "- ", count: 5_000) + "B\n")
  #expect(minus.diagnostics.first?.message == "nesting deeper than \(Parser.maxNesting) levels")
  // Nested blocks.
  let blocks = parse("a = aggregate b by K " + String(repeating: "{", count: 3_000) + "\n")
  #expect(blocks.diagnostics.contains { $0.message == "nesting deeper than \(Parser.maxNesting) levels" })
}

@Test func nestingUpToTheLimitParses() throws {
  let depth = Parser.maxNesting - 1
  let text =
    "x = derive a Y = " + String(repeating: "(", count: depth) + "B"
    + String(repeating: ")", count: depth) + "\n"
  let p = parse(text)
  #expect(p.diagnostics.isEmpty)
  #expect(p.statements.count == 1)
}

@Test func twentyThousandUnexpectedCharactersAreReportedOnceBounded() {
  let p = parse("x = " + String(repeating: "@", count: 20_000) + "\n")
  #expect(p.diagnostics.count == Parser.maxDiagnostics + 1)
  #expect(p.diagnostics.first?.message == "unexpected character '@'")
  #expect(p.diagnostics.last?.message.hasPrefix("too many errors (more than \(Parser.maxDiagnostics))") == true)
}

@Test func aCSVFileReadAsAScriptStopsAfterABoundedNumberOfErrors() {
  var csv = "SK_ID_CURR,TARGET,AMT_CREDIT,NAME\n"
  for i in 0..<5_000 { csv += "\(100_000 + i),\(i % 2),\(i).5,\"x y\"\n" }
  let p = Parser.parse(csv, file: "app.csv")
  #expect(p.diagnostics.count == Parser.maxDiagnostics + 1)
  let last = p.diagnostics.last
  #expect(last?.message == "too many errors (more than \(Parser.maxDiagnostics)); stopped reading 'app.csv' here")
  #expect(last?.notes == ["is it a psd script? a CSV file is read with: x = load \"app.csv\""])
}

@Test func twentyThousandTermDeriveIsAClearError() {
  let terms = (0..<20_000).map { "C\($0)" }.joined(separator: " + ")
  let p = parse("x = derive a Y = \(terms)\n")
  #expect(p.statements.isEmpty)
  #expect(p.diagnostics.first?.message == "the statement has more than \(Parser.maxTerms) terms")
  // Just under the limit parses (and the tree is a left-deep chain of that length).
  let fewer = (0..<(Parser.maxTerms - 1)).map { "C\($0)" }.joined(separator: " + ")
  #expect(parse("x = derive a Y = \(fewer)\n").diagnostics.isEmpty)
}

@Test func overlongStatementIsAClearError() {
  let p = parse("print \"" + String(repeating: "a", count: Parser.maxStatementLength + 10) + "\"\n")
  #expect(p.statements.isEmpty)
  #expect(
    p.diagnostics.first?.message.hasSuffix("psd reads at most \(Parser.maxStatementLength) per statement") == true)
}

@Test func backQuotedKeywordsAreNames() throws {
  let s = try #require(
    parse("x = filter a where `true` == 1 and `missing` is missing and `not` > `and`\n").statements.first)
  guard case .binary("and", let left, let right) = s.positionals.last?.kind else {
    Issue.record("expected an and-chain, got \(String(describing: s.positionals.last))"); return
  }
  guard case .binary("and", let first, let second) = left.kind else { Issue.record("\(left)"); return }
  guard case .binary("==", let t, _) = first.kind else { Issue.record("\(first)"); return }
  #expect(t.kind == .name("true"))
  guard case .isMissing(let m, negated: false) = second.kind else { Issue.record("\(second)"); return }
  #expect(m.kind == .name("missing"))
  guard case .binary(">", let n, let a) = right.kind else { Issue.record("\(right)"); return }
  #expect(n.kind == .name("not"))
  #expect(a.kind == .name("and"))
  // Unquoted, they stay keywords.
  let plain = try #require(parse("x = derive a Y = true\n").statements.first)
  #expect(plain.options.first?.value.kind == .bool(true))
}

@Test func columnsOnAVeryLongLineAreCountedRight() {
  // 200,000 tokens on one line: columns are counted on from the previous token (not from the
  // line start each time, which took minutes), and still come out right.
  let line = String(repeating: "a ", count: 200_000)
  let lexed = Lexer.tokenize(line, file: "t.psd")
  #expect(lexed.tokens.count == 200_001)
  #expect(lexed.tokens[199_999].location.column == 399_999)
}

@Test func aNumberBeyondDoubleIsASyntaxError() {
  let p = parse("m = train gbdt on tr target=TARGET scale_pos=1e999\n")
  #expect(p.statements.isEmpty)
  #expect(p.diagnostics.first?.message == "number '1e999' is too large (the largest is about 1.8e308)")
}

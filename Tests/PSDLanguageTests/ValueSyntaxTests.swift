import Testing
@testable import PSDLanguage

/// Value statements (`fn = 10`, `e.auc`), print's expressions, `\` at the end of a REPL line and
/// the recovery after a bracket left open.

private func parse(_ s: String) -> ParsedScript { Parser.parse(s, file: "t.psd") }

@Test func valueStatementsAreExpressionsNotCommands() throws {
  let p = parse("fn = 10\nr = fn / 2 + 1\nlevel = \"Cash loans\"\ne.auc\nok = not done\nneg = -fn\n")
  #expect(p.diagnostics.isEmpty, "\(p.diagnostics)")
  #expect(p.statements.count == 6)
  #expect(p.statements.allSatisfy { $0.command == Statement.expressionCommand && $0.expression != nil })
  #expect(p.statements[0].expression?.kind == .number(10))
  guard case .binary("+", let left, _)? = p.statements[1].expression?.kind else {
    Issue.record("r is not a sum"); return
  }
  #expect(left.text == "fn / 2")
  #expect(p.statements[3].targets.isEmpty)
  #expect(p.statements[3].expression?.kind == .member("e", "auc"))
}

@Test func commandsStayCommands() throws {
  let p = parse("describe app by TARGET\nx = load \"a.csv\"\nplot-ascii hist app.X\nm2 = m\n")
  #expect(p.diagnostics.isEmpty)
  #expect(p.statements.map(\.command) == ["describe", "load", "plot-ascii", "m"])
  #expect(p.statements.allSatisfy { $0.expression == nil })
}

@Test func printTakesExpressions() throws {
  let p = parse("print \"cost\" fn * 2 (a > 1)\n")
  #expect(p.diagnostics.isEmpty)
  #expect(p.statements.first?.positionals.map(\.text) == ["\"cost\"", "fn * 2", "a > 1"])
}

@Test func aTrailingBackslashAsksForTheNextLine() {
  #expect(Parser.isIncomplete("x = select app \\"))
  #expect(Parser.isIncomplete("x = select app \\  "))
  #expect(!Parser.isIncomplete("x = select app \\\n  [A]"))
  #expect(!Parser.isIncomplete("print \"a\\\\\""))
  #expect(!Parser.isIncomplete("x = 1 # not a continuation \\"))
  // A `\` with blanks after it continues in a file too.
  let p = parse("x = select app \\  \n  [A, B]\n")
  #expect(p.diagnostics.isEmpty, "\(p.diagnostics)")
  #expect(p.statements.count == 1)
}

@Test func anUnclosedBracketDoesNotHideLaterErrors() throws {
  let p = parse("a = 1\nb = 2\ncols = [A, B\nm = train x on y trees=\nz = [1, 2]\n")
  let messages = p.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
  #expect(messages == ["3:8 '[' is never closed", "4:24 expected a value after 'trees='"], "\(messages)")
  #expect(p.statements.map { $0.targets.first?.name } == ["a", "b", "z"])
  #expect(p.unparsedTargets == ["cols", "m"])
  #expect(!p.isIncomplete)
}

@Test func aListOverSeveralIndentedLinesIsStillOneStatement() {
  let p = parse("cols = [A,\n  B,\nC]\nx = 1\n")
  #expect(p.diagnostics.isEmpty, "\(p.diagnostics)")
  #expect(p.statements.count == 2)
}

@Test func aConditionGoingOnInsideBracketsIsNotANewStatement() {
  let p = parse("x = filter a where (A > 1\nand B < 2\nor not C)\ny = derive a Z = if(A > 1,\nB, C)\n")
  #expect(p.diagnostics.isEmpty, "\(p.diagnostics)")
  #expect(p.statements.count == 2)
}

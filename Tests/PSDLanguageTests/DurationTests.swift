import Testing
@testable import PSDLanguage

/// Durations (`budget=120s`) are numbers of seconds; other letters after digits stay an error.
@Test func durationsAreSeconds() throws {
  let p = Parser.parse("m = tune gbdt on tr budget=120s\nsleep 2m\n", file: "t.psd")
  #expect(p.diagnostics.isEmpty)
  #expect(p.statements[0].options[0].value.kind == .number(120))
  #expect(p.statements[1].positionals[0].kind == .number(120))
  #expect(Lexer.durationSeconds("1.5h") == 5400)
  #expect(Lexer.durationSeconds("3x") == nil)
  #expect(!Parser.parse("x = 3x\n", file: "t.psd").diagnostics.isEmpty)
  #expect(!Parser.parse("x = 3sec\n", file: "t.psd").diagnostics.isEmpty)
}

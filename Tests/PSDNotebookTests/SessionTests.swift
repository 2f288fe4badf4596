import Testing
import PSDTestSupport
import PSDData
@testable import PSDNotebook

private func session() -> (Session, CapturingOutput) { makeSession(baseDirectory: nil) }

@Test func unknownCommandSuggestsClosest() {
  let (s, out) = session()
  let outcome = s.run(script: "x = descibe y\n", file: "t.psd")
  #expect(outcome == .syntaxError)  // found by the check before anything runs
  #expect(out.stderr.contains("t.psd:1:5: error: unknown command 'descibe'"))
  #expect(out.stderr.contains("note: did you mean 'describe'?") || !CommandTable.names.contains("describe"))
}

@Test func allSyntaxErrorsReportedBeforeAnythingRuns() {
  let (s, out) = session()
  let outcome = s.run(script: "set width=80\nx = = 3\nprint \"a\nset seed=1 (\n", file: "t.psd")
  #expect(outcome == .syntaxError)
  #expect(s.settings.width == 100)  // the first, valid statement did not run
  #expect(out.stderr.contains("t.psd:2:5: error"))
  #expect(out.stderr.contains("t.psd:3:7: error: unterminated string"))
  #expect(out.stderr.contains("t.psd:4:12: error: '(' is never closed"))
}

@Test func failedStatementChangesNothing() {
  let (s, out) = session()
  s.bind("a", .number(1))
  let outcome = s.run(script: "set width=90 digits=99\n", file: "t.psd")
  #expect(outcome == .failed(.usage))
  #expect(s.settings.width == 100)
  #expect(out.stderr.contains("option 'digits' must be between 1 and 17, found 99"))
}

@Test func unknownOptionSuggestsClosest() {
  let (s, out) = session()
  _ = s.run(script: "set widht=90\n", file: "t.psd")
  #expect(out.stderr.contains("t.psd:1:5: error: unknown option 'widht' for set"))
  #expect(out.stderr.contains("note: did you mean 'width'?"))
}

@Test func unknownNameSuggestsClosest() {
  let (s, out) = session()
  s.bind("train_set", .number(1))
  _ = s.run(script: "print trainset\n", file: "t.psd")
  #expect(out.stderr.contains("t.psd:1:7: error: no name 'trainset' is assigned before this use"))
  #expect(out.stderr.contains("did you mean 'train_set'?"))
}

@Test func historyKeepsOnlySucceededStatements() {
  let (s, _) = session()
  s.keepGoing = true
  _ = s.run(script: "set width=90\nset width=5\nprint 1\n", file: "t.psd")
  #expect(s.history == ["set width=90", "print 1"])
  #expect(s.cells.count == 3)
  #expect(s.cells[1].succeeded == false)
}

@Test func incompleteInputWhileBracketOpen() {
  #expect(Session.isIncomplete("x = aggregate b by K {A: mean"))
  #expect(!Session.isIncomplete("x = aggregate b by K {A: mean}"))
  #expect(Session.isIncomplete("print [1,\n 2"))
}

@Test func helpListsEveryCommand() {
  let (s, out) = session()
  _ = s.run(script: "help\n", file: "t.psd")
  for name in CommandTable.names { #expect(out.stdout.contains(name)) }
  _ = s.run(script: "help hepl\n", file: "t.psd")
  #expect(out.stderr.contains("did you mean 'help'?"))
}

@Test func completesCommandsNamesColumnsAndOptions() throws {
  let (s, _) = session()
  let frame = try DataFrame(columns: [.float("AMT_CREDIT", [1, 2]), .float("AMT_ANNUITY", [3, 4])])
  s.bind("app", .frame(frame))
  #expect(s.completions(line: "he", cursor: 2) == ["help"])
  #expect(s.completions(line: "x = his", cursor: 7) == ["history"])
  #expect(s.completions(line: "print ap", cursor: 8) == ["app"])
  #expect(Set(s.completions(line: "print app.AMT_C", cursor: 15)) == ["app.AMT_CREDIT"])
  #expect(s.completions(line: "set wid", cursor: 7) == ["width="])
  #expect(s.completions(line: "print \"ap", cursor: 9).isEmpty)
}

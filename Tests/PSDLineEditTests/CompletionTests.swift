import Foundation
import PSDData
import PSDNotebook
import Testing
import PSDTestSupport
@testable import PSDLineEdit

/// What Tab inserts, decided without a terminal (the tmux check in Scripts/check_repl.sh covers
/// the keys themselves).

@Test func uniqueMatchCompletesAndAddsASpace() {
  #expect(CompletionPlan.plan(before: "desc", candidates: ["describe"]) == .insert("ribe "))
}

@Test func ambiguousMatchesInsertTheCommonPrefixThenList() {
  let candidates = ["AMT_CREDIT", "AMT_INCOME_TOTAL", "AMT_ANNUITY"]
  #expect(CompletionPlan.plan(before: "print A", candidates: candidates) == .insert("MT_"))
  #expect(
    CompletionPlan.plan(before: "print AMT_", candidates: candidates)
      == .list(["AMT_ANNUITY", "AMT_CREDIT", "AMT_INCOME_TOTAL"]))
}

@Test func noMatchBeeps() {
  #expect(CompletionPlan.plan(before: "zz", candidates: ["describe"]) == .none)
}

@Test func optionsAndDotsWaitForMore() {
  #expect(CompletionPlan.plan(before: "train gbdt on tr tre", candidates: ["trees="]) == .insert("es="))
}

@Test func qualifiedAndBareColumnCandidatesBothComplete() {
  #expect(CompletionPlan.plan(before: "describe app.AMT_CR", candidates: ["app.AMT_CREDIT"]) == .insert("EDIT "))
  #expect(CompletionPlan.plan(before: "describe app.AMT_CR", candidates: ["AMT_CREDIT"]) == .insert("EDIT "))
}

@Test func multibyteWordsCompleteByCharacter() {
  #expect(CompletionPlan.plan(before: "print ñan", candidates: ["ñandú"]) == .insert("dú "))
}

@Test func commandNamesWithDashesAreOneWord() {
  #expect(CompletionPlan.currentWord("plot-as") == "plot-as")
  #expect(CompletionPlan.currentWord("x = describe app.AMT") == "app.AMT")
  #expect(CompletionPlan.currentWord("sort app by [a, b") == "b")
}

@Test func candidatesAreLaidOutInColumns() {
  let text = CompletionPlan.columns(["aa", "bbbb", "c", "dd"], width: 14)
  #expect(text == "aa    bbbb\nc     dd")
}

@Test func pathCompletionOnlyInsideAnOpenString() {
  #expect(PathCompletion.openLiteral("x = load \"Examples/da") == "Examples/da")
  #expect(PathCompletion.openLiteral("x = load \"a.csv\" sep=") == nil)
  #expect(PathCompletion.openLiteral("print \"a \\\" b") == "a \\\" b")
  #expect(PathCompletion.openLiteral("# load \"x") == nil)
}

@Test func pathCandidatesListDirectoriesWithASlash() throws {
  let dir = TemporaryDirectory("paths")
  defer { dir.remove() }
  try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("data"), withIntermediateDirectories: true)
  for name in ["application_train.csv", "application_test.csv", ".hidden.csv"] { dir.write(name, "") }
  let base = dir.path + "/"
  #expect(
    PathCompletion.candidates(for: base + "app")
      == [base + "application_test.csv", base + "application_train.csv"])
  #expect(PathCompletion.candidates(for: base + "d") == [base + "data/"])
  #expect(PathCompletion.candidates(for: base + ".h") == [base + ".hidden.csv"])
  #expect(!PathCompletion.candidates(for: base).contains(base + ".hidden.csv"))
  // A unique file closes the string; a directory waits for more.
  #expect(
    CompletionPlan.plan(
      typed: base + "d", matches: PathCompletion.candidates(for: base + "d"),
      terminator: PathCompletion.terminator) == .insert("ata/"))
  #expect(
    CompletionPlan.plan(
      typed: base + "application_tr", matches: PathCompletion.candidates(for: base + "application_tr"),
      terminator: PathCompletion.terminator) == .insert("ain.csv\""))
}

@Test func sessionCandidatesThroughThePlan() throws {
  let (session, _) = makeSession(baseDirectory: nil)
  let app = try DataFrame(columns: [
    .int("SK_ID_CURR", [1, 2]), .float("AMT_CREDIT", [1, 2]), .float("AMT_INCOME_TOTAL", [3, 4])
  ])
  session.bind("app", .frame(app))
  func tab(_ line: String) -> CompletionAction {
    CompletionPlan.plan(before: line, candidates: session.completions(line: line, cursor: line.count))
  }
  #expect(tab("x = sel") == .insert("ect "))
  #expect(tab("print ap") == .insert("p "))
  #expect(tab("s = select app [app.AMT_C") == .insert("REDIT "))
  #expect(tab("s = select app [app.AMT_") == .list(["app.AMT_CREDIT", "app.AMT_INCOME_TOTAL"]))
}

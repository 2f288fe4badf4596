import Foundation
import Testing
import PSDTestSupport
import PSDLanguage
@testable import PSDNotebook

/// The whole-script check: what it finds before anything runs, and what it must never flag.

private func check(_ script: String, known: Set<String> = []) -> [Diagnostic] {
  let parsed = Parser.parse(script, file: "t.psd")
  #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
  return ScriptChecker.check(parsed.statements, known: known)
}

@Test func checkerFindsFiveKindsOfErrorAtOnce() {
  let found = check(
    """
    app = load "a.csv"
    x = descibe app
    m = train gbdt on app target=TARGET trees=many
    s = filter ap where A > 1
    tr, te, va = split app ratio=0.8
    show app limt=5
    evaluate m on
    """)
  let messages = found.map { "\($0.location.line): \($0.message)" }
  #expect(messages.contains("2: unknown command 'descibe'"), "\(messages)")
  #expect(messages.contains("3: option 'trees' of train expects a whole number, found many"), "\(messages)")
  #expect(messages.contains("4: no name 'ap' is assigned before this use"), "\(messages)")
  #expect(messages.contains("5: split returns 2 values, but 3 names are given"), "\(messages)")
  #expect(messages.contains("6: unknown option 'limt' for show"), "\(messages)")
  #expect(messages.contains { $0.hasPrefix("7: evaluate: expected frame") }, "\(messages)")
  #expect(found.first { $0.message.contains("'ap'") }?.notes == ["did you mean 'app'?"])
}

@Test func checkerReportsAUseOfAForgottenNameButNotAfterAFailedForget() {
  let found = check("a = 1\nb = 2\nforget a\nprint a b\nforget b nope\nprint b\na = 3\nprint a\n")
  let messages = found.map { "\($0.location.line): \($0.message)" }
  // `print a` at line 4 is flagged with the line that forgot it; `forget b nope` fails on
  // `nope`, so `b` stays bound and `print b` is fine; `a` is bound again at line 7.
  #expect(
    messages == [
      "4: no name 'a' is assigned before this use", "5: no name 'nope' is assigned before this use"
    ], "\(messages)")
  #expect(found.first?.notes == ["'a' was forgotten at line 3"])
}

@Test func checkerSaysWhenANameIsAssignedLater() {
  let found = check("print fn\nfn = 10\n")
  #expect(found.count == 1)
  #expect(found.first?.notes == ["'fn' is assigned later, at line 2"])
}

@Test func checkerKnowsTheSessionsNamesAndScalarOptions() {
  #expect(check("t = threshold m on te cost fn=fn fp=1\n", known: ["m", "te", "fn"]).isEmpty)
  let found = check("t = threshold m on te cost fn=fnn fp=1\n", known: ["m", "te", "fn"])
  #expect(found.map(\.message) == ["no name 'fnn' is assigned before this use"])
}

@Test func checkerChecksChoicesButNotScalarNames() {
  #expect(
    check("j = join a b on K kind=lft\n", known: ["a", "b"]).map(\.message) == ["option 'kind' has no value 'lft'"])
  #expect(check("k = \"left\"\nj = join a b on K kind=k\n", known: ["a", "b"]).isEmpty)
}

@Test func afterRunNamesAreNotChecked() {
  #expect(check("run \"setup.psd\"\ndescribe app\n").isEmpty)
}

/// Every example and every golden script that expects no check error passes the check: the
/// checker must never stop a script that would run.
@Test func examplesAndGoldensPassTheCheck() throws {
  var files: [URL] = []
  for folder in ["Examples", "Tests/GoldenScripts"] {
    let dir = repositoryRoot.appendingPathComponent(folder)
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".psd") {
      files.append(dir.appendingPathComponent(name))
    }
  }
  #expect(files.count > 20)
  for url in files {
    let text = try String(contentsOf: url, encoding: .utf8)
    if text.hasPrefix("# golden: keep-going") || text.contains("nothing was run") { continue }
    let parsed = Parser.parse(text, file: url.lastPathComponent)
    let found = ScriptChecker.check(parsed.statements, known: [])
    #expect(found.isEmpty, "\(url.lastPathComponent): \(found.map { $0.rendered() })")
  }
}

@Test func usageFormsGiveRolesAndArity() {
  let evaluate = UsageForm("E = evaluate MODEL on FRAME")
  #expect(evaluate.roles == ["MODEL", "on", "FRAME"])
  #expect(evaluate.required == 3)
  #expect(evaluate.targets == 1)
  let split = UsageForm("A, B = split FRAME ratio=0.8 stratify=TARGET seed=42")
  #expect(split.targets == 2 && split.required == 1)
  let derive = UsageForm("derive FRAME NEW = EXPR")
  #expect(derive.roles == ["FRAME"] && derive.targets == nil)
  let select = UsageForm("select FRAME COL1 COL2 ...")
  #expect(select.required == 2)
  let print = UsageForm("print VALUE ...")
  #expect(print.required == 0 && print.role(at: 3) == "VALUE")
  let hist = UsageForm("plot-ascii hist FRAME.COL [bins=N] [by TARGET]")
  #expect(hist.required == 2 && hist.role(at: 2) == nil)
}

@Test func checkerSaysANameWasForgottenInAnEarlierEntry() {
  let parsed = Parser.parse("print a\n", file: "t.psd")
  let found = ScriptChecker.check(parsed.statements, known: ["b"], forgotten: ["a"])
  #expect(found.map(\.message) == ["no name 'a' is assigned before this use"])
  #expect(found.first?.notes == ["'a' was forgotten earlier in this session"])
}

import Foundation
import Testing
import PSDTestSupport
import PSDData
@testable import PSDNotebook

/// `save session` writes the statements that succeeded; running that file in a fresh session
/// gives the same names bound to the same values.
@Test func savedSessionReRunsToTheSameState() throws {
  let (first, _) = makeSession(keepGoing: true)
  let script = """
    app = load "Examples/data/application_train.csv"
    app = replace app DAYS_EMPLOYED 365243 with missing
    app = derive app CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL
    bad = derive app X = NO_SUCH_COLUMN * 2
    small = filter app where CREDIT_INCOME > 3
    tr, te = split app ratio=0.7 stratify=TARGET seed=7
    """
  _ = first.run(script: script, file: "study.psd")
  #expect(first.value(named: "bad") == nil)
  let directory = TemporaryDirectory("save")
  defer { directory.remove() }
  let saved = directory.path("saved.psd")
  #expect(first.run(script: "save session \"\(saved)\"\n", file: "repl") == .succeeded)

  let text = try String(contentsOfFile: saved, encoding: .utf8)
  #expect(!text.contains("NO_SUCH_COLUMN"))  // the failed statement is not saved
  #expect(text.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 5)

  let (second, _) = makeSession()
  #expect(second.run(script: text, file: saved) == .succeeded)
  #expect(Set(second.bindings.keys) == Set(first.bindings.keys))
  for name in ["app", "small", "tr", "te"] {
    guard case .frame(let a)? = first.value(named: name), case .frame(let b)? = second.value(named: name) else {
      Issue.record("\(name) is not a frame in both sessions"); continue
    }
    expectFramesEqual(b, a, name)
  }
}

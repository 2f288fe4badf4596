import Foundation
import Testing
import PSDData
@testable import PSDNotebook

/// `save session` writes the statements that succeeded; running that file in a fresh session
/// gives the same names bound to the same values.
@Test func savedSessionReRunsToTheSameState() throws {
  let out = CapturingOutput()
  let first = Session(output: out)
  first.baseDirectory = repositoryRoot.path
  first.keepGoing = true
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
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("psd-save-\(getpid())")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  let saved = directory.appendingPathComponent("saved.psd").path
  #expect(first.run(script: "save session \"\(saved)\"\n", file: "repl") == .succeeded)

  let text = try String(contentsOfFile: saved, encoding: .utf8)
  #expect(!text.contains("NO_SUCH_COLUMN"))     // the failed statement is not saved
  #expect(text.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 5)

  let second = Session(output: CapturingOutput())
  second.baseDirectory = repositoryRoot.path
  #expect(second.run(script: text, file: saved) == .succeeded)
  #expect(Set(second.bindings.keys) == Set(first.bindings.keys))
  for name in ["app", "small", "tr", "te"] {
    guard case .frame(let a)? = first.value(named: name), case .frame(let b)? = second.value(named: name) else {
      Issue.record("\(name) is not a frame in both sessions"); continue
    }
    #expect(a.columnNames == b.columnNames)
    #expect(a.rowCount == b.rowCount)
    let ids = { (f: DataFrame) in (0..<f.rowCount).map { f["SK_ID_CURR"]!.text($0) } }
    #expect(ids(a) == ids(b), "\(name): rows differ")
    let ratio = { (f: DataFrame) in (0..<f.rowCount).map { f["CREDIT_INCOME"]!.doubleValue($0).bitPattern } }
    #expect(ratio(a) == ratio(b))
  }
}

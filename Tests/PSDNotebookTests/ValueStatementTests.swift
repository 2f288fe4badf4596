import Foundation
import Testing
import PSDTestSupport
import PSDData
import PSDLanguage
@testable import PSDNotebook

/// Scalars, records and the line every assignment prints.

private func run(_ script: String) -> (Session, CapturingOutput, RunOutcome) {
  let run = runScript(script)
  return (run.session, run.output, run.outcome)
}

@Test func scalarsAndTheirArithmetic() {
  let (s, out, outcome) = run(
    """
    fn = 10
    fp = 1
    r = (fn + fp * 2) / 4
    neg = -fn
    ok = r > 2 and not (fn == fp)
    level = "Cash" + " loans"
    m = max(fn, 3, r)
    """)
  #expect(outcome == .succeeded, "\(out.combined)")
  #expect(s.number(named: "r") == 3)
  #expect(s.number(named: "neg") == -10)
  #expect(s.number(named: "m") == 10)
  if case .bool(true)? = s.value(named: "ok") {} else { Issue.record("ok should be true") }
  if case .string("Cash loans")? = s.value(named: "level") {} else { Issue.record("level") }
  #expect(out.stdout.contains("r: 3\n"))
}

@Test func scalarErrorsLeaveTheSessionAsItWas() {
  let (s, out, _) = run("x = 1\nx = \"a\" * 2\n")
  #expect(s.number(named: "x") == 1)
  #expect(out.stderr.contains("'*' does not apply to a string and a number"))
  let (s2, out2, _) = run("y = 4\ny = y / 0\n")
  #expect(s2.number(named: "y") == 4)
  #expect(out2.stderr.contains("division by zero"))
}

@Test func aScalarStandsForAValueInAFilterButAColumnWins() throws {
  let (s, out, outcome) = run(
    """
    app = load "Tests/ReportFixtures/applications.csv"
    AMT_CREDIT = 0
    t = 300000
    big = filter app where AMT_CREDIT > t
    """)
  #expect(outcome == .succeeded, "\(out.combined)")
  guard case .frame(let app)? = s.value(named: "app"), case .frame(let big)? = s.value(named: "big") else {
    Issue.record("frames missing"); return
  }
  let credit = try app.column("AMT_CREDIT")
  let expected = (0..<app.rowCount).filter { !credit.isMissing($0) && credit.doubleValue($0) > 300000 }.count
  // AMT_CREDIT is the column (not the scalar 0): the rows above t, not every row.
  #expect(big.rowCount == expected)
  #expect(expected > 0 && expected < app.rowCount)
  #expect(out.stdout.contains("big: frame \(expected) rows"))
}

@Test func evaluationIsARecordWithFields() throws {
  let (s, out, outcome) = run(
    """
    app = load "Tests/ReportFixtures/applications.csv"
    m = train logistic on app target=TARGET exclude=[SK_ID_CURR]
    e = evaluate m on app
    g = e.gini
    twice = 2 * e.auc - 1
    print e.auc
    """)
  #expect(outcome == .succeeded, "\(out.combined)")
  guard case .record(let e)? = s.value(named: "e") else { Issue.record("e is not a record"); return }
  #expect(e.kind == "evaluation")
  guard case .number(let auc)? = e.field("auc"), case .number(let gini)? = e.field("gini") else {
    Issue.record("no auc"); return
  }
  #expect(abs(s.number(named: "twice")! - gini) < 1e-12)
  #expect(s.number(named: "g") == gini)
  #expect(auc > 0.5)
  let (_, out2, _) = run(
    "app = load \"Tests/ReportFixtures/applications.csv\"\nm = train logistic on app target=TARGET exclude=[SK_ID_CURR]\ne = evaluate m on app\nshow e\n"
  )
  #expect(out2.stderr.contains("'e' is an evaluation, not a frame"))
  let (_, out3, _) = run(
    "app = load \"Tests/ReportFixtures/applications.csv\"\nm = train logistic on app target=TARGET exclude=[SK_ID_CURR]\ne = evaluate m on app\nx = e.aucc\n"
  )
  #expect(out3.stderr.contains("evaluation 'e' has no field 'aucc'"))
  #expect(out3.stderr.contains("did you mean 'auc'?"))
}

@Test func describeAndColumnsReturnFrames() {
  let (s, out, outcome) = run(
    """
    app = load "Tests/ReportFixtures/applications.csv"
    d = describe app
    c = columns app
    """)
  #expect(outcome == .succeeded, "\(out.combined)")
  guard case .frame(let app)? = s.value(named: "app"), case .frame(let d)? = s.value(named: "d"),
    case .frame(let c)? = s.value(named: "c")
  else { Issue.record("not frames"); return }
  #expect(d.rowCount == app.columnCount)
  #expect(c.rowCount == app.columnCount)
  #expect(d.columnNames.prefix(3) == ["COLUMN", "TYPE", "COUNT"])
  #expect((try? c.column("COLUMN").text(0)) == app.columnNames[0])
}

@Test func joinAndSplitSayWhatTheyMade() {
  let (_, out, outcome) = run(
    """
    a = load "Tests/ReportFixtures/applications.csv"
    b = filter a where TARGET == 1
    j = join a b on SK_ID_CURR kind=left
    tr, te = split a ratio=0.5 stratify=TARGET seed=1
    """)
  #expect(outcome == .succeeded, "\(out.combined)")
  #expect(out.stdout.contains(" a rows matched; 0 of "))
  #expect(out.stdout.contains("tr, te: "))
  #expect(out.stdout.contains("TARGET rate"))
}

@Test func aMissingLevelWarnsWithTheClosestLevel() {
  let (_, out, _) = run(
    """
    a = load "Tests/ReportFixtures/applications.csv"
    c = filter a where NAME_CONTRACT_TYPE == "Cash"
    """)
  #expect(out.stderr.contains("warning: NAME_CONTRACT_TYPE has no level \"Cash\""))
  #expect(out.stderr.contains("did you mean \"Cash loans\"?"))
}

@Test func aBareNameShowsItsValue() {
  let (_, out, outcome) = run("fn = 10\nfn\nfn * 3\n")
  #expect(outcome == .succeeded)
  #expect(out.stdout == "fn: 10\n10\n30\n")
}

@Test func aPathStartingWithTildeIsInTheHomeFolder() {
  let (s, _) = makeSession(baseDirectory: "/somewhere/else")
  let home = FileManager.default.homeDirectoryForCurrentUser.path
  #expect(s.resolvePath("~/data/app.csv") == (home as NSString).appendingPathComponent("data/app.csv"))
  #expect(s.resolvePath("data/app.csv") == "/somewhere/else/data/app.csv")
}

@Test func completionOffersRecordFieldsAndNamesWhereAStatementStarts() {
  let (s, _) = makeSession(baseDirectory: nil)
  s.bind(
    "e", .record(Record(kind: "evaluation", fields: [("auc", .number(0.7)), ("avg", .number(1)), ("ks", .number(0.3))]))
  )
  s.bind("fn", .number(10))
  #expect(s.completions(line: "print e.a", cursor: 9) == ["e.auc", "e.avg"])
  #expect(s.completions(line: "r = f", cursor: 5).contains("fn"))
  #expect(s.completions(line: "r = f", cursor: 5).contains("filter"))
}

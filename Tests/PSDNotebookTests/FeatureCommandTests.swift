import Testing
import PSDTestSupport
import PSDData
@testable import PSDNotebook

/// A session with a tiny application table and bureau table bound.
private func featureSession() throws -> (Session, CapturingOutput) {
  let (s, out) = makeSession(baseDirectory: nil)
  s.bind(
    "app",
    .frame(
      try DataFrame(columns: [
        .int("SK_ID_CURR", [1, 2, 3, 4]),
        .int("TARGET", [0, 1, 0, 0]),
        .int("DAYS_EMPLOYED", [-100, 365243, -300, 365243]),
        .float("AMT_CREDIT", [1000, 2000, 0, 4000]),
        .float("AMT_INCOME_TOTAL", [100, 400, 300, 200]),
        .category("CODE_GENDER", strings: ["F", "XNA", "M", "F"])
      ])))
  s.bind(
    "bureau",
    .frame(
      try DataFrame(columns: [
        .int("SK_ID_CURR", [2, 1, 2, 2]),
        .float("AMT_CREDIT_SUM", [10, 20, 30, .nan]),
        .category("CREDIT_ACTIVE", strings: ["Active", "Closed", "Closed", "Active"])
      ])))
  return (s, out)
}

@Test func featurePipelineRunsThroughTheLanguage() throws {
  let (s, out) = try featureSession()
  let script = """
    app = replace app DAYS_EMPLOYED 365243 with missing
    app = replace app CODE_GENDER "XNA" with missing
    app = derive app CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL HIGH = CREDIT_INCOME > 5
    buro = aggregate bureau by SK_ID_CURR {AMT_CREDIT_SUM: mean max; CREDIT_ACTIVE: shares} prefix="BURO_"
    active = filter bureau where CREDIT_ACTIVE == "Active"
    data = join app buro on SK_ID_CURR kind=left
    data = sort data by BURO_COUNT desc SK_ID_CURR
    tr, te = split data ratio=0.5 stratify=TARGET seed=42
    """
  let outcome = s.run(script: script, file: "f.psd")
  #expect(outcome == .succeeded, "\(out.stderr)")
  let data = try #require(s.frame(named: "data"))
  #expect(data["SK_ID_CURR"]!.doubles()! == [2, 1, 3, 4])
  #expect(data["DAYS_EMPLOYED"]!.missingCount == 2)
  #expect(data["BURO_AMT_CREDIT_SUM_MEAN"]!.doubles()![0] == 20)
  #expect(data["BURO_CREDIT_ACTIVE_Active_SHARE"]!.doubles()![0] == 2.0 / 3)
  #expect(data["CREDIT_INCOME"]!.doubles()![3] == 20)
  #expect(data["HIGH"]!.type == .bool)
  #expect(s.frame(named: "active")?.rowCount == 2)
  #expect((s.frame(named: "tr")?.rowCount ?? 0) + (s.frame(named: "te")?.rowCount ?? 0) == 4)
}

@Test func featureCommandErrorsPointAtTheArgument() throws {
  let (s, out) = try featureSession()
  s.keepGoing = true
  _ = s.run(script: "x = aggregate bureau by SK_ID_CURR {CREDIT_ACTIVE: mean}\n", file: "f.psd")
  #expect(out.stderr.contains("f.psd:1:37: error: cannot compute mean of categorical column 'CREDIT_ACTIVE'"))
  _ = s.run(script: "x = join app bureau on SK_ID_CUR\n", file: "g.psd")
  #expect(out.stderr.contains("g.psd:1:24: error: no column 'SK_ID_CUR' in 'app'"))
  #expect(out.stderr.contains("did you mean 'SK_ID_CURR'?"))
  _ = s.run(script: "x = derive app R = AMT_CREDT / 2\n", file: "h.psd")
  #expect(out.stderr.contains("h.psd:1:20: error: no column 'AMT_CREDT' in 'app'"))
  _ = s.run(script: "x = aggregate bureau by SK_ID_CURR {AMT_CREDIT_SUM: meen}\n", file: "i.psd")
  #expect(out.stderr.contains("no aggregation 'meen'"))
  #expect(out.stderr.contains("did you mean 'mean'?"))
  _ = s.run(script: "x = join app bureau on SK_ID_CURR kind=outer\n", file: "j.psd")
  #expect(out.stderr.contains("option 'kind' has no value 'outer'"))
  #expect(s.value(named: "x") == nil)
}

@Test func editingCommands() throws {
  let (s, out) = try featureSession()
  let script = """
    a = select app [SK_ID_CURR, CODE_GENDER] TARGET
    b = drop app DAYS_EMPLOYED
    c = rename app AMT_CREDIT=CREDIT
    d = encode app onehot CODE_GENDER
    e = encode app codes
    f = concat app app
    """
  #expect(s.run(script: script, file: "e.psd") == .succeeded, "\(out.stderr)")
  #expect(s.frame(named: "a")?.columnNames == ["SK_ID_CURR", "CODE_GENDER", "TARGET"])
  #expect(s.frame(named: "b")?.columnCount == 5)
  #expect(s.frame(named: "c")?.columnNames.contains("CREDIT") == true)
  #expect(s.frame(named: "d")?.columnNames.suffix(3) == ["CODE_GENDER_F", "CODE_GENDER_XNA", "CODE_GENDER_M"])
  #expect(s.frame(named: "e")?["CODE_GENDER"]?.type == .int)
  #expect(s.frame(named: "f")?.rowCount == 8)
}

import Foundation
import PSDCore
import PSDData
import PSDModels
import PSDNotebook
import PSDScoring
import Testing
import PSDTestSupport
@testable import PSDService
import PSDServiceTestSupport

// A model with a feature recipe (replace, derive, a population filter, one-hot, bureau with its
// bureau_balance, previous applications), trained by a psd study in process on the bundled
// sample; raw applications posted as JSON score bit for bit as `score m with ...` scores them.

private let data = repositoryPath("Examples/data")

private struct Study: @unchecked Sendable {
  let model: CreditModel
  /// `score m with` on application_test.csv and the three side tables: id → PD.
  let batchPD: [String: Double]
  let tables: [String: DataFrame]
}

private let study: Study = {
  let script = """
    app = load "\(data)/application_train.csv"
    app = filter app where CODE_GENDER != "XNA"
    app = replace app DAYS_EMPLOYED 365243 with missing
    app = derive app CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL ANNUITY_INCOME = AMT_ANNUITY / AMT_INCOME_TOTAL
    app = select app SK_ID_CURR TARGET CODE_GENDER NAME_INCOME_TYPE AMT_INCOME_TOTAL AMT_CREDIT AMT_ANNUITY CREDIT_INCOME ANNUITY_INCOME DAYS_BIRTH DAYS_EMPLOYED EXT_SOURCE_1 EXT_SOURCE_2 EXT_SOURCE_3
    app = encode app onehot [NAME_INCOME_TYPE]
    bb = load "\(data)/bureau_balance.csv"
    bb = aggregate bb by SK_ID_BUREAU {STATUS: shares} prefix="BB_"
    bureau = load "\(data)/bureau.csv"
    bureau = join bureau bb on SK_ID_BUREAU kind=left
    buro = aggregate bureau by SK_ID_CURR {AMT_CREDIT_SUM: mean max; CREDIT_ACTIVE: shares; BB_STATUS_X_SHARE: mean} prefix="BURO_"
    prev = load "\(data)/previous_application.csv"
    prev = derive prev APP_CREDIT_PERC = AMT_APPLICATION / AMT_CREDIT
    pa = aggregate prev by SK_ID_CURR {AMT_ANNUITY: mean; APP_CREDIT_PERC: mean max; NAME_CONTRACT_STATUS: shares} prefix="PREV_"
    data = join app buro on SK_ID_CURR kind=left
    data = join data pa on SK_ID_CURR kind=left
    tr, te = split data ratio=0.7 stratify=TARGET seed=7
    m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=40 rate=0.1 leaves=8 seed=1
    s = score m with application="\(data)/application_test.csv" bureau="\(data)/bureau.csv" bureau_balance="\(data)/bureau_balance.csv" previous_application="\(data)/previous_application.csv"
    """
  let run = runScript(script, file: "study.psd", baseDirectory: nil)
  precondition(run.succeeded, run.combined)
  guard case .model(let model)? = run.value(named: "m"), case .frame(let s)? = run.value(named: "s") else {
    fatalError("the study bound no m or s")
  }
  var pd: [String: Double] = [:]
  let ids = s["SK_ID_CURR"]!, pds = s["PD"]!.doubles()!
  for r in 0..<s.rowCount { pd[ids.text(r)] = pds[r] }
  let tables = try! Scorer(model: model).readTables([
    "application": "\(data)/application_test.csv", "bureau": "\(data)/bureau.csv",
    "bureau_balance": "\(data)/bureau_balance.csv", "previous_application": "\(data)/previous_application.csv"
  ])
  return Study(model: model, batchPD: pd, tables: tables)
}()

private let service = try! ScoringService(
  model: study.model, modelName: "recipe", sha256: String(repeating: "cd", count: 32))

private func cell(_ c: Column, _ r: Int) -> JSONValue {
  if c.isMissing(r) { return .null }
  return c.isNumeric ? .number(c.doubleValue(r)) : .string(c.text(r))
}

private func record(_ f: DataFrame, _ r: Int) -> JSONValue {
  .object(Dictionary(uniqueKeysWithValues: f.columns.map { ($0.name, cell($0, r)) }))
}

/// The raw application of application_test row `r` with its own side-table rows, as a body.
private func body(row r: Int, extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
  let app = study.tables["application"]!
  let id = app["SK_ID_CURR"]!.text(r)
  let bureau = study.tables["bureau"]!, bb = study.tables["bureau_balance"]!,
    prev = study.tables["previous_application"]!
  let bureauRows = (0..<bureau.rowCount).filter { bureau["SK_ID_CURR"]!.text($0) == id }
  let bureauIDs = Set(bureauRows.map { bureau["SK_ID_BUREAU"]!.text($0) })
  let bbRows = (0..<bb.rowCount).filter { bureauIDs.contains(bb["SK_ID_BUREAU"]!.text($0)) }
  let prevRows = (0..<prev.rowCount).filter { prev["SK_ID_CURR"]!.text($0) == id }
  var b: [String: JSONValue] = [
    "application": record(app, r),
    "bureau": .array(bureauRows.map { record(bureau, $0) }),
    "bureau_balance": .array(bbRows.map { record(bb, $0) }),
    "previous_application": .array(prevRows.map { record(prev, $0) })
  ]
  for (k, v) in extra { b[k] = v }
  return b
}

/// Through JSON text and back, as a request body arrives.
private func wire(_ value: [String: JSONValue]) throws -> JSONValue {
  let encoder = JSONEncoder()
  return try JSONValue.parse(Array(try encoder.encode(JSONValue.object(value))))
}

private func serviceError(_ body: () throws -> Void) -> ServiceError? {
  do { try body() } catch let e as ServiceError { return e } catch { Issue.record("not a ServiceError: \(error)") }
  return nil
}

@Test func rawApplicationsScoreBitForBitAsScoreWith() throws {
  let app = study.tables["application"]!
  var checked = 0
  for r in Array(0..<20) + [100, 200, 475] {
    let id = app["SK_ID_CURR"]!.text(r)
    let s = try service.score(try wire(body(row: r)))
    let expected = try #require(study.batchPD[id])
    #expect(s.probabilityDefault.bitPattern == expected.bitPattern, "client \(id)")
    #expect(s.clientId == id)
    #expect(s.decision == (expected >= study.model.threshold ? "refused" : "granted"))
    #expect(s.reasons.count <= 4)
    checked += 1
  }
  #expect(checked == 23)
  // A batch of the same applications: the same PDs, in order.
  let rows = [3, 1, 4, 1, 5]
  let batch = try service.scores(try wire(["applications": .array(rows.map { .object(body(row: $0)) })]))
  #expect(
    batch.results.map(\.probabilityDefault.bitPattern)
      == rows.map { study.batchPD[app["SK_ID_CURR"]!.text($0)]!.bitPattern })
}

@Test func sideTablesMatterAndTheLinkColumnMayBeLeftOut() throws {
  // Find an applicant with bureau records; without them the score changes (the aggregates are missing).
  let app = study.tables["application"]!
  let r = try #require(
    (0..<app.rowCount).first { row in
      if case .array(let b)? = body(row: row)["bureau"] { return b.count >= 2 }
      return false
    })
  let full = try service.score(try wire(body(row: r)))
  let none = try service.score(try wire(body(row: r, extra: ["bureau": .array([]), "bureau_balance": .array([])])))
  #expect(full.probabilityDefault != none.probabilityDefault)
  // The side tables' SK_ID_CURR is the application's: leaving it out changes nothing.
  var b = body(row: r)
  for table in ["bureau", "previous_application"] {
    guard case .array(let records)? = b[table] else { continue }
    b[table] = .array(
      records.map { rec in
        guard case .object(var o) = rec else { return rec }
        o["SK_ID_CURR"] = nil
        return .object(o)
      })
  }
  #expect(try service.score(try wire(b)).probabilityDefault.bitPattern == full.probabilityDefault.bitPattern)
}

@Test func rawApplicationErrorsAre422WithOneErrorPerField() throws {
  var b = body(row: 0)
  guard case .object(var a)? = b["application"] else { Issue.record("no application"); return }
  a["AMT_CREDIT"] = .string("lots")  // wrong type
  a["CODE_GENDER"] = .string("Q")  // unknown category
  a["NAME_INCOME_TYPE"] = .string("Workin")  // unknown category, did-you-mean
  a["AMT_CREDITT"] = .number(1)  // unknown field
  a["EXT_SOURCE_2"] = nil  // a field the recipe reads, left out
  a["FLAG_MOBIL"] = nil  // a field the recipe never reads: may be left out
  b["application"] = .object(a)
  b["bureau"] = .array([
    .object([
      "SK_ID_CURR": .number(1), "SK_ID_BUREAU": .number(1), "CREDIT_ACTIVE": .string("Active"),
      "AMT_CREDIT_SUM": .string("x")
    ]), .number(3)
  ])
  b["bureaux"] = .array([])
  let e = try #require(serviceError { _ = try service.score(try wire(b)) })
  #expect(e.status == 422)
  let fields = Set(e.errors.map(\.field))
  #expect(
    fields.isSuperset(of: [
      "application.AMT_CREDIT", "application.CODE_GENDER", "application.NAME_INCOME_TYPE",
      "application.AMT_CREDITT", "application.EXT_SOURCE_2", "bureau[0].SK_ID_CURR",
      "bureau[0].AMT_CREDIT_SUM", "bureau[1]", "bureaux"
    ]), "\(e.errors)")
  #expect(!fields.contains("application.FLAG_MOBIL"))
  let messages = Dictionary(e.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
  #expect(messages["application.NAME_INCOME_TYPE"]?.contains("did you mean 'Working'?") == true)
  #expect(messages["application.AMT_CREDITT"]?.contains("did you mean 'AMT_CREDIT'?") == true)
  #expect(messages["application.EXT_SOURCE_2"]?.contains("required") == true)
  #expect(messages["bureau[0].SK_ID_CURR"]?.contains("another application") == true)
  #expect(messages["bureaux"]?.contains("did you mean 'bureau'?") == true)
  // Not an object; both a client and an application; records without the application.
  #expect(
    serviceError { _ = try service.score(.object(["application": .number(1)])) }?.errors.map(\.field) == ["application"]
  )
  #expect(
    serviceError { _ = try service.score(.object(["features": .object([:]), "application": .object([:])])) }?.status
      == 422)
  #expect(
    serviceError { _ = try service.score(.object(["features": .object([:]), "bureau": .array([])])) }?.errors.map(
      \.field) == ["bureau"])
}

@Test func rawApplicationsOutsideTrainingAreScoredWithWarnings() throws {
  var b = body(row: 1)
  guard case .object(var a)? = b["application"] else { Issue.record("no application"); return }
  a["CODE_GENDER"] = .string("XNA")  // named by the population filter: scored, flagged
  a["AMT_INCOME_TOTAL"] = .number(1e9)
  b["application"] = .object(a)
  let s = try service.score(try wire(b))
  let w = s.warnings.joined(separator: "\n")
  #expect(w.contains("outside the training population"))
  #expect(w.contains("AMT_INCOME_TOTAL = 1000000000 is outside the training range"))
}

@Test func whatIfChangesRawFieldsAndReDerives() throws {
  let b = body(row: 2)
  let w = try service.whatIf(try wire(b.merging(["changes": .object(["AMT_CREDIT": .number(300000)])]) { a, _ in a }))
  #expect(
    w.before.probabilityDefault.bitPattern
      == study.batchPD[study.tables["application"]!["SK_ID_CURR"]!.text(2)]!.bitPattern)
  #expect(w.changes.map(\.feature) == ["AMT_CREDIT"])
  #expect(w.rederived.map(\.feature).contains("CREDIT_INCOME"))
  // The same as posting the changed application.
  guard case .object(var a)? = b["application"] else { Issue.record("no application"); return }
  a["AMT_CREDIT"] = .number(300000)
  var changed = b
  changed["application"] = .object(a)
  #expect(w.after.probabilityDefault.bitPattern == (try service.score(try wire(changed))).probabilityDefault.bitPattern)
  // A feature that is not an application field is set alone; an unknown name is a 422 where written.
  let direct = try service.whatIf(
    try wire(b.merging(["changes": .object(["BURO_AMT_CREDIT_SUM_MAX": .number(1)])]) { a, _ in a }))
  #expect(direct.rederived.isEmpty)
  let e = serviceError {
    _ = try service.whatIf(
      try wire(b.merging(["changes": .object(["AMT_CREDT": .number(1), "CODE_GENDER": .number(1)])]) { a, _ in a }))
  }
  #expect(e?.errors.map(\.field) == ["changes.AMT_CREDT", "changes.CODE_GENDER"])
}

@Test func modelsWithoutARecipeRefuseARawApplication() throws {
  let plain = try ScoringService(model: ServiceFixture.model, modelName: "plain", sha256: "00")
  let e = serviceError { _ = try plain.score(.object(["application": .object([:])])) }
  #expect(e?.status == 422 && e?.errors.first?.message.contains("no feature recipe") == true)
}

@Test func clientsLoadFromADirectoryOfRawTables() throws {
  let scratch = TemporaryDirectory("serve-raw")
  defer { scratch.remove() }
  let dir = scratch.path
  for name in ["application_test", "bureau", "bureau_balance", "previous_application"] {
    try FileManager.default.createSymbolicLink(atPath: "\(dir)/\(name).csv", withDestinationPath: "\(data)/\(name).csv")
  }
  let clients = try ClientTable.load(path: dir, model: study.model, idColumn: "SK_ID_CURR")
  #expect(clients.count == study.tables["application"]!.rowCount)
  let served = try ScoringService(model: study.model, modelName: "recipe", sha256: "cd", clients: clients)
  for (id, pd) in study.batchPD.sorted(by: { $0.key < $1.key }).prefix(30) {
    #expect(
      try served.score(.object(["client_id": .string(id)])).probabilityDefault.bitPattern == pd.bitPattern,
      "client \(id)")
  }
  // A what-if on a loaded client goes through its raw rows, as a posted raw application does.
  let id = study.tables["application"]!["SK_ID_CURR"]!.text(2)
  let a = try served.whatIf(.object(["client_id": .string(id), "changes": .object(["AMT_CREDIT": .number(300000)])]))
  let b = try service.whatIf(
    try wire(body(row: 2).merging(["changes": .object(["AMT_CREDIT": .number(300000)])]) { a, _ in a }))
  #expect(a.after.probabilityDefault.bitPattern == b.after.probabilityDefault.bitPattern)
  #expect(a.rederived.map(\.feature) == b.rederived.map(\.feature))
  #expect(a.changes.first?.from == b.changes.first?.from)
  // A directory without a table the recipe reads names it.
  try FileManager.default.removeItem(atPath: "\(dir)/bureau.csv")
  #expect {
    _ = try ClientTable.load(path: dir, model: study.model, idColumn: "SK_ID_CURR")
  } throws: { error in
    (error as? PSDError)?.message.contains("no file for the recipe's input bureau") ?? false
  }
}

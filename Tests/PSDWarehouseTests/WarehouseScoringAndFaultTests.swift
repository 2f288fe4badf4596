import Foundation
import Testing
import PSDTestSupport
import PSDCore
import PSDData
import PSDModels
@testable import PSDNotebook
@testable import PSDWarehouse

/// A session on the bundled sample with the warehouse bound as `wh` (and `app` in it).
private func session(_ layout: String, script: String) throws -> (Session, CapturingOutput) {
  let warehouse = try Servers.warehouse(layout)
  let run = runScript(script, file: "test.psd") { $0.bind("wh", .warehouse(warehouse)) }
  #expect(run.succeeded, "\(run.stderr)")
  return (run.session, run.output)
}

private func model(_ s: Session, _ name: String) throws -> CreditModel {
  guard case .model(let m)? = s.value(named: name) else { throw PSDError.usage("no model \(name)") }
  return m
}

@Suite(.enabled(if: Servers.available, "\(Servers.reason)"))
struct WarehouseScoringTests {
  /// `sql m` scores in the warehouse equal psd's scores to 1e-12, for GBDT (numeric and
  /// categorical splits, missing values), logistic and calibrated models.
  @Test(arguments: Servers.layouts)
  func sqlScoresEqualPsdScores(_ layout: String) throws {
    let (s, _) = try session(
      layout,
      script: """
        app = load "Examples/data/application_train.csv"
        tr, te = split app ratio=0.7 stratify=TARGET seed=3
        g = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=40 leaves=15 rate=0.1
        l = train logistic on tr target=TARGET exclude=[SK_ID_CURR]
        c = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=20 leaves=7
        c = calibrate c on te method=platt
        i = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=20 leaves=7
        i = calibrate i on te method=isotonic
        """)
    let app = try sample("application_train")
    let remote = try RemoteFrame.table(try Servers.warehouse(layout), "application_train")
    for name in ["g", "l", "c", "i"] {
      let m = try model(s, name)
      let expected = try m.probabilities(app)
      let pulled = try RemoteRows.collect(try remote.scored(m))
      let rows = try rowsByKey(pulled, "SK_ID_CURR")
      let pd = try pulled.column("PD").doubles()!
      var worst = 0.0
      for i in 0..<app.rowCount {
        worst = max(worst, abs(pd[rows[try app.column("SK_ID_CURR").text(i)]!] - expected[i]))
      }
      #expect(worst <= 1e-12, "model \(name): largest difference \(worst)")
    }
    // The expression uses float8 literals only (numeric literals would be 18x slower).
    let text = try ModelSQL.expression(try model(s, "g"))
    #expect(text.contains("::float8"))
    #expect(!text.contains(#/[<>] \d/#))
  }

  /// The commands end to end in a session: what they print and bind.
  @Test(arguments: Servers.layouts)
  func commandsRunInASession(_ layout: String) throws {
    let (s, out) = try session(
      layout,
      script: """
        app = table wh "application_train"
        describe app.AMT_INCOME_TOTAL by TARGET
        describe app
        bureau = table wh "bureau"
        buro = aggregate bureau by SK_ID_CURR {AMT_CREDIT_SUM: mean max; CREDIT_ACTIVE: shares} prefix="BURO_"
        data = join app buro on SK_ID_CURR kind=left
        tr = sample data by TARGET n=800 seed=5
        m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=10
        scored = sql m on data
        pulled = collect scored
        """)
    #expect(out.stdout.contains("25%/50%/75% are approximate"))
    #expect(out.stdout.contains("sampled 800 rows"))
    guard case .frame(let pulled)? = s.value(named: "pulled"), case .warehouseFrame(let data)? = s.value(named: "data")
    else {
      Issue.record("pulled/data not bound"); return
    }
    #expect(pulled.rowCount == 3001)
    #expect(data.columnNames.contains("BURO_AMT_CREDIT_SUM_MEAN"))
    #expect(pulled.columnNames.last == "PD")
  }

  /// Column names past PostgreSQL's 63-byte limit (a long prefix on level shares) keep their
  /// full names through aggregate, join, describe, collect and SQL scoring, with the in-memory
  /// values: the warehouse holds them under short names psd maps back.
  @Test(arguments: Servers.layouts)
  func longColumnNamesKeepTheirFullNames(_ layout: String) throws {
    let prefix = "PREVIOUS_APPLICATIONS_OF_THE_CLIENT_"
    let (s, out) = try session(
      layout,
      script: """
        prev = table wh "previous_application"
        app = table wh "application_train"
        p = aggregate prev by SK_ID_CURR {NAME_PAYMENT_TYPE: shares; AMT_CREDIT: mean} prefix="\(prefix)"
        data = join app p on SK_ID_CURR kind=left
        describe data
        pulled = collect data
        m = train gbdt on pulled target=TARGET exclude=[SK_ID_CURR] trees=15 leaves=7
        scored = sql m on data column="\(prefix)PROBABILITY_OF_DEFAULT_FROM_THE_WAREHOUSE"
        back = collect scored
        memprev = load "Examples/data/previous_application.csv"
        memapp = load "Examples/data/application_train.csv"
        mp = aggregate memprev by SK_ID_CURR {NAME_PAYMENT_TYPE: shares; AMT_CREDIT: mean} prefix="\(prefix)"
        expected = join memapp mp on SK_ID_CURR kind=left
        """)
    guard case .frame(let pulled)? = s.value(named: "pulled"), case .frame(let expected)? = s.value(named: "expected"),
      case .frame(let back)? = s.value(named: "back")
    else {
      Issue.record("frames not bound"); return
    }
    let long = expected.columnNames.filter { $0.utf8.count > SQL.maximumIdentifierBytes }
    #expect(long.count >= 2, "the test needs names over 63 bytes: \(expected.columnNames)")
    #expect(Set(pulled.columnNames) == Set(expected.columnNames))
    for name in long { #expect(out.stdout.contains(String(name.prefix(30))), "describe shows \(name)") }
    let rows = try rowsByKey(pulled, "SK_ID_CURR")
    let keys = try expected.column("SK_ID_CURR")
    for name in long {
      let a = try expected.column(name), b = try pulled.column(name)
      for i in 0..<expected.rowCount where !close(a.doubleValue(i), b.doubleValue(rows[keys.text(i)]!)) {
        Issue.record("\(name) row \(i): \(a.text(i)) vs \(b.text(rows[keys.text(i)]!))"); break
      }
    }
    let m = try model(s, "m")
    #expect(m.features.contains { $0.name.utf8.count > SQL.maximumIdentifierBytes })
    let pd = try back.column("\(prefix)PROBABILITY_OF_DEFAULT_FROM_THE_WAREHOUSE").doubles()!
    let memory = try m.probabilities(back)
    #expect(zip(pd, memory).allSatisfy { abs($0 - $1) <= 1e-12 })
  }
}

/// Bad input and faults: a clear psd error with the server's message, the session unchanged,
/// no connection left open.
@Suite(.enabled(if: Servers.available, "\(Servers.reason)"))
struct WarehouseFaultTests {
  @Test func wrongPasswordNamesTheServersMessage() throws {
    let folder = TemporaryDirectory("wrong")
    defer { folder.remove() }
    let passfile = folder.write("pgpass", "127.0.0.1:*:*:psd:not-the-password\n")
    chmod(passfile, 0o600)
    let dsn = Servers.single!.replacing(#/passfile=[^&]*/#, with: "passfile=\(passfile)")
    let error = #expect(throws: PSDError.self) { try Warehouse(dsns: [dsn]) }
    #expect(error?.message.contains("password authentication failed") == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("not-the-password") == false)
  }

  @Test func wrongAddressAndPasswordsInTheStringAreRefused() throws {
    let refused = #expect(throws: PSDError.self) {
      try Warehouse(dsns: ["postgresql://psd@127.0.0.1:25499/psd?connect_timeout=3"])
    }
    #expect(refused?.message.contains("cannot connect to the warehouse") == true, "\(refused?.message ?? "")")
    let secret = #expect(throws: PSDError.self) {
      try Warehouse(dsns: ["postgresql://psd:hunter2@127.0.0.1:25401/psd"])
    }
    #expect(secret?.message.contains("password") == true)
    #expect(secret?.message.contains("hunter2") == false)
    let garbled = #expect(throws: PSDError.self) { try Warehouse(dsns: ["host=127.0.0.1 port"]) }
    #expect(garbled?.message.contains("libpq cannot read") == true, "\(garbled?.message ?? "")")
  }

  @Test func queryErrorsAndUnknownTypesLeaveTheSessionUnchanged() throws {
    let (s, out) = makeSession(baseDirectory: nil, keepGoing: true)
    s.bind("wh", .warehouse(try Servers.warehouse("single")))
    s.run(
      script: """
        x = query wh "SELECT nosuch FROM application_train"
        y = query wh "SELECT now() AS taken_at"
        z = table wh "aplication_train"
        app = table wh "application_train"
        app = aggregate app by SK_ID_CURR {AMT_CREDIT: median}
        """, file: "faults.psd")
    #expect(out.stderr.contains("column \"nosuch\" does not exist"), "\(out.stderr)")
    #expect(out.stderr.contains("timestamp with time zone"))
    #expect(out.stderr.contains("did you mean 'application_train'"))
    #expect(out.stderr.contains("not computed in the warehouse"))
    #expect(s.value(named: "x") == nil && s.value(named: "y") == nil && s.value(named: "z") == nil)
    guard case .warehouseFrame(let app)? = s.value(named: "app") else { Issue.record("app changed"); return }
    #expect(app.source == "application_train")
  }

  /// The server ends the session mid-query: a clear error, the connection closed, and the next
  /// command reconnects.
  @Test func serverGoneMidQueryThenReconnects() throws {
    let wh = try Servers.warehouse("single")
    let error = #expect(throws: PSDError.self) {
      try wh.query("SELECT pg_terminate_backend(pg_backend_pid())", control: .none)
    }
    #expect(error?.message.contains("was lost") == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("terminat") == true, "\(error?.message ?? "")")
    #expect(try RemoteFrame.table(wh, "application_train").rowCount() == 3001)
  }

  /// Ctrl-C during a query cancels it on the server; the connection stays usable.
  @Test func interruptCancelsOnTheServer() throws {
    let wh = try Servers.warehouse("single")
    let flag = InterruptFlag()
    let slow = try RemoteFrame.query(wh, "SELECT 1 AS s FROM pg_sleep(60)")
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { flag.raise() }
    let error = #expect(throws: PSDError.self) { try RemoteRows.collect(slow, control: TaskControl(interrupt: flag)) }
    #expect(error?.kind == .cancelled)
    #expect(try RemoteFrame.table(wh, "bureau").rowCount() == 9073)
  }

  /// Dropping the value closes its connections (counted on the server by application name).
  @Test func noConnectionLeftOpen() throws {
    let name = "psdtest\(UInt32.random(in: 0..<UInt32.max))"
    let observer = try Warehouse(dsns: [Servers.single!])
    func open() throws -> Int {
      Int(
        try observer.query(
          "SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(name)'",
          control: .none)[0].rows[0][0]!)!
    }
    do {
      let wh = try Warehouse(dsns: [Servers.with(Servers.single!, "application_name=\(name)")])
      #expect(try open() == 1)
      _ = try? RemoteFrame.query(wh, "SELECT nosuch")
      wh.close()
    }
    // The server ends a backend shortly after the client's Terminate message: give it time.
    var remaining = try open()
    for _ in 0..<200 where remaining > 0 {
      Thread.sleep(forTimeInterval: 0.1)
      remaining = try open()
    }
    #expect(remaining == 0)
  }
}

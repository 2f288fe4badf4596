import PSDCore
import Foundation
import Testing
import PSDTestSupport
import PSDData
import PSDModels
@testable import PSDNotebook

/// A session with a small credit table: defaults rise with DEBT_RATIO and in the "Revolving"
/// contract; AGE does nothing.
private func decisionSession() throws -> (Session, CapturingOutput, String) {
  let dir = NSTemporaryDirectory() + "psd-decision-cmd-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  let (s, out) = makeSession(baseDirectory: dir)
  var ids: [Int64] = [], ratio: [Double] = [], age: [Double] = [], contract: [String?] = [], target: [Int64] = []
  var random = TestGenerator(seed: 11)
  func unit() -> Double { random.unit() }
  for i in 0..<800 {
    let r = unit()
    let c = ["Cash", "Revolving", nil][i % 3]
    ids.append(Int64(100_000 + i))
    ratio.append(i % 10 == 0 ? .nan : r)
    age.append(Double(20 + Int(unit() * 50)))
    contract.append(c)
    let p = 0.03 + 0.4 * r * r + (c == "Revolving" ? 0.15 : 0)
    target.append(unit() < p ? 1 : 0)
  }
  s.bind(
    "data",
    .frame(
      try DataFrame(columns: [
        .int("SK_ID_CURR", ids), .float("DEBT_RATIO", ratio), .float("AGE", age),
        .category("CONTRACT", strings: contract), .int("TARGET", target)
      ])))
  return (s, out, dir)
}

@Test func thresholdIsBoundStoredAndWritesTheCostCurve() throws {
  let (s, out, dir) = try decisionSession()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let outcome = s.run(
    script: """
      tr, te = split data ratio=0.6 stratify=TARGET seed=3
      m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=40 leaves=4 rate=0.1 balance=weights
      m, t = threshold m on te cost fn=10 fp=1 out="cost.csv"
      e = evaluate m on te
      """, file: "t.psd")
  #expect(outcome == .succeeded, "\(out.combined)")
  let m = try #require(s.model(named: "m"))
  guard case .number(let t)? = s.value(named: "t") else { Issue.record("t not a number"); return }
  #expect(m.threshold == t)
  // The stored threshold is the cost minimum on te, checked directly.
  let te = try #require(s.frame(named: "te"))
  let pd = try m.probabilities(te)
  let labels = try FeatureMatrix.targetLabels(te, target: "TARGET")
  let best = chooseThreshold(scores: pd, labels: labels, cost: BusinessCost(falseNegative: 10, falsePositive: 1))
  #expect(best.threshold == t)
  for candidate in Set(pd) {
    #expect(confusionMatrix(scores: pd, labels: labels, threshold: candidate).cost(fn: 10, fp: 1) >= best.totalCost)
  }
  // The curve: header + one row per distinct PD + refuse-nobody; its minimum is the chosen cost.
  let csv = try String(contentsOfFile: dir + "/cost.csv", encoding: .utf8).split(separator: "\n")
  #expect(csv.first == "threshold,refused,refusal_rate,tp,fp,fn,tn,cost,cost_per_application")
  #expect(csv.count == 1 + Set(pd).count + 1)
  let costs = csv.dropFirst().map { Double($0.split(separator: ",")[7])! }
  #expect(costs.min() == best.totalCost)
  // evaluate uses the stored threshold.
  #expect(out.stdout.contains("confusion matrix at threshold \(Format.fixed(t))"))
  guard case .record(let e)? = s.value(named: "e"), case .number(let threshold)? = e.field("threshold"),
    case .number(let auc)? = e.field("auc")
  else { Issue.record("e is not an evaluation"); return }
  #expect(threshold == t)
  #expect(abs(auc - rocAUC(scores: pd, labels: labels)!) < 1e-12)
}

@Test func calibrateStoresAMonotoneMapAndPrintsTheTables() throws {
  let (s, out, dir) = try decisionSession()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let outcome = s.run(
    script: """
      tr, va = split data ratio=0.6 stratify=TARGET seed=3
      m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=40 leaves=4 rate=0.1 balance=weights
      reliability m on va
      m = calibrate m on va method=isotonic
      p = train logistic on tr target=TARGET exclude=[SK_ID_CURR] balance=weights
      p = calibrate p on va method=platt
      """, file: "c.psd")
  #expect(outcome == .succeeded, "\(out.combined)")
  let m = try #require(s.model(named: "m")), p = try #require(s.model(named: "p"))
  guard case .isotonic? = m.calibration, case .platt? = p.calibration else {
    Issue.record("calibrations not stored"); return
  }
  let va = try #require(s.frame(named: "va"))
  let labels = try FeatureMatrix.targetLabels(va, target: "TARGET")
  // Class weights inflate the PD; calibrated, its mean matches the observed rate (isotonic: exactly).
  let pd = try m.probabilities(va)
  #expect(abs(pd.reduce(0, +) - Double(labels.filter { $0 }.count)) < 1e-6)
  var uncalibrated = m
  uncalibrated.calibration = nil
  let raw = try uncalibrated.probabilities(va)
  for i in raw.indices { for j in raw.indices where raw[i] < raw[j] { #expect(pd[i] <= pd[j]) } }
  #expect(out.stdout.contains("ECE"))
  #expect(out.stdout.contains("after, on the same rows:"))
}

@Test func explainOutAddsUpToTheScoredPD() throws {
  let (s, out, dir) = try decisionSession()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let outcome = s.run(
    script: """
      m = train gbdt on data target=TARGET exclude=[SK_ID_CURR] trees=30 leaves=6 rate=0.1
      lr = train logistic on data target=TARGET exclude=[SK_ID_CURR]
      explain m on data out="c.csv"
      explain lr on data out="l.csv"
      g = explain m on data
      explain m
      withId = train gbdt on data target=TARGET trees=5 leaves=4
      explain withId on data out="d.csv"
      """, file: "e.psd")
  #expect(outcome == .succeeded, "\(out.combined)")
  let data = try #require(s.frame(named: "data"))
  for (name, file) in [("m", "c.csv"), ("lr", "l.csv")] {
    let m = try #require(s.model(named: name))
    let pd = try m.probabilities(data)
    let raw = m.rawScores(try m.featureMatrix(data))
    let lines = try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n")
    #expect(lines[0] == "SK_ID_CURR,DEBT_RATIO,AGE,CONTRACT,BASE_VALUE,RAW_SCORE,PD")
    #expect(lines.count == data.rowCount + 1)
    for (r, line) in lines.dropFirst().enumerated() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      #expect(cells[0] == Substring(String(100_000 + r)))
      let values = cells.dropFirst().map { Double($0)! }
      let sum = values[0] + values[1] + values[2] + values[3]
      #expect(abs(sum - raw[r]) < 1e-9)
      #expect(abs(values[4] - raw[r]) < 1e-9)
      #expect(abs(values[5] - pd[r]) < 1e-12)
    }
  }
  // A model that reads the id column as a feature: the id first, then its contribution, both
  // under the column's name.
  let withId = try String(contentsOfFile: dir + "/d.csv", encoding: .utf8).split(separator: "\n")
  #expect(withId[0] == "SK_ID_CURR,SK_ID_CURR,DEBT_RATIO,AGE,CONTRACT,BASE_VALUE,RAW_SCORE,PD")
  #expect(withId[1].hasPrefix("100000,"))
  // Global importance: AGE (pure noise) ranks below DEBT_RATIO.
  let g = try #require(s.frame(named: "g"))
  let names = (0..<g.rowCount).map { g["FEATURE"]!.label($0)! }
  #expect(names.firstIndex(of: "DEBT_RATIO")! < names.firstIndex(of: "AGE")!)
  #expect(out.stdout.contains("importance in m by split gain"))
}

@Test func explainOneClientAndWhatIf() throws {
  let (s, out, dir) = try decisionSession()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let outcome = s.run(
    script: """
      m = train gbdt on data target=TARGET exclude=[SK_ID_CURR] trees=30 leaves=6 rate=0.1
      x = explain m on data client=100004
      p = whatif m on data client=100004 set DEBT_RATIO=0.99 CONTRACT="Revolving"
      """, file: "w.psd")
  #expect(outcome == .succeeded, "\(out.combined)")
  let m = try #require(s.model(named: "m"))
  let data = try #require(s.frame(named: "data"))
  let pd = try m.probabilities(data)
  #expect(out.stdout.contains("client 100004: PD \(Format.fixed(pd[4]))"))
  #expect(out.stdout.contains(m.isRefused(pd: pd[4]) ? "REFUSED" : "GRANTED"))
  #expect(out.stdout.contains("reason: " + (m.isRefused(pd: pd[4]) ? "refused" : "granted")))
  #expect(out.stdout.contains("pct among good"))
  let x = try #require(s.frame(named: "x"))
  #expect(x.rowCount == 3)
  // whatif returns the new PD: the same as scoring an edited copy of the row.
  let edited = try data.gather([4]).setting(.float("DEBT_RATIO", [0.99]))
    .setting(.category("CONTRACT", strings: ["Revolving"]))
  guard case .number(let after)? = s.value(named: "p") else { Issue.record("p not bound"); return }
  #expect(abs(after - (try m.probabilities(edited))[0]) < 1e-12)
  #expect(out.stdout.contains("DEBT_RATIO = 0.99 (was "))
  #expect(out.stdout.contains("DEBT_RATIO *"))
}

@Test func decisionCommandErrorsNameWhatToFix() throws {
  let (s, out, dir) = try decisionSession()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  #expect(
    s.run(script: "m = train gbdt on data target=TARGET exclude=[SK_ID_CURR] trees=5", file: "a.psd") == .succeeded)
  let cases: [(String, String)] = [
    ("explain m on data client=1", "no client 1 in 'data'"),
    ("whatif m on data client=100004 set DEBT_RATO=1", "did you mean 'DEBT_RATIO'?"),
    ("whatif m on data client=100004", "nothing to change"),
    ("calibrate m on data method=isotonc", "did you mean 'isotonic'?"),
    ("threshold data on data cost fn=10 fp=1", "'data' is a frame, not a model"),
    ("explain m client=100004", "need a frame")
  ]
  for (statement, message) in cases {
    let before = out.stderr.count
    #expect(s.run(script: statement, file: "e.psd") != .succeeded, "\(statement)")
    #expect(String(out.stderr.dropFirst(before)).contains(message), "\(statement): \(out.stderr.dropFirst(before))")
  }
  // A failed threshold leaves the model as it was.
  #expect(s.model(named: "m")?.threshold == 0.5)
}

@Test func psiRanksTheShiftedColumn() throws {
  let (s, out, dir) = try decisionSession()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let outcome = s.run(
    script: """
      old = filter data where AGE < 45
      new = filter data where AGE >= 45
      r = psi old new
      """, file: "p.psd")
  #expect(outcome == .succeeded, "\(out.combined)")
  let r = try #require(s.frame(named: "r"))
  #expect(r["FEATURE"]!.label(0) == "AGE")
  #expect(r["BAND"]!.label(0) == "major shift")
  #expect(!(0..<r.rowCount).contains { r["FEATURE"]!.label($0) == "SK_ID_CURR" || r["FEATURE"]!.label($0) == "TARGET" })
}

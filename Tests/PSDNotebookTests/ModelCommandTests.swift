import Foundation
import Testing
import PSDTestSupport
import PSDData
import PSDModels
@testable import PSDNotebook

/// A session with a small credit table: defaults rise with DEBT_RATIO and in the "Revolving" contract.
private func modelSession() throws -> (Session, CapturingOutput) {
  let (s, out) = makeSession(baseDirectory: nil)
  var ids: [Int64] = [], ratio: [Double] = [], contract: [String?] = [], target: [Int64] = []
  var random = TestGenerator(seed: 7)
  func unit() -> Double { random.unit() }
  for i in 0..<600 {
    let r = unit()
    let c = ["Cash", "Revolving", nil][i % 3]
    ids.append(Int64(100_000 + i))
    ratio.append(i % 10 == 0 ? .nan : r)
    contract.append(c)
    let p = 0.05 + 0.5 * r + (c == "Revolving" ? 0.2 : 0)
    target.append(unit() < p ? 1 : 0)
  }
  s.bind(
    "data",
    .frame(
      try DataFrame(columns: [
        .int("SK_ID_CURR", ids), .float("DEBT_RATIO", ratio), .category("CONTRACT", strings: contract),
        .int("TARGET", target)
      ])))
  return (s, out)
}

@Test func trainScoreCVAndSaveThroughTheLanguage() throws {
  let (s, out) = try modelSession()
  let dir = NSTemporaryDirectory() + "psd-model-cmd-\(getpid())"
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  s.baseDirectory = dir
  let script = """
    tr, te = split data ratio=0.7 stratify=TARGET seed=1
    m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=30 leaves=4 rate=0.1 cat_min_rows=10
    v = train gbdt on tr exclude=[SK_ID_CURR] trees=500 rate=0.3 valid=te stop=5
    lr = train logistic on tr target=TARGET exclude=[SK_ID_CURR] balance=weights
    coefficients lr
    s = score m on te
    score m on te id=SK_ID_CURR out="scores.csv"
    p = score m on data client=100003
    oof = cv gbdt on data target=TARGET exclude=[SK_ID_CURR] folds=3 seed=0 trees=10
    save m "m.psdm"
    m2 = load model "m.psdm"
    p2 = score m2 on data client=100003
    """
  let outcome = s.run(script: script, file: "m.psd")
  #expect(outcome == .succeeded, "\(out.combined)")
  let m = try #require(s.model(named: "m"))
  #expect(m.features.map(\.name) == ["DEBT_RATIO", "CONTRACT"])
  if case .gbdt(let b) = m.estimator { #expect(b.trees.count == 30) } else { Issue.record("not a gbdt") }
  let v = try #require(s.model(named: "v"))
  if case .gbdt(let b) = v.estimator { #expect(b.trees.count < 500) }
  #expect(out.stdout.contains("validation on te: best AUC"))
  #expect(out.stdout.contains("trained logistic on tr: "))
  #expect(out.stdout.contains("DEBT_RATIO"))
  guard case .frame(let scored)? = s.value(named: "s") else { Issue.record("no scored frame"); return }
  #expect(scored["PD"] != nil)
  let csv = try String(contentsOfFile: dir + "/scores.csv", encoding: .utf8)
  let lines = csv.split(separator: "\n")
  #expect(
    lines.first
      == "SK_ID_CURR,PD,DECISION,MARGIN,BAND,REASON_1,REASON_1_VALUE,REASON_1_CONTRIBUTION,REASON_2,REASON_2_VALUE,REASON_2_CONTRIBUTION,REASON_3,REASON_3_VALUE,REASON_3_CONTRIBUTION,REASON_4,REASON_4_VALUE,REASON_4_CONTRIBUTION,WARNINGS"
  )
  #expect(lines.count == scored.rowCount + 1)
  #expect(out.stdout.contains("client 100003: PD "))
  #expect(out.stdout.contains("3-fold AUC"))
  guard case .frame(let oof)? = s.value(named: "oof") else { Issue.record("no oof frame"); return }
  #expect(oof.columnNames == ["SK_ID_CURR", "TARGET", "FOLD", "PD"])
  #expect(oof.rowCount == 600)
  // The saved file loads back to the same predictions.
  let loaded = try ModelFile.load(from: dir + "/m.psdm")
  #expect(try loaded.probabilities(scored) == (try m.probabilities(scored)))
  // The client line agrees with the PD column.
  guard case .number(let p)? = s.value(named: "p") else { Issue.record("no client PD"); return }
  guard case .frame(let all)? = s.value(named: "data") else { return }
  #expect(p == (try m.probabilities(all))[3])
  guard case .number(let p2)? = s.value(named: "p2") else { Issue.record("no reloaded client PD"); return }
  #expect(p2.bitPattern == p.bitPattern)
  #expect(out.stdout.contains("loaded gbdt model: 30 trees on 2 features"))
}

@Test func modelCommandErrorsNameWhatToFix() throws {
  let (s, out) = try modelSession()
  s.keepGoing = true
  _ = s.run(script: "m = train logistc on data target=TARGET\n", file: "a.psd")
  #expect(out.stderr.contains("a.psd:1:11: error: train: unknown model kind 'logistc'"))
  #expect(out.stderr.contains("did you mean 'logistic'?"))
  _ = s.run(script: "m = train gbdt on data target=TARGTE\n", file: "b.psd")
  #expect(out.stderr.contains("no column 'TARGTE' in 'data'"))
  _ = s.run(script: "m = train logistic on data trees=5\n", file: "c.psd")
  #expect(out.stderr.contains("option 'trees' does not apply to logistic models"))
  _ = s.run(script: "m = train gbdt on data exclude=[SK_ID_CURR] leaves=1\n", file: "d.psd")
  #expect(out.stderr.contains("option 'leaves' must be at least 2"))
  _ = s.run(script: "score data on data\n", file: "e.psd")
  #expect(out.stderr.contains("'data' is a frame, not a model"))
  _ = s.run(
    script: "m = train gbdt on data exclude=[SK_ID_CURR] trees=2\nx = drop data CONTRACT\nscore m on x\n", file: "f.psd"
  )
  #expect(out.stderr.contains("the model needs column 'CONTRACT', which the frame does not have"))
  _ = s.run(script: "score m on data client=1\n", file: "g.psd")
  #expect(out.stderr.contains("no client 1 in 'data'"))
}

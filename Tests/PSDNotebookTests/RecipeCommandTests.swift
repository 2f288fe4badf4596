import Foundation
import Testing
import PSDTestSupport
import PSDData
import PSDModels
@testable import PSDNotebook

/// The recipe's round trip through a file: train and save in one session, load and score the raw
/// files in a fresh one; the PDs are bit for bit the study's own.
@Test func recipeRoundTripsThroughAFreshSession() throws {
  let scratch = TemporaryDirectory("recipe")
  defer { scratch.remove() }
  let dir = scratch.path
  let root = repositoryRoot.path
  let study = """
    app = load "\(root)/Examples/data/application_train.csv"
    app = replace app DAYS_EMPLOYED 365243 with missing
    app = derive app CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL
    app = encode app onehot [NAME_INCOME_TYPE, NAME_EDUCATION_TYPE]
    bureau = load "\(root)/Examples/data/bureau.csv"
    buro = aggregate bureau by SK_ID_CURR {AMT_CREDIT_SUM: mean; CREDIT_TYPE: shares} prefix="BURO_"
    data = join app buro on SK_ID_CURR kind=left
    tr, te = split data ratio=0.7 stratify=TARGET seed=3
    m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=20 leaves=8 seed=1
    p = score m on te
    save m "\(dir)/m.psdm"
    """
  let first = runScript(study, file: "study.psd", baseDirectory: nil)
  #expect(first.succeeded, "\(first.combined)")
  guard case .frame(let te)? = first.value(named: "p") else { Issue.record("no scored te"); return }

  let scoring = """
    m = load model "\(dir)/m.psdm"
    s = score m with application="\(root)/Examples/data/application_train.csv" bureau="\(root)/Examples/data/bureau.csv" out="\(dir)/scored.csv"
    """
  let second = runScript(scoring, file: "scoring.psd", baseDirectory: nil)
  #expect(second.succeeded, "\(second.combined)")
  #expect(second.stdout.contains("its recipe builds the features from 2 tables: application, bureau"))
  guard case .frame(let s)? = second.value(named: "s") else { Issue.record("no scored frame"); return }
  var byId: [String: Double] = [:]
  let ids = try #require(s["SK_ID_CURR"]), pd = try #require(s["PD"]?.doubles())
  for r in 0..<s.rowCount { byId[ids.text(r)] = pd[r] }
  let teIds = try #require(te["SK_ID_CURR"]), tePD = try #require(te["PD"]?.doubles())
  #expect(te.rowCount > 0)
  for r in 0..<te.rowCount {
    #expect(byId[teIds.text(r)]?.bitPattern == tePD[r].bitPattern, "client \(teIds.text(r))")
  }
  let header = try String(contentsOfFile: dir + "/scored.csv", encoding: .utf8).split(separator: "\n").first
  #expect(
    header?.hasPrefix("SK_ID_CURR,PD,DECISION,MARGIN,BAND,REASON_1,REASON_1_VALUE,REASON_1_CONTRIBUTION,") == true)
  #expect(header?.hasSuffix(",WARNINGS") == true)
}

/// A model file of format 1 (written before recipes) loads, says it has no recipe, and scoring
/// raw tables with it is a clear error.
@Test func formatOneModelFilesSayTheyCarryNoRecipe() throws {
  let scratch = TemporaryDirectory("recipe-v1")
  defer { scratch.remove() }
  let dir = scratch.path
  let root = repositoryRoot.path
  let (s, out) = makeSession(baseDirectory: nil, keepGoing: true)
  #expect(
    s.run(
      script: """
        app = load "\(root)/Examples/data/application_train.csv"
        m = train logistic on app target=TARGET exclude=[SK_ID_CURR] l2=50
        """, file: "a.psd") == .succeeded, "\(out.combined)")
  guard case .model(var m)? = s.value(named: "m") else { Issue.record("no model"); return }
  m.recipe = nil
  var bytes = try ModelFile.encode(m)
  bytes[8] = 1  // format version 1: the header's version field (the checksum covers the payload)
  try Data(bytes).write(to: URL(fileURLWithPath: dir + "/old.psdm"))
  _ = s.run(
    script: """
      old = load model "\(dir)/old.psdm"
      recipe old
      x = score old with application="\(root)/Examples/data/application_test.csv"
      """, file: "b.psd")
  #expect(out.stdout.contains("this file carries no feature recipe"))
  #expect(
    out.stderr.contains("'old' carries no recipe: it was loaded from a model file written before recipes existed"))
  #expect(out.stderr.contains("'old' carries no recipe: it cannot score raw tables"))
}

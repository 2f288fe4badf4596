import Foundation
import Testing
import PSDCore
import PSDData
import PSDModels
@testable import PSDScoring

// A recipe built by hand from lineage nodes (as the notebook's commands build them): one
// applications table, one side table aggregated per client and joined, a one-hot encoding.

private func applications() throws -> DataFrame {
  try DataFrame(columns: [
    .int("ID", [1, 2, 3, 4, 5, 6, 7, 8]),
    .int("TARGET", [0, 1, 0, 1, 0, 1, 0, 1]),
    .float("INCOME", [10, 20, 30, 40, 50, 60, 70, 80]),
    .float("CREDIT", [100, 150, 90, 400, 80, 500, 60, 700]),
    .category("TYPE", strings: ["a", "b", "a", "b", "a", "b", "c", "b"])
  ])
}

private func loans() throws -> DataFrame {
  try DataFrame(columns: [
    .int("ID", [1, 1, 2, 4, 4, 4, 6, 8]),
    .float("AMOUNT", [5, 7, 50, 80, 90, 70, 60, 99]),
    .category("STATUS", strings: ["open", "closed", "open", "late", "late", "open", "late", "late"])
  ])
}

/// The lineage `train` would see, and the training frame.
private func study() throws -> (frame: DataFrame, lineage: FrameLineage) {
  let a = try applications(), l = try loans()
  let la = FrameLineage(
    .load(path: "data/apps_train.csv", separator: 44, missingTokens: []), inputs: [],
    inputNames: [], boundName: "apps", statement: "apps = load \"data/apps_train.csv\"", schema: a.schema)
  let derived = try a.derive("RATIO", .binary(.divide, .column("CREDIT"), .column("INCOME")))
  let ld = FrameLineage(
    .derive([DerivedColumn(name: "RATIO", expression: .binary(.divide, .column("CREDIT"), .column("INCOME")))]),
    inputs: [la], inputNames: ["apps"], boundName: "apps", statement: "apps = derive apps RATIO = CREDIT / INCOME",
    schema: derived.schema)
  let encoded = try derived.encode(.onehot, columns: ["TYPE"])
  let le = FrameLineage(
    .encode(.onehot, derived.encodeLevels(columns: ["TYPE"])), inputs: [ld], inputNames: ["apps"],
    boundName: "apps", statement: "apps = encode apps onehot [TYPE]", schema: encoded.schema)
  let ll = FrameLineage(
    .load(path: "data/loans.csv", separator: 44, missingTokens: []), inputs: [], inputNames: [],
    boundName: "loans", statement: "loans = load \"data/loans.csv\"", schema: l.schema)
  let specs = [
    AggregateSpec(column: "AMOUNT", functions: [.mean]), AggregateSpec(column: "STATUS", functions: [.shares])
  ]
  let agg = try l.aggregate(by: ["ID"], specs: specs, prefix: "L_")
  let lg = FrameLineage(
    .aggregate(keys: ["ID"], specs: specs, prefix: "L_", sizeColumn: true), inputs: [ll],
    inputNames: ["loans"], boundName: "per", statement: "per = aggregate loans by ID {...}", schema: agg.schema)
  let joined = try encoded.join(agg, on: ["ID"], kind: .left)
  let lj = FrameLineage(
    .join(keys: ["ID"], kind: .left, suffix: "_right"), inputs: [le, lg], inputNames: ["apps", "per"],
    boundName: "data", statement: "data = join apps per on ID", schema: joined.schema)
  return (joined, lj)
}

private func trainedModel(trees: Int = 5) throws -> (CreditModel, DataFrame) {
  let (frame, lineage) = try study()
  var options = GBDTOptions()
  options.trees = trees
  options.leaves = 2
  options.minLeaf = 1
  options.minHessian = 0
  var model = try CreditModel.trainGBDT(on: frame, target: "TARGET", exclude: ["ID"], options: options)
  var recipe = try FeatureRecipe(lineage: lineage, target: "TARGET", idCandidates: ["ID"])
  let labels = try FeatureMatrix.targetLabels(frame, target: "TARGET")
  TrainingReference.fill(&recipe, frame: frame, sample: try model.featureMatrix(frame), labels: labels)
  model.recipe = recipe
  return (model, frame)
}

@Test func recipeNamesItsInputsAfterTheFiles() throws {
  let (model, _) = try trainedModel()
  let recipe = try #require(model.recipe)
  #expect(recipe.inputs.map(\.name) == ["apps", "loans"])
  #expect(recipe.applications?.name == "apps")
  #expect(recipe.idColumn == "ID")
  #expect(!recipe.applications!.columns.contains { $0.name == "TARGET" })
}

@Test func rawScoresEqualTheTrainingFrameScores() throws {
  let (model, frame) = try trainedModel()
  let batch = try Scorer(model: model).score(["apps": try applications(), "loans": try loans()])
  let expected = try model.probabilities(frame)
  #expect(batch.applications.map(\.probabilityOfDefault) == expected)
  #expect(batch.applications.map(\.id) == (1...8).map { String($0) })
}

@Test func oneApplicationScoresAloneAsInTheBatch() throws {
  let (model, _) = try trainedModel()
  let scorer = Scorer(model: model)
  let all = try scorer.score(["apps": try applications(), "loans": try loans()])
  // Client 4 with only its own loan rows, and the batch in reverse order: same PD, same reasons.
  let one = try scorer.score(["apps": try applications().gather([3]), "loans": try loans().gather([3, 4, 5])])
  #expect(one.applications[0].probabilityOfDefault == all.applications[3].probabilityOfDefault)
  #expect(one.applications[0].reasons == all.applications[3].reasons)
  let reversed = try scorer.score(["apps": try applications().gather(Array((0..<8).reversed())), "loans": try loans()])
  #expect(reversed.applications.map(\.probabilityOfDefault) == all.applications.reversed().map(\.probabilityOfDefault))
}

@Test func reasonsAreAdverseAndOrderedByImpact() throws {
  let (model, _) = try trainedModel()
  let batch = try Scorer(model: model).score(["apps": try applications(), "loans": try loans()], reasons: 3)
  for a in batch.applications {
    #expect(a.reasons.count <= 3)
    #expect(a.reasons.allSatisfy { $0.contribution > 0 && $0.direction == .towardsRefusal })
    #expect(zip(a.reasons, a.reasons.dropFirst()).allSatisfy { $0.contribution >= $1.contribution })
    #expect(a.decision == (a.probabilityOfDefault >= model.threshold ? .refused : .granted))
    #expect(a.margin == a.probabilityOfDefault - model.threshold)
  }
}

@Test func unseenLevelOutOfRangeAndMissingColumnsAreHandled() throws {
  let (model, _) = try trainedModel()
  let scorer = Scorer(model: model)
  var odd = try applications().gather([0])
  odd = try odd.setting(.category("TYPE", strings: ["zzz"])).setting(.float("INCOME", [1e9]))
  let batch = try scorer.score(["apps": odd, "loans": try loans()])
  let warnings = batch.applications[0].warnings.joined(separator: "\n")
  #expect(warnings.contains("TYPE = \"zzz\" was never seen in training"))
  #expect(warnings.contains("INCOME = 1000000000 is outside the training range"))
  let short = try applications().dropping(["INCOME", "CREDIT"])
  #expect {
    try scorer.score(["apps": short, "loans": try loans()])
  } throws: { error in
    (error as? PSDError)?.message.contains("INCOME, CREDIT") ?? false
  }
  #expect {
    try scorer.score(["apps": try applications()])
  } throws: { error in
    (error as? PSDError)?.message.contains("the recipe needs: apps, loans") ?? false
  }
  let text = try applications().setting(.category("CREDIT", strings: Array(repeating: "lots", count: 8)))
  #expect {
    try scorer.score(["apps": text, "loans": try loans()])
  } throws: { error in
    (error as? PSDError)?.message.contains("CREDIT is categorical in 'apps', training had float") ?? false
  }
}

@Test func bandsAreRelativeToTheThreshold() {
  #expect(RiskBand(pd: 0.04, threshold: 0.1) == .low)
  #expect(RiskBand(pd: 0.05, threshold: 0.1) == .moderate)
  #expect(RiskBand(pd: 0.1, threshold: 0.1) == .high)
  #expect(RiskBand(pd: 0.2, threshold: 0.1) == .veryHigh)
}

@Test func recipeSurvivesTheModelFile() throws {
  let (model, _) = try trainedModel()
  let loaded = try ModelFile.decode(try ModelFile.encode(model))
  #expect(loaded.recipe == model.recipe)
  let a = try Scorer(model: model).score(["apps": try applications(), "loans": try loans()])
  let b = try Scorer(model: loaded).score(["apps": try applications(), "loans": try loans()])
  #expect(a.applications.map(\.probabilityOfDefault) == b.applications.map(\.probabilityOfDefault))
}

@Test func formatOneFilesLoadWithoutARecipe() throws {
  var model = try trainedModel().0
  model.recipe = nil
  var bytes = try ModelFile.encode(model)
  bytes[8] = 1  // the header's format version (the checksum covers the payload only)
  let loaded = try ModelFile.decode(bytes)
  #expect(loaded.recipe == nil)
  #expect {
    try Scorer(model: loaded).score(["apps": try applications(), "loans": try loans()])
  } throws: { error in
    (error as? PSDError)?.message.contains("carries no recipe") ?? false
  }
}

// The scorer's prepared plan (compiled recipe, flattened trees, reasons without a full sort)
// against the reference path: the recipe replayed, the model's own contributions and
// `explainClient`'s ordering. 40 trees: past the size where one row's TreeSHAP used two workers.

/// Reasons as `explainClient` lists them: every feature sorted by |contribution|, adverse first `k`.
private func referenceReasons(_ model: CreditModel, _ frame: DataFrame, k: Int) throws -> [[Reason]] {
  let m = try model.featureMatrix(frame)
  let c = try model.contributions(m)
  return (0..<m.rowCount).map { row in
    let e = explainClient(
      model: model, matrix: m, row: row, contributions: c.row(row), base: c.base, labels: nil,
      percentilesFor: 0)
    return e.contributions.filter { $0.logOdds > 0 }.prefix(k).map {
      Reason(
        feature: $0.name, value: $0.valueText, numericValue: nil, contribution: $0.logOdds,
        direction: .towardsRefusal, percentileAmongGood: nil, percentileAmongBad: nil)
    }
  }
}

private func withoutPercentiles(_ reasons: [Reason]) -> [Reason] {
  reasons.map {
    var r = $0; r.numericValue = nil; r.percentileAmongGood = nil; r.percentileAmongBad = nil; return r
  }
}

@Test func preparedPlanGivesTheReferencePDsAndReasons() throws {
  let (model, frame) = try trainedModel(trees: 40)
  let scorer = Scorer(model: model)
  let tables = ["apps": try applications(), "loans": try loans()]
  let batch = try scorer.score(tables, reasons: 3)
  // PDs: bit for bit the training frame's; reasons: explainClient's order and values.
  #expect(batch.applications.map(\.probabilityOfDefault) == (try model.probabilities(frame)))
  let reference = try referenceReasons(model, frame, k: 3)
  #expect(batch.applications.map { withoutPercentiles($0.reasons) } == reference)
  // One application at a time (the API's call): the same PDs and reasons as in the batch.
  let loans = try loans()
  for (row, id) in (1...8).enumerated() {
    let own = (0..<loans.rowCount).filter { loans["ID"]!.text($0) == String(id) }
    let one = try scorer.score(["apps": try applications().gather([row]), "loans": loans.gather(own)], reasons: 3)
    #expect(one.applications[0].probabilityOfDefault == batch.applications[row].probabilityOfDefault)
    #expect(one.applications[0].reasons == batch.applications[row].reasons)
  }
  // The recipe replayed without the scorer's compiled plan builds the same feature frame.
  let plain = try #require(model.recipe).replay(tables).frame
  #expect(plain.columnNames == batch.features.columnNames)
  #expect(try model.probabilities(plain) == batch.applications.map(\.probabilityOfDefault))
}

@Test func concurrentScoringFromSeveralTasksGivesIdenticalResults() async throws {
  let (model, _) = try trainedModel(trees: 40)
  let scorer = Scorer(model: model)  // one scorer shared by every task
  let apps = try applications(), loans = try loans()
  let cuts: [[String: DataFrame]] = (0..<8).map { row in
    let id = apps["ID"]!.text(row)
    return [
      "apps": apps.gather([row]), "loans": loans.gather((0..<loans.rowCount).filter { loans["ID"]!.text($0) == id })
    ]
  }
  let expected = try cuts.map { try scorer.score($0, reasons: 4).applications[0] }
  let results = try await withThrowingTaskGroup(of: (Int, ScoredApplication).self) { group in
    for task in 0..<32 {
      group.addTask {
        let k = task % cuts.count
        return (k, try scorer.score(cuts[k], reasons: 4).applications[0])
      }
    }
    var out: [(Int, ScoredApplication)] = []
    for try await r in group { out.append(r) }
    return out
  }
  #expect(results.count == 32)
  for (k, a) in results {
    #expect(a.probabilityOfDefault == expected[k].probabilityOfDefault)
    #expect(a.reasons == expected[k].reasons)
    #expect(a.warnings == expected[k].warnings)
  }
}

@Test func categoricalReasonsGetTheShareOfEachClassWithTheSameLevel() throws {
  // TYPE kept categorical (no one-hot): a, b, c among good (0) and bad (1) clients.
  let frame = try DataFrame(columns: [
    .category("TYPE", strings: ["a", "b", "a", "b", "a", "b", "c", nil]),
    .float("X", [1, 2, 3, 4, 5, 6, 7, 8])
  ])
  let features = [FeatureSpec(name: "TYPE", levels: ["a", "b", "c"]), FeatureSpec(name: "X")]
  let m = try FeatureMatrix.aligned(frame, to: features)
  let labels = [false, true, false, true, false, true, false, true]
  var recipe = try #require(try trainedModel().0.recipe)
  TrainingReference.fill(&recipe, frame: frame, sample: m, labels: labels)
  let type = try #require(recipe.distributions.first { $0.feature == "TYPE" })
  #expect(type.levels == ["a", "b", "c"])
  // good: a a a c (4 clients); bad: b b b missing (4 clients)
  #expect(type.good == [75, 0, 25, 0])
  #expect(type.bad == [0, 75, 0, 25])
  var model = try trainedModel().0
  model.features = features
  model.recipe = recipe
  let plan = ScoringPlan(model: model)
  let d = try #require(plan.distributions[0])
  #expect(plan.percentiles(d, 0) == (75, 0))  // level a
  #expect(plan.percentiles(d, .nan) == (0, 25))  // missing
  // A distribution whose levels differ from the model's is not used (codes would not match).
  model.features[0] = FeatureSpec(name: "TYPE", levels: ["b", "a", "c"])
  #expect(ScoringPlan(model: model).distributions[0] == nil)
}

/// The tables as CSV files in a fresh directory (the caller removes `dir`).
private func tableFiles() throws -> (apps: String, loans: String, dir: String) {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("psd-scorer-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  let appsPath = dir + "/apps_test.csv", loansPath = dir + "/loans.csv"
  try CSVWriter.write(try applications().dropping(["TARGET"]), to: appsPath)
  try CSVWriter.write(try loans(), to: loansPath)
  return (appsPath, loansPath, dir)
}

@Test func filesReadOneByOneScoreAsFramesDo() throws {
  let (model, frame) = try trainedModel()
  let scorer = Scorer(model: model)
  let files = try tableFiles()
  defer { try? FileManager.default.removeItem(atPath: files.dir) }
  let batch = try scorer.score([
    "apps": .file(path: files.apps, displayName: "apps_test.csv"),
    "loans": .file(path: files.loans, displayName: "loans.csv")
  ])
  #expect(batch.applications.map(\.probabilityOfDefault) == (try model.probabilities(frame)))
  // Every feature column as the study built it (the joins and encodes of the prepared layouts).
  for c in frame.columns where c.name != "TARGET" {
    let replayed = try #require(batch.features[c.name])
    #expect(replayed.type == c.type)
    #expect((0..<frame.rowCount).map { replayed.text($0) } == (0..<frame.rowCount).map { c.text($0) })
  }
  #expect(batch.features.columnNames == frame.columnNames)
}

@Test func filesMissingColumnsAreReportedTogetherBeforeAnyIsRead() throws {
  let (model, _) = try trainedModel()
  let files = try tableFiles()
  defer { try? FileManager.default.removeItem(atPath: files.dir) }
  try CSVWriter.write(try applications().dropping(["TARGET", "INCOME"]), to: files.apps)
  try CSVWriter.write(try loans().dropping(["AMOUNT"]), to: files.loans)
  #expect {
    try Scorer(model: model).score([
      "apps": RecipeTable.file(path: files.apps, displayName: "apps_test.csv"),
      "loans": .file(path: files.loans, displayName: "loans.csv")
    ])
  } throws: { error in
    let notes = (error as? PSDError)?.notes.joined(separator: "\n") ?? ""
    return notes.contains("'apps' lacks 1 column: INCOME") && notes.contains("'loans' lacks 1 column: AMOUNT")
  }
}

@Test func aBatchWarnsAsEachApplicationAlone() throws {
  // Values outside the training range (read down the columns for a batch, across the row for
  // one application): row by row, the batch's warnings are each application's own.
  let (model, _) = try trainedModel()
  let scorer = Scorer(model: model)
  let apps = try applications().setting(.float("INCOME", [10, 20, 1e9, 40, 50, -5, 70, 80]))
  let batch = try scorer.score(["apps": apps, "loans": try loans()])
  for row in 0..<apps.rowCount {
    let one = try scorer.score(["apps": apps.gather([row]), "loans": try loans()])
    #expect(one.applications[0].warnings == batch.applications[row].warnings)
  }
  #expect(batch.applications[2].warnings.contains { $0.hasPrefix("INCOME = 1000000000 is outside the training range") })
  #expect(batch.applications[5].warnings.contains { $0.hasPrefix("INCOME = -5 is outside the training range") })
  #expect(batch.applications[0].warnings.isEmpty)

  // A model that reads TYPE as a category: an unseen level is flagged, a missing value is not.
  var options = GBDTOptions()
  options.trees = 3
  options.leaves = 2
  options.minLeaf = 1
  options.minHessian = 0
  let native = Scorer(
    model: try CreditModel.trainGBDT(on: try applications(), target: "TARGET", exclude: ["ID"], options: options))
  let odd = try applications().setting(.category("TYPE", strings: ["a", "zzz", nil, "b", "a", "b", "yyy", "b"]))
  let scored = try native.score(features: odd)
  for row in 0..<odd.rowCount {
    let one = try native.score(features: odd.gather([row]))
    #expect(one.applications[0].warnings == scored.applications[row].warnings)
  }
  #expect(scored.applications.map(\.warnings.count) == [0, 1, 0, 0, 0, 0, 1, 0])
  #expect(scored.applications[6].warnings == ["TYPE = \"yyy\" was never seen in training (read as missing)"])
}

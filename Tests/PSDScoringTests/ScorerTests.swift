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
    .category("TYPE", strings: ["a", "b", "a", "b", "a", "b", "c", "b"]),
  ])
}

private func loans() throws -> DataFrame {
  try DataFrame(columns: [
    .int("ID", [1, 1, 2, 4, 4, 4, 6, 8]),
    .float("AMOUNT", [5, 7, 50, 80, 90, 70, 60, 99]),
    .category("STATUS", strings: ["open", "closed", "open", "late", "late", "open", "late", "late"]),
  ])
}

/// The lineage `train` would see, and the training frame.
private func study() throws -> (frame: DataFrame, lineage: FrameLineage) {
  let a = try applications(), l = try loans()
  let la = FrameLineage(.load(path: "data/apps_train.csv", separator: 44, missingTokens: []), inputs: [],
                        inputNames: [], boundName: "apps", statement: "apps = load \"data/apps_train.csv\"", schema: a.schema)
  let derived = try a.derive("RATIO", .binary(.divide, .column("CREDIT"), .column("INCOME")))
  let ld = FrameLineage(.derive([DerivedColumn(name: "RATIO", expression: .binary(.divide, .column("CREDIT"), .column("INCOME")))]),
                        inputs: [la], inputNames: ["apps"], boundName: "apps", statement: "apps = derive apps RATIO = CREDIT / INCOME",
                        schema: derived.schema)
  let encoded = try derived.encode(.onehot, columns: ["TYPE"])
  let le = FrameLineage(.encode(.onehot, derived.encodeLevels(columns: ["TYPE"])), inputs: [ld], inputNames: ["apps"],
                        boundName: "apps", statement: "apps = encode apps onehot [TYPE]", schema: encoded.schema)
  let ll = FrameLineage(.load(path: "data/loans.csv", separator: 44, missingTokens: []), inputs: [], inputNames: [],
                        boundName: "loans", statement: "loans = load \"data/loans.csv\"", schema: l.schema)
  let specs = [AggregateSpec(column: "AMOUNT", functions: [.mean]), AggregateSpec(column: "STATUS", functions: [.shares])]
  let agg = try l.aggregate(by: ["ID"], specs: specs, prefix: "L_")
  let lg = FrameLineage(.aggregate(keys: ["ID"], specs: specs, prefix: "L_", sizeColumn: true), inputs: [ll],
                        inputNames: ["loans"], boundName: "per", statement: "per = aggregate loans by ID {...}", schema: agg.schema)
  let joined = try encoded.join(agg, on: ["ID"], kind: .left)
  let lj = FrameLineage(.join(keys: ["ID"], kind: .left, suffix: "_right"), inputs: [le, lg], inputNames: ["apps", "per"],
                        boundName: "data", statement: "data = join apps per on ID", schema: joined.schema)
  return (joined, lj)
}

private func trainedModel() throws -> (CreditModel, DataFrame) {
  let (frame, lineage) = try study()
  var options = GBDTOptions()
  options.trees = 5
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

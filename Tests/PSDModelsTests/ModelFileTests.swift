import Foundation
import Testing
import PSDCore
import PSDData
@testable import PSDModels

private func trainedFrame() throws -> DataFrame {
  var g = ModelRandom(seed: 9)
  var ids: [Int64] = [], a: [Double] = [], cat: [String?] = [], target: [Int64] = []
  for i in 0..<800 {
    let v = g.unit()
    let level = ["Cash loans", "Revolving loans", nil][g.below(3)]
    ids.append(Int64(100_000 + i))
    a.append(g.unit() < 0.1 ? .nan : v)
    cat.append(level)
    target.append(g.unit() < (v > 0.6 ? 0.5 : 0.1) + (level == nil ? 0.2 : 0) ? 1 : 0)
  }
  return try DataFrame(columns: [
    .int("SK_ID_CURR", ids), .float("EXT_SOURCE", a),
    .category("CONTRACT", strings: cat), .int("TARGET", target)
  ])
}

private func temporaryPath(_ name: String) -> String {
  NSTemporaryDirectory() + "psd-models-test-\(getpid())-\(name)"
}

@Test func savedModelsPredictBitForBit() throws {
  let frame = try trainedFrame()
  var o = GBDTOptions()
  o.trees = 15
  o.leaves = 6
  o.catMinRows = 10
  var gbdt = try CreditModel.trainGBDT(on: frame, target: "TARGET", exclude: ["SK_ID_CURR"], options: o)
  gbdt.threshold = 0.1234567890123
  gbdt.calibration = .isotonic(x: [0.1, 0.3, 0.7], y: [0.05, 0.2, 0.9])
  var logistic = try CreditModel.trainLogistic(on: frame, target: "TARGET", exclude: ["SK_ID_CURR"])
  logistic.calibration = .platt(a: 1.1, b: -0.2)
  for model in [gbdt, logistic] {
    let path = temporaryPath("\(model.kindName).psdm")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try ModelFile.save(model, to: path)
    let loaded = try ModelFile.load(from: path)
    let x = try model.featureMatrix(frame)
    let before = model.probabilities(x), after = try loaded.probabilities(frame)
    #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
    #expect(loaded.threshold.bitPattern == model.threshold.bitPattern)
    #expect(loaded.calibration == model.calibration)
    #expect(loaded.features == model.features)
    #expect(loaded.target == "TARGET")
    if case .gbdt(let a) = model.estimator, case .gbdt(let b) = loaded.estimator {
      #expect(a.trees == b.trees)
    }
    // No temporary file is left beside it.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
      .filter { $0.contains(".tmp-") && $0.contains("psd-models-test") }
    #expect(leftovers.isEmpty)
  }
}

@Test func damagedModelFilesAreRefused() throws {
  let frame = try trainedFrame()
  var o = GBDTOptions()
  o.trees = 3
  let model = try CreditModel.trainGBDT(on: frame, target: "TARGET", exclude: ["SK_ID_CURR"], options: o)
  let bytes = try ModelFile.encode(model)
  func message(_ b: [UInt8]) -> String {
    do { _ = try ModelFile.decode(b, name: "m.psdm"); return "loaded" } catch let e as PSDError {
      return e.message
    } catch {
      return "\(error)"
    }
  }
  #expect(message(Array(bytes.prefix(bytes.count - 10))).contains("is truncated"))
  #expect(message(Array(bytes.prefix(20))).contains("is truncated"))
  var flipped = bytes
  flipped[bytes.count - 30] ^= 0x40
  #expect(message(flipped).contains("is corrupted"))
  var newer = bytes
  newer[8] = UInt8(ModelFile.formatVersion + 1)
  #expect(message(newer).contains("newer psd"))
  #expect(message(Array("SK_ID_CURR,TARGET\n".utf8)).contains("not a psd model file"))
  #expect(message(bytes) == "loaded")
  #expect(throws: PSDError.io("no file '/nonexistent/m.psdm'")) { try ModelFile.load(from: "/nonexistent/m.psdm") }
}

@Test func scoringAlignsColumnsByNameAndReadsUnseenLevelsAsMissing() throws {
  let frame = try trainedFrame()
  var o = GBDTOptions()
  o.trees = 5
  o.catMinRows = 10
  let model = try CreditModel.trainGBDT(on: frame, target: "TARGET", exclude: ["SK_ID_CURR"], options: o)
  // Columns in another order, levels coded differently, one new level, no target.
  let n = 4
  let other = try DataFrame(columns: [
    .category("CONTRACT", strings: ["Revolving loans", "Car loans", nil, "Cash loans"]),
    .float("EXT_SOURCE", [0.9, 0.9, 0.9, 0.9])
  ])
  let x = try model.featureMatrix(other)
  #expect(x.rowCount == n)
  let levels = model.features[1].levels!
  #expect(x.columns[1][0] == Double(levels.firstIndex(of: "Revolving loans")!))
  #expect(x.columns[1][1].isNaN)
  let pd = model.probabilities(x)
  #expect(pd[1] == pd[2])
  // A missing column is named, with a suggestion.
  let renamed = try DataFrame(columns: [.float("EXT_SOURCES", [0.5]), .category("CONTRACT", strings: ["Cash loans"])])
  do {
    _ = try model.featureMatrix(renamed)
    Issue.record("expected an error")
  } catch let e as PSDError {
    #expect(e.message == "the model needs column 'EXT_SOURCE', which the frame does not have")
    #expect(e.notes == ["did you mean 'EXT_SOURCES'?"])
  }
}

@Test func targetMustBeZeroOrOne() throws {
  let frame = try DataFrame(columns: [.float("A", [1, 2, 3]), .int("TARGET", [0, 2, 1])])
  #expect(throws: PSDError.self) { try CreditModel.trainGBDT(on: frame, target: "TARGET") }
  #expect(throws: PSDError.unknown("column", "TARGTE", candidates: ["A", "TARGET"])) {
    try CreditModel.trainGBDT(on: frame, target: "TARGTE")
  }
}

@Test func crossValidationFoldsAreStratifiedAndCoverEveryRow() throws {
  let (x, labels, _) = ModelTestData.piecewise(rows: 1000, seed: 12)
  let folds = CrossValidation.stratifiedFolds(labels: labels, folds: 5, seed: 0)
  for k in 0..<5 {
    let rows = folds.indices.filter { folds[$0] == k }
    let positives = rows.filter { labels[$0] }.count
    let total = labels.filter { $0 }.count
    #expect(abs(positives - total / 5) <= 1)
    #expect(abs(rows.count - 200) <= 1)
  }
  var o = GBDTOptions()
  o.trees = 10
  let result = try CrossValidation.run(x, labels: labels, folds: 3, seed: 1) { tx, ty in
    CreditModel(estimator: .gbdt(try GBDTTrainer.train(tx, labels: ty, options: o)), target: "Y", features: tx.features)
  }
  #expect(result.foldAUC.count == 3)
  #expect(!result.outOfFold.contains { $0.isNaN })
  #expect(result.meanAUC > 0.7)
  #expect(result.stdAUC >= 0)
}

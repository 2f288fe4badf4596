import Foundation
import PSDCore
import PSDData

/// The outcome of stratified k-fold cross-validation.
package struct CrossValidationResult: Sendable {
  /// Validation AUC of each fold, in fold order.
  package var foldAUC: [Double]
  /// Each row's fold (0-based) and its PD from the model that did not see it.
  package var fold: [Int]
  package var outOfFold: [Double]
  /// AUC of all out-of-fold predictions pooled.
  package var pooledAUC: Double

  package init(foldAUC: [Double], fold: [Int], outOfFold: [Double], pooledAUC: Double) {
    self.foldAUC = foldAUC
    self.fold = fold
    self.outOfFold = outOfFold
    self.pooledAUC = pooledAUC
  }

  package var meanAUC: Double { Self.mean(foldAUC) }
  /// Sample standard deviation (n - 1) of the fold AUCs.
  package var stdAUC: Double { Self.standardDeviation(foldAUC) }

  static func mean(_ aucs: [Double]) -> Double { aucs.reduce(0, +) / Double(aucs.count) }

  static func standardDeviation(_ aucs: [Double]) -> Double {
    guard aucs.count > 1 else { return 0 }
    let m = mean(aucs)
    return (aucs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(aucs.count - 1)).squareRoot()
  }
}

package enum CrossValidation {
  /// Fold of each row: defaults and non-defaults are shuffled separately (seeded) and dealt out
  /// in turn, so every fold has the same default rate (to within one row).
  package static func stratifiedFolds(labels: [Bool], folds: Int, seed: UInt64) -> [Int] {
    var generator = ModelRandom(seed: seed)
    var fold = [Int](repeating: 0, count: labels.count)
    var next = 0
    for cls in [true, false] {
      var rows = labels.indices.filter { labels[$0] == cls }
      generator.shuffle(&rows)
      for r in rows {
        fold[r] = next
        next = (next + 1) % folds
      }
    }
    return fold
  }

  /// `stratifiedFolds`, after checking that every fold can hold rows of both classes.
  package static func checkedFolds(labels: [Bool], folds: Int, seed: UInt64) throws -> [Int] {
    guard folds >= 2 else { throw PSDError.usage("option 'folds' must be at least 2", subject: "folds") }
    let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    let smallerClass = min(positives, labels.count - positives)
    if smallerClass < folds {
      throw PSDError.data(
        "option 'folds' is \(folds), but the smaller class has only \(smallerClass) rows",
        notes: ["every fold needs rows of both classes: use folds=\(max(2, min(5, smallerClass)))"],
        subject: "folds")
    }
    return stratifiedFolds(labels: labels, folds: folds, seed: seed)
  }

  /// Stratified k-fold: for each fold, `fitAndPredict(trainRows, heldOutRows)` trains on the other
  /// folds and returns the PD of the held-out rows. `foldDone(k, auc, trainRows, heldOut)` is told
  /// after each fold (progress, printing). Refuses more folds than the smaller class has rows.
  package static func run(
    labels: [Bool], folds: Int, seed: UInt64, control: TaskControl = .none,
    fitAndPredict: ([Int], [Int]) throws -> [Double],
    foldDone: (Int, Double, Int, Int) -> Void = { _, _, _, _ in }
  ) throws -> CrossValidationResult {
    let fold = try checkedFolds(labels: labels, folds: folds, seed: seed)
    var outOfFold = [Double](repeating: .nan, count: labels.count)
    var aucs: [Double] = []
    for k in 0..<folds {
      try control.checkCancelled()
      let trainRows = labels.indices.filter { fold[$0] != k }
      let validRows = labels.indices.filter { fold[$0] == k }
      let pd = try fitAndPredict(trainRows, validRows)
      try CreditModel.checkProbabilities(pd, rows: "fold \(k + 1)")
      for (i, r) in validRows.enumerated() { outOfFold[r] = pd[i] }
      let auc = rocAUC(scores: pd, labels: validRows.map { labels[$0] }) ?? .nan
      aucs.append(auc)
      control.report(
        "cross-validation", done: Double(k + 1), total: Double(folds),
        detail: String(format: "fold %d AUC %.4f", k + 1, auc))
      foldDone(k, auc, trainRows.count, validRows.count)
    }
    return CrossValidationResult(
      foldAUC: aucs, fold: fold, outOfFold: outOfFold,
      pooledAUC: rocAUC(scores: outOfFold, labels: labels) ?? .nan)
  }

  /// The same on a feature matrix, with `fit` training a model on the other folds.
  package static func run(
    _ x: FeatureMatrix, labels: [Bool], folds: Int, seed: UInt64,
    control: TaskControl = .none,
    fit: (FeatureMatrix, [Bool]) throws -> CreditModel
  ) throws -> CrossValidationResult {
    try run(labels: labels, folds: folds, seed: seed, control: control) { trainRows, validRows in
      let model = try fit(x.gather(trainRows), trainRows.map { labels[$0] })
      return model.probabilities(x.gather(validRows))
    }
  }
}

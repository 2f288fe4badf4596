import Foundation
import PSDCore
import PSDData
import PSDModels

/// `cv gbdt on X target=TARGET folds=5 seed=0 ...`: stratified k-fold cross-validation.
enum CVCommand {
  static let spec = CommandSpec(
    name: "cv", topic: "models",
    usage: [
      "cv gbdt on FRAME target=TARGET folds=5 seed=0 ...",
      "OOF = cv logistic on FRAME target=TARGET folds=5 id=SK_ID_CURR"
    ],
    summary: "stratified k-fold cross-validation: AUC per fold, mean ± std, out-of-fold predictions",
    details: """
      Rows are dealt into folds class by class (seeded), so every fold has the training default rate. \
      Each fold is predicted by a model trained on the other folds, with the options `train` takes. \
      Prints each fold's AUC, their mean ± standard deviation (n − 1), and the AUC of all out-of-fold \
      predictions pooled. Bound to a name, it returns the out-of-fold predictions as a frame: the id \
      column (id=, default SK_ID_CURR when present, else ROW), TARGET, FOLD (1-based) and PD.
      """,
    options: [
      OptionSpec("folds", .integer(.atLeast(2)), default: 5, "number of folds"),
      OptionSpec(
        "id", .column, default: .described("SK_ID_CURR when present, else ROW"),
        "id column copied into the out-of-fold frame")
    ]
      + TrainCommand.options.filter { !["valid", "stop"].contains($0.name) },
    examples: [
      "cv gbdt on data target=TARGET exclude=[SK_ID_CURR] folds=5 seed=0 trees=200",
      "oof = cv logistic on data target=TARGET exclude=[SK_ID_CURR] folds=5"
    ],
    keywords: ["gbdt", "logistic", "on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let r = try TrainCommand.request(c, allowValidation: false)
    let folds = try c.int("folds") ?? 5
    let seed = UInt64(bitPattern: Int64(try c.int("seed", default: c.settings.seed)))
    let idName: String?
    if let given = try c.columns("id", of: r.frame, named: r.frameName)?.first {
      idName = given
    } else {
      idName = r.frame["SK_ID_CURR"] != nil ? "SK_ID_CURR" : nil
    }
    let labels = try FeatureMatrix.targetLabels(r.frame, target: r.target, frameName: r.frameName)
    let result: CrossValidationResult
    do {
      result = try CrossValidation.run(
        labels: labels, folds: folds, seed: seed, control: c.control,
        fitAndPredict: { trainRows, validRows in
          let model = try TrainCommand.fit(r, on: r.frame.gather(trainRows), control: c.control)
          return try model.probabilities(r.frame.gather(validRows))
        },
        foldDone: { k, auc, trained, heldOut in
          c.print(
            "fold \(k + 1)/\(folds): AUC \(Format.fixed(auc))  (\(Format.count(trained)) training rows, \(Format.count(heldOut)) held out)"
          )
        })
    } catch let e as PSDError where e.subject == "folds" {
      throw c.error(e.message, at: c.option("folds")?.value, notes: e.notes)
    }
    let assignment = result.fold
    c.print(
      "\(r.kind) \(folds)-fold AUC \(Format.fixed(result.meanAUC)) ± \(Format.fixed(result.stdAUC)); pooled out-of-fold AUC \(Format.fixed(result.pooledAUC))"
    )

    var columns: [Column] = []
    if let idName, let id = r.frame[idName] {
      columns.append(id)
    } else {
      columns.append(.int("ROW", (1...labels.count).map { Int64($0) }))
    }
    if let t = r.frame[r.target] { columns.append(t) }
    columns.append(.int("FOLD", assignment.map { Int64($0 + 1) }))
    columns.append(.float("PD", result.outOfFold))
    c.result(.frame(try DataFrame(columns: columns)))
  }
}

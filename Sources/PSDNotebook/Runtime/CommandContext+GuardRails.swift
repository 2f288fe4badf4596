import PSDModels

extension CommandContext {
  /// `evaluate`/`threshold` on the rows the model learnt from measure memory, not skill.
  func warnIfTrainingRows(_ input: ModelOnFrame) {
    guard let trained = input.model.trainingRows, let lineage = input.frame.lineage, lineage.hasRows(of: trained) else {
      return
    }
    warn(
      "'\(input.frameName)' holds the rows \(input.modelName) was trained on: these figures flatter the model; use rows it never saw (a validation or test split)"
    )
  }

  /// Decisions from a `balance=weights` model read PDs inflated towards 50 %, unless calibrated.
  func warnIfUncalibratedWeights(_ model: CreditModel, name: String) {
    guard model.summary["balance"] == "weights", model.calibration == nil else { return }
    warn(
      "\(name) was trained with balance=weights and is not calibrated: its PDs overstate the default risk; calibrate it first (\(name) = calibrate \(name) on VALID method=platt) so PDs and the threshold mean what they say"
    )
  }
}

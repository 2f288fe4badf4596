import PSDModels

extension CommandContext {
  /// The note under PDs read from a `balance=weights` model that was not calibrated: training
  /// weighted defaulters up, so its PDs sit far above the real default rates (a ranking, not a
  /// probability). Said by score, explain and whatif; nil for any other model.
  func uncalibratedNote(_ model: CreditModel, name: String) -> String? {
    guard model.summary["balance"] == "weights", model.calibration == nil else { return nil }
    return "note: \(name) was trained with balance=weights and is not calibrated: these PDs rank clients "
      + "but overstate their risk (for probabilities: \(name)_cal = calibrate \(name) on VALID method=platt)"
  }
}

import Foundation
import PSDCore
import PSDData
import PSDModels

/// `mc = calibrate M on X method=isotonic|platt`: a monotone map from the model's PD to a
/// calibrated PD, fitted on X, in a new model; M itself is never changed.
enum CalibrateCommand {
  static let spec = CommandSpec(
    name: "calibrate", topic: "decision",
    usage: [
      "MC = calibrate MODEL on FRAME method=isotonic", "MC = calibrate MODEL on FRAME method=platt",
      "calibrate MODEL on FRAME method=platt"
    ],
    summary:
      "a calibrated copy of the model (isotonic or Platt, fitted on a frame), with the reliability table before and after",
    details: """
      isotonic: pool-adjacent-violators, the non-decreasing step function of the PD closest to the observed \
      defaults (knots at each block's ends, linear in between). platt: PD' = σ(a·logit(PD) + b), fitted by \
      Newton's method on the log-loss. Platt is strictly increasing, so the ranking (AUC) is kept \
      exactly. Isotonic never reverses two clients, but its flat steps give clients with different PDs \
      the same calibrated PD: those ties can lower the AUC slightly (evaluate shows it). \
      The result is a new model: MODEL with this calibration (replacing any earlier one; save keeps \
      it). MODEL itself is never changed, so `evaluate MODEL on FRAME` gives the same figures before and \
      after; `m = calibrate m on va ...` is the explicit way to replace m. Without a name to bind, \
      calibrate only shows the tables. Fit it on rows the model was not trained on, and choose the \
      threshold again afterwards (`mc = threshold mc on va cost ...`): the threshold is on the PD scale, \
      which calibration changes.
      """,
    options: [
      OptionSpec("method", .choice(Method.self), default: .text(Method.isotonic.rawValue), "calibration map"),
      OptionSpec("bins", .integer(.atLeast(1)), default: 10, "groups in the reliability tables")
    ],
    examples: [
      "mc = calibrate m on va method=platt", "mi = calibrate m on va method=isotonic",
      "m = calibrate m on va method=platt"
    ],
    keywords: ["on"],
    run: run)

  enum Method: String, CaseIterable {
    case isotonic, platt
  }

  @Sendable static func run(_ c: CommandContext) throws {
    let input = try c.modelOnFrame()
    let (model, modelName, frame, frameName) = (input.model, input.modelName, input.frame, input.frameName)
    let method = try c.choice("method", as: Method.self)
    let bins = try c.intValue("bins")
    let labels = try FeatureMatrix.targetLabels(frame, target: model.target, frameName: frameName)
    var uncalibrated = model
    uncalibrated.calibration = nil
    let before = try uncalibrated.probabilities(frame)
    let calibration =
      method == .platt
      ? ProbabilityCalibration.fitPlatt(probabilities: before, labels: labels)
      : ProbabilityCalibration.fitIsotonic(probabilities: before, labels: labels)
    var calibrated = model
    calibrated.calibration = calibration
    let after = before.map(calibration.apply)

    c.print("before (\(modelName) without calibration) on \(frameName):")
    for line in ReliabilityCommand.lines(
      ReliabilityTable(probabilities: before, labels: labels, groups: bins), width: c.settings.width)
    { c.print(line) }
    switch calibration {
    case .platt(let a, let b):
      c.print(
        "Platt: PD' = σ(\(Format.number(a, digits: 5))·logit(PD) \(b < 0 ? "−" : "+") \(Format.number(abs(b), digits: 5)))"
      )
    case .isotonic(let x, _):
      c.print("isotonic: \(x.count) knots")
    }
    c.print("after, on the same rows:")
    for line in ReliabilityCommand.lines(
      ReliabilityTable(probabilities: after, labels: labels, groups: bins), width: c.settings.width)
    { c.print(line) }
    c.print(
      "  log-loss \(Format.fixed(logLoss(probabilities: before, labels: labels))) → \(Format.fixed(logLoss(probabilities: after, labels: labels))), Brier \(Format.fixed(brierScore(probabilities: before, labels: labels))) → \(Format.fixed(brierScore(probabilities: after, labels: labels)))"
    )
    let mean = labels.reduce(0.0) { $0 + ($1 ? 1 : 0) } / Double(max(1, labels.count))
    c.print(
      "  mean PD \(Format.fixed(before.reduce(0, +) / Double(max(1, before.count)))) → \(Format.fixed(after.reduce(0, +) / Double(max(1, after.count)))) (observed default rate \(Format.fixed(mean)))"
    )
    let threshold = Format.fixed(model.threshold)
    if let target = c.statement.targets.first?.name {
      let what = target == modelName ? "\(modelName) is now" : "\(target) is \(modelName)"
      c.print(
        "\(what) \(method)-calibrated\(target == modelName ? "" : " (\(modelName) is unchanged)"); its threshold "
          + "(\(threshold)) is on the uncalibrated PD scale: choose it again: \(target) = threshold \(target) on \(frameName) cost fn=10 fp=1"
      )
    } else {
      c.print(
        "\(modelName) is unchanged: bind the calibrated model to a name to keep it: "
          + "\(modelName)_cal = calibrate \(modelName) on \(frameName) method=\(method)")
    }
    c.result(.model(calibrated))
  }
}

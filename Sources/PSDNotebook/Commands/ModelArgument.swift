import PSDModels
import PSDData

extension CommandContext {
  /// The model named by the next argument ("'te' is a frame, not a model" otherwise).
  package func model(_ what: String = "a model") throws -> (model: CreditModel, name: String) {
    let expr = try take(what)
    guard let name = expr.name else {
      throw error("\(spec.name): expected the name of a model, found \(expr.text)", at: expr)
    }
    let value = try session.lookup(name, at: expr)
    guard case .model(let m) = value else {
      throw error(
        "'\(name)' is \(value.kindWithArticle), not a model", at: expr,
        notes: ["train one first: m = train gbdt on FRAME target=TARGET"])
    }
    return (m, name)
  }
}

/// `MODEL on FRAME`, the form every decision command starts with.
struct ModelOnFrame {
  var model: CreditModel
  var modelName: String
  var frame: DataFrame
  var frameName: String

  /// The frame's 0/1 target (named by the model) and the model's PD for every row.
  func labelsAndProbabilities() throws -> (labels: [Bool], pd: [Double]) {
    let labels = try FeatureMatrix.targetLabels(frame, target: model.target, frameName: frameName)
    return (labels, try model.probabilities(frame))
  }
}

extension CommandContext {
  /// Reads `MODEL on FRAME` (the frame must hold the target for labelled commands).
  func modelOnFrame(_ what: String = "a frame with the target column") throws -> ModelOnFrame {
    let (model, modelName) = try self.model()
    try expectKeyword("on")
    let (frame, frameName) = try self.frame(what)
    return ModelOnFrame(model: model, modelName: modelName, frame: frame, frameName: frameName)
  }
}

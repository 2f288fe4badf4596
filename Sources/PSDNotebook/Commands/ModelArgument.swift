import PSDModels

extension CommandContext {
  /// The model named by the next argument ("'te' is a frame, not a model" otherwise).
  public func model(_ what: String = "a model") throws -> (model: CreditModel, name: String) {
    let expr = try take(what)
    guard let name = expr.name else {
      throw error("\(spec.name): expected the name of a model, found \(expr.text)", at: expr)
    }
    let value = try session.lookup(name, at: expr)
    guard case .model(let m) = value else {
      throw error("'\(name)' is a \(value.kindName), not a model", at: expr,
                  notes: ["train one first: m = train gbdt on FRAME target=TARGET"])
    }
    return (m, name)
  }
}

import PSDModels

/// `m = load model "file.psdm"`: the model form of `load`, called by the load command after the
/// keyword `model`.
enum LoadModelCommand {
  static func run(_ c: CommandContext) throws {
    let path = try c.quoted("a model file path in quotes")
    let resolved = c.session.resolvePath(path)
    let model = try ModelFile.load(from: resolved, displayName: path)
    c.inputFiles.append(resolved)
    c.print("loaded \(model.headline)")
    if let recipe = model.recipe {
      c.print("its recipe builds the features from \(recipe.inputs.count) table\(recipe.inputs.count == 1 ? "" : "s"): " + recipe.inputs.map(\.name).joined(separator: ", "))
    } else {
      c.print("this file carries no feature recipe: the model scores feature frames only (score MODEL on FRAME)")
    }
    c.result(.model(model))
  }
}

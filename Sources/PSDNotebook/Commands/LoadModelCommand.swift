import PSDCore
import PSDModels

/// `m = load model "file.psdm"` and `m = load model "model.txt" format=lightgbm`: the model form
/// of `load`, called by the load command after the keyword `model`.
/// The files a model is loaded from and saved to.
enum ModelFileFormat: String, CaseIterable {
  /// psd's own file: the model, its recipe, calibration and threshold.
  case psdm
  /// LightGBM's text model (gbdt, binary objective).
  case lightgbm
}

enum LoadModelCommand {

  @Sendable static func run(_ c: CommandContext) throws {
    let path = try c.quoted("a model file path in quotes")
    let format = try c.choice("format", as: ModelFileFormat.self)
    let target = try c.stringValue("target")
    if format == .psdm && c.hasOption("target") {
      throw c.error(
        "option 'target' applies to format=lightgbm (a .psdm file knows its target)", at: c.option("target")?.value)
    }
    let resolved = c.session.resolvePath(path)
    let model =
      format == .lightgbm
      ? try LightGBMModelFile.load(from: resolved, displayName: path, target: target)
      : try ModelFile.load(from: resolved, displayName: path)
    c.inputFiles.append(resolved)
    c.print("loaded \(model.headline)")
    if format == .lightgbm {
      let categorical = model.features.filter(\.isCategorical).count
      c.print(
        "from LightGBM: features matched to frame columns by name\(categorical > 0 ? ", \(categorical) categorical by label" : "")"
      )
    }
    if let recipe = model.recipe {
      c.print(
        "its recipe builds the features from \(recipe.inputs.count) table\(recipe.inputs.count == 1 ? "" : "s"): "
          + recipe.inputs.map(\.name).joined(separator: ", "))
    } else {
      c.print("this file carries no feature recipe: the model scores feature frames only (score MODEL on FRAME)")
    }
    c.result(.model(model))
  }
}

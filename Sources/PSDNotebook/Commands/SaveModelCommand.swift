import Foundation
import PSDCore
import PSDModels

/// The model branch of `save M "file.psdm"` (the `save` command dispatches on the value's kind);
/// `format=lightgbm` writes LightGBM's text format instead.
enum SaveModelCommand {
  static func save(_ c: CommandContext, _ model: CreditModel, name: String, path: String) throws {
    let format = try c.choice("format", as: ModelFileFormat.self)
    try c.checkArgumentsRead()
    if format == .lightgbm {
      let text = try LightGBMModelFile.encode(model)
      try AtomicFile.write(Data(text.utf8), to: c.session.resolvePath(path))
      c.print("saved \(model.kindName) model '\(name)' to \(path) in LightGBM's text format")
      return
    }
    try ModelFile.save(model, to: c.session.resolvePath(path))
    c.print("saved \(model.kindName) model '\(name)' to \(path)")
  }
}

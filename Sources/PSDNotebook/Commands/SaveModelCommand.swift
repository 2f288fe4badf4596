import PSDModels

/// The model branch of `save M "file.psdm"` (the `save` command dispatches on the value's kind).
enum SaveModelCommand {
  static func save(_ c: CommandContext, _ model: CreditModel, name: String, path: String) throws {
    try c.checkArgumentsRead()
    try ModelFile.save(model, to: c.session.resolvePath(path))
    c.print("saved \(model.kindName) model '\(name)' to \(path)")
  }
}

import Foundation
import PSDCore
import PSDData

/// `save session "study.psd"` writes the statements that succeeded as a runnable script.
/// `save X "file"` writes a frame (CSV) or a model (.psdm); each kind's branch lives with its owner.
enum SaveCommand {
  static let spec = CommandSpec(
    name: "save", topic: "session",
    usage: [
      "save session \"study.psd\"", "save FRAME \"file.csv\"", "save MODEL \"file.psdm\"",
      "save MODEL \"model.txt\" format=lightgbm"
    ],
    summary: "write a frame, a model or this session's statements to a file (atomically)",
    details:
      "Files are written to a temporary name and renamed, so an interrupted save never leaves a half-written file. `save session` writes the statements that succeeded, in order, as a script that `psd FILE` re-runs to the same state.",
    options: [
      OptionSpec(
        "format", .choice(ModelFileFormat.self), default: .text(ModelFileFormat.psdm.rawValue),
        "a model: psd's .psdm file or LightGBM's text format (gbdt models)")
    ],
    examples: ["save session \"study.psd\"", "save data \"features.csv\"", "save m \"models/study.psdm\""],
    keywords: ["session"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    if c.keyword("session") {
      let path = try c.quoted("a file path in quotes")
      let text = c.session.history.joined(separator: "\n") + "\n"
      try c.checkArgumentsRead()
      try AtomicFile.write(Data(text.utf8), to: c.session.resolvePath(path))
      c.print("saved \(c.session.history.count) statements to \(path)")
      return
    }
    let (value, name) = try c.value("a frame, a model or 'session'")
    let path = try c.quoted("a file path in quotes")
    switch value {
    case .frame(let frame):
      if c.hasOption("format") { throw c.error("option 'format' applies to models", at: c.option("format")?.value) }
      try c.checkArgumentsRead()
      try CSVWriter.write(frame, to: c.session.resolvePath(path), control: c.control)
      c.print("saved \(name): \(Format.count(frame.rowCount)) rows × \(frame.columnCount) columns to \(path)")
    case .model(let model):
      try SaveModelCommand.save(c, model, name: name, path: path)
    default:
      throw c.error(
        "cannot save '\(name)': it is \(value.kindWithArticle)", notes: ["save writes frames, models and the session"])
    }
  }
}

import Foundation
import PSDCore
import PSDData
import PSDModels

/// `s = score M on X`, `score M on X id=SK_ID_CURR out="scores.csv"`, `score M on X client=100002`.
enum ScoreCommand {
  static let spec = CommandSpec(
    name: "score", topic: "models",
    usage: ["S = score MODEL on FRAME", "score MODEL on FRAME id=SK_ID_CURR out=\"scores.csv\"",
            "score MODEL on FRAME client=100002"],
    summary: "probability of default for every row (a PD column or a CSV file), or one client's PD and decision",
    details: """
      The model reads its features from the frame by name (extra columns are ignored; a missing one is an \
      error). A category level the model never saw in training is read as a missing value. \
      PD is the model's probability of default, calibrated if `calibrate` was run. \
      The decision for a client: refused when PD ≥ the model's threshold (0.5 until `threshold` sets one), \
      granted otherwise. out= writes `ID,PD` rows (id= names the id column, default SK_ID_CURR) atomically, \
      with PD printed exactly (shortest text that reads back to the same number).
      """,
    options: [OptionSpec("id", "COL", "id column for out= and client= (default SK_ID_CURR)"),
              OptionSpec("out", "PATH", "write ID,PD rows to this CSV file"),
              OptionSpec("client", "ID", "print one client's PD and decision"),
              OptionSpec("column", "NAME", "name of the added column (default PD)")],
    examples: ["s = score m on te", "score m on test id=SK_ID_CURR out=\"scores.csv\"", "score m on te client=100002"],
    keywords: ["on"],
    run: run)

  static func run(_ c: CommandContext) throws {
    let (model, _) = try c.model()
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame to score")
    let idOption = try c.columns("id", of: frame, named: frameName)?.first
    let pd = try model.probabilities(frame)

    if let client = try c.value(option: "client") {
      let idName = idOption ?? "SK_ID_CURR"
      let idColumn = try frame.column(idName, frameName: frameName)
      let wanted: String
      switch client {
      case .number(let v): wanted = Format.number(v)
      case .string(let s): wanted = s
      default: throw c.error("option 'client' expects an id like 100002", at: c.option("client")?.value)
      }
      guard let row = (0..<frame.rowCount).first(where: { idColumn.text($0) == wanted }) else {
        throw c.error("no client \(wanted) in '\(frameName)' (column \(idName))", at: c.option("client")?.value)
      }
      let p = pd[row]
      let decision = model.isRefused(pd: p) ? "refused" : "granted"
      c.print("client \(wanted): PD \(Format.fixed(p)) (\(Format.percent(p))); threshold \(Format.fixed(model.threshold)) → \(decision)")
      if case .scorecard(let card) = model.estimator {
        c.print("client \(wanted): \(Format.fixed(card.score(raw: model.rawScores(try model.featureMatrix(frame).gather([row]))[0]), 0)) points")
      }
      c.result(.number(p))
      return
    }

    if let out = try c.string("out") {
      let idName = idOption ?? "SK_ID_CURR"
      let idColumn = try frame.column(idName, frameName: frameName)
      var text = "\(idName),PD\n"
      text.reserveCapacity(frame.rowCount * 28)
      for row in 0..<frame.rowCount {
        text += idColumn.text(row)
        text += ","
        text += pd[row].description
        text += "\n"
      }
      try c.checkArgumentsRead()
      try AtomicFile.write(Data(text.utf8), to: c.session.resolvePath(out))
      c.print("wrote \(Format.count(frame.rowCount)) scores to \(out)")
      return
    }

    let name = try c.string("column", default: "PD")!
    var scored = try frame.setting(.float(name, pd))
    if case .scorecard(let card) = model.estimator {
      // A scorecard also gives its points (higher is safer).
      scored = try scored.setting(.float("SCORE", card.scores(try model.featureMatrix(frame))))
    }
    let mean = pd.reduce(0, +) / Double(max(1, pd.count))
    let refused = pd.filter { model.isRefused(pd: $0) }.count
    c.print("scored \(Format.count(frame.rowCount)) rows of \(frameName): mean PD \(Format.fixed(mean)), \(Format.count(refused)) at or above the threshold \(Format.fixed(model.threshold))")
    c.result(.frame(scored))
  }
}

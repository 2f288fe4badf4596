import Foundation
import PSDCore
import PSDData
import PSDModels
import PSDScoring
import PSDLanguage

/// `s = score M on X`, `score M on X id=SK_ID_CURR out="scores.csv"`, `score M on X client=100002`.
enum ScoreCommand {
  static let spec = CommandSpec(
    name: "score", topic: "models",
    usage: [
      "S = score MODEL on FRAME", "score MODEL on FRAME id=SK_ID_CURR out=\"scores.csv\"",
      "score MODEL on FRAME client=100002",
      "score MODEL with application=\"new/application_test.csv\" ... client=100002",
      "S = score MODEL with application=\"new/application_test.csv\" bureau=\"new/bureau.csv\" ..."
    ],
    summary: "probability of default, decision and reasons for every row, from a feature frame or from the raw tables",
    details: """
      `on FRAME`: the model reads its features from the frame by name (extra columns are ignored; a missing \
      one is an error). A category level the model never saw in training is read as a missing value. \
      PD is the model's probability of default, calibrated if `calibrate` was run. \
      The decision for a client: refused when PD ≥ the model's threshold (0.5 until `threshold` sets one), \
      granted otherwise.

      `with NAME=... ...`: the model's recipe (see `recipe`) rebuilds its features from the raw tables, \
      given as files (NAME="file.csv", read as training read them) or session frames (NAME=frame), named as \
      the recipe's inputs. A missing table is an error listing every table the recipe needs; an extra one \
      is ignored with a note; missing columns are named all at once; columns are matched by name and \
      converted to their training types (an error names the first value that does not fit). Encode levels \
      and every other fitted state are the training ones, so an application's PD does not depend on the \
      rest of the batch. Returns a frame with the id, PD, DECISION, MARGIN (PD − threshold), BAND (relative \
      to the threshold t: low < t/2 ≤ moderate < t ≤ high < 2t ≤ very high), the top reasons= features \
      pushing towards refusal (REASON_k, REASON_k_VALUE, REASON_k_CONTRIBUTION in log-odds, largest first) and \
      WARNINGS: values outside the training range, levels never seen, applications outside the training \
      population (a population filter of the study).

      out= writes that frame (in both forms) as CSV, atomically, PD printed exactly (shortest text that \
      reads back to the same number).
      """,
    options: [
      OptionSpec(
        "id", .column, default: .described("the recipe's with raw tables, else the session's, set id=COL"),
        "id column for out= and client="),
      OptionSpec("out", .path, "write id, PD, decision, margin, band, reasons and warnings to this CSV file"),
      OptionSpec("client", .client, "print one client's PD and decision"),
      OptionSpec("column", .text, default: .text("PD"), "name of the added column", as: "NAME"),
      OptionSpec("reasons", .integer(.atLeast(0)), default: 4, "reasons per application in the scored output")
    ],
    examples: [
      "s = score m on te", "score m on test id=SK_ID_CURR out=\"scores.csv\"", "score m on te client=100002",
      "s = score m with application=\"Examples/data/application_test.csv\" bureau=\"Examples/data/bureau.csv\""
    ],
    keywords: ["on", "with"],
    acceptsFreeOptions: true,
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, modelName) = try c.model()
    if c.keyword("with") {
      try scoreRaw(c, model: model, modelName: modelName)
      return
    }
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame to score")
    if let extra = c.freeOptions.first {
      let known = spec.options.map(\.name)
      var notes =
        Suggestions.closest(to: extra.name, among: known).map { ["did you mean '\($0)'?"] } ?? [
          "options of score: " + known.joined(separator: ", ")
        ]
      notes.append("tables by name (NAME=\"file.csv\") go after 'with': score \(modelName) with ...")
      throw Diagnostic(
        at: extra.nameLocation, "unknown option '\(extra.name)' for score", notes: notes, length: extra.name.count)
    }
    let pd = try model.probabilities(frame)

    if c.hasOption("client") {
      let (row, wanted) = try c.clientRow(in: frame, named: frameName)
      let p = pd[row]
      let decision = model.isRefused(pd: p) ? "refused" : "granted"
      c.print(
        "client \(wanted): PD \(Format.fixed(p)) (\(Format.percent(p))); threshold \(Format.fixed(model.threshold)) → \(decision)"
      )
      if case .scorecard(let card) = model.estimator {
        c.print(
          "client \(wanted): \(Format.fixed(card.score(raw: model.rawScores(try model.featureMatrix(frame).gather([row]))[0]), 0)) points"
        )
      }
      if let note = c.uncalibratedNote(model, name: modelName) { c.print(note) }
      c.result(.number(p))
      return
    }

    if let out = try c.string("out") {
      let idName = try c.idColumn(of: frame, named: frameName, for: "to write").name
      let reasons = try reasonCount(c)
      let batch = try Scorer(model: model).score(
        features: frame, reasons: reasons, idColumn: idName, control: c.control)
      c.warnIfUncalibratedWeights(model, name: modelName)
      try c.checkArgumentsRead()
      try write(batch, reasons: reasons, idName: idName, to: out, c)
      return
    }

    let name = try c.stringValue("column")
    var scored = try frame.setting(.float(name, pd))
    if case .scorecard(let card) = model.estimator {
      // A scorecard also gives its points (higher is safer).
      scored = try scored.setting(.float("SCORE", card.scores(try model.featureMatrix(frame))))
    }
    let mean = pd.reduce(0, +) / Double(max(1, pd.count))
    let refused = pd.filter { model.isRefused(pd: $0) }.count
    c.print(
      "scored \(Format.count(frame.rowCount)) rows of \(frameName): mean PD \(Format.fixed(mean)), \(Format.count(refused)) at or above the threshold \(Format.fixed(model.threshold))"
    )
    if let note = c.uncalibratedNote(model, name: modelName) { c.print(note) }
    c.result(.frame(scored))
  }

  static func reasonCount(_ c: CommandContext) throws -> Int {
    let n = try c.intValue("reasons")
    return n
  }

  static func write(_ batch: ScoredBatch, reasons: Int, idName: String?, to out: String, _ c: CommandContext) throws {
    let frame = try batch.frame(reasons: reasons, idColumn: idName)
    try CSVWriter.write(frame, to: c.session.resolvePath(out), control: c.control)
    c.print(
      "wrote \(Format.count(frame.rowCount)) scores to \(out) (id, PD, decision, margin, band, \(reasons) reason\(reasons == 1 ? "" : "s"), warnings)"
    )
  }

  /// `score m with application="..." bureau=frame ...`: the recipe rebuilds the features.
  static func scoreRaw(_ c: CommandContext, model: CreditModel, modelName: String) throws {
    let scorer = Scorer(model: model)
    let recipe: FeatureRecipe
    do { recipe = try scorer.requireRecipe() } catch var e as PSDError {
      e.message = "'\(modelName)' carries no recipe: it cannot score raw tables"
      e.subject = modelName
      throw e
    }
    let known = Set(spec.options.map(\.name))
    // Files are read by the recipe one at a time (freed after their last step), not all first.
    var tables: [String: RecipeTable] = [:]
    var notes: [String] = []
    for option in c.statement.options where !known.contains(option.name) {
      guard recipe.inputs.contains(where: { $0.name == option.name }) else {
        let close = Suggestions.closest(to: option.name, among: recipe.inputs.map(\.name))
        notes.append(
          "table '\(option.name)' is not an input of the recipe: ignored"
            + (close.map { " (did you mean '\($0)'?)" } ?? ""))
        continue
      }
      if case .string(let path) = option.value.kind {
        tables[option.name] = .file(path: c.session.resolvePath(path), displayName: path)
        c.inputFiles.append(path)
      } else {
        tables[option.name] = .frame(try c.session.frame(option.value))
      }
    }
    let reasons = try reasonCount(c)
    let batch = try scorer.score(tables, reasons: reasons, control: c.control)
    c.warnIfUncalibratedWeights(model, name: modelName)
    // The id: id= on the statement, else the recipe's own, else the session's (set id=COL).
    let idName: String?
    if c.hasOption("id") || recipe.idColumn == nil {
      idName =
        c.hasOption("id") || batch.features[c.settings.idColumn] != nil || c.hasOption("client")
        ? try c.idColumn(of: batch.features, named: "the scored applications").name : nil
    } else {
      idName = recipe.idColumn
    }
    let ids = idName.flatMap { batch.features[$0] }
    func id(_ a: ScoredApplication) -> String { ids.map { $0.text(a.row) } ?? a.id ?? String(a.row + 1) }
    var scored = try batch.frame(reasons: reasons, idColumn: idName)
    if case .scorecard(let card) = model.estimator {
      // A scorecard's points beside the PD, as when it scores a feature frame.
      var columns = scored.columns
      let points = Column.float("SCORE", card.scores(try model.featureMatrix(batch.features)))
      columns.insert(points, at: (scored.columnIndex("PD") ?? columns.count - 1) + 1)
      scored = try DataFrame(columns: columns)
    }
    try c.checkArgumentsRead()
    for note in notes + batch.notes { c.print("note: " + note) }
    if c.hasOption("client") {
      let wanted = try c.clientId()
      let matching = batch.applications.filter { id($0) == wanted }
      guard let a = matching.first else {
        throw c.error(
          "no client \(wanted) among the \(Format.count(batch.applications.count)) scored applications (column \(idName ?? "?"))",
          at: c.option("client")?.value)
      }
      if matching.count > 1 {
        throw c.error(
          "client \(wanted) is on \(matching.count) scored applications; score needs one",
          at: c.option("client")?.value,
          notes: ["name another id column with id=COL"])
      }
      describe(a, id: wanted, c)
      if let note = c.uncalibratedNote(model, name: modelName) { c.print(note) }
      c.result(.number(a.probabilityOfDefault))
      return
    }
    let apps = batch.applications
    let refused = apps.filter { $0.decision == .refused }.count
    let flagged = apps.filter { !$0.warnings.isEmpty }.count
    let mean = apps.reduce(0) { $0 + $1.probabilityOfDefault } / Double(max(1, apps.count))
    c.print(
      "scored \(Format.count(apps.count)) application\(apps.count == 1 ? "" : "s") from \(tables.count) raw table\(tables.count == 1 ? "" : "s") through the recipe: mean PD \(Format.fixed(mean)), \(Format.count(refused)) refused at the threshold \(Format.fixed(model.threshold)), \(Format.count(flagged)) with warnings"
    )
    // A handful of applications (the API's case): each decision with its reasons.
    if apps.count <= 5 {
      for a in apps { describe(a, id: id(a), c) }
    }
    if let out = try c.string("out") {
      try write(batch, reasons: reasons, idName: idName, to: out, c)
    }
    c.result(.frame(scored))
  }

  /// One scored application: PD, decision, margin and band, its reasons and warnings.
  static func describe(_ a: ScoredApplication, id: String, _ c: CommandContext) {
    c.print(
      "application \(id): PD \(Format.fixed(a.probabilityOfDefault)) → \(a.decision.rawValue) (margin \(ExplainCommand.points(a.margin)), band \(a.band.rawValue))"
    )
    for (k, r) in a.reasons.enumerated() {
      c.print("  \(k + 1). \(r.feature) = \(r.value) (\(ExplainCommand.signedLogOdds(r.contribution)) log-odds)")
    }
    for w in a.warnings { c.print("  warning: " + w) }
  }
}

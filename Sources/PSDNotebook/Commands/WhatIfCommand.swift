import Foundation
import PSDCore
import PSDData
import PSDLanguage
import PSDModels

/// `whatif M on X client=ID set COL=V ...`: re-score one client with changed values.
enum WhatIfCommand {
  static let spec = CommandSpec(
    name: "whatif", topic: "decision",
    usage: ["whatif MODEL on FRAME client=100002 set COL=VALUE ..."],
    summary: "re-score a client with changed values: PD and decision before and after, and what moved",
    details: """
      Each COL=VALUE replaces the client's value: a number for a numeric column, a level (quoted when it \
      has spaces) for a categorical one, `missing` for a missing value. A level the model never saw is \
      read as missing, as in score. Prints PD, decision and distance to the threshold before and after, \
      and the contributions (log-odds) that changed most. Nothing is changed in FRAME.
      """,
    options: [
      OptionSpec("client", .client, "the client to re-score"),
      OptionSpec("id", .column, default: .described("the session's, set id=COL"), "id column"),
      OptionSpec("top", .integer(.atLeast(0)), default: 8, "contribution changes to show")
    ],
    examples: [
      "whatif m on te client=100002 set AMT_CREDIT=300000",
      "whatif m on te client=100002 set EXT_SOURCE_3=0.6 NAME_INCOME_TYPE=\"Working\""
    ],
    keywords: ["on", "set"],
    acceptsFreeOptions: true,
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, modelName) = try c.model()
    try c.expectKeyword("on")
    let (frame, frameName) = try c.frame("a frame holding the client")
    _ = c.keyword("set")
    guard c.hasOption("client") else {
      throw c.error("whatif: which client? add client=ID", notes: ["usage: " + spec.usage[0]])
    }
    let changes = c.freeOptions
    if changes.isEmpty {
      throw c.error("whatif: nothing to change: add set COL=VALUE", notes: ["usage: " + spec.usage[0]])
    }
    let (row, id) = try c.clientRow(in: frame, named: frameName)
    let top = try c.intValue("top")
    var before = frame.gather([row])
    var after = before
    var described: [String] = []
    var changed: Set<String> = []
    let featureNames = Set(model.features.map(\.name))
    var rederived: [String] = []
    if let recipe = model.recipe,
      let raw = try throughRecipe(
        c, model: model, recipe: recipe, client: id,
        changes: changes)
    {
      (before, after, described, rederived) = raw
      changed = Set(changes.map(\.name))
    } else {
      for change in changes {
        guard let column = before[change.name] else {
          throw Diagnostic(
            at: change.nameLocation, "no column '\(change.name)' in '\(frameName)'",
            notes: Suggestions.closest(to: change.name, among: frame.columnNames).map { ["did you mean '\($0)'?"] }
              ?? [],
            length: change.name.count)
        }
        if !featureNames.contains(change.name) {
          c.warn("\(change.name) is not one of the model's features: changing it moves nothing")
        }
        let value = try c.session.evaluate(change.value)
        let replaced = try replacing(column, with: value, c: c, at: change)
        warnIfUnseen(replaced, model: model, c)
        described.append("\(change.name) = \(shown(replaced)) (was \(shown(column)))")
        changed.insert(change.name)
        after = try after.setting(replaced)
      }
    }

    let mBefore = try model.featureMatrix(before), mAfter = try model.featureMatrix(after)
    let cBefore = try model.contributions(mBefore), cAfter = try model.contributions(mAfter)
    let eBefore = explainClient(
      model: model, matrix: mBefore, row: 0, contributions: cBefore.row(0),
      base: cBefore.base, labels: nil)
    let eAfter = explainClient(
      model: model, matrix: mAfter, row: 0, contributions: cAfter.row(0),
      base: cAfter.base, labels: nil)
    c.print("client \(id), what if " + described.joined(separator: ", ") + ":")
    let rows: [[String]] = [
      ["PD", Format.fixed(eBefore.pd), Format.fixed(eAfter.pd), ExplainCommand.points(eAfter.pd - eBefore.pd)],
      ["decision", eBefore.decision, eAfter.decision, eBefore.refused == eAfter.refused ? "unchanged" : "CHANGED"],
      ["PD − threshold", ExplainCommand.points(eBefore.distance), ExplainCommand.points(eAfter.distance), ""],
      [
        "log-odds", Format.fixed(eBefore.raw, 3), Format.fixed(eAfter.raw, 3),
        ExplainCommand.signedLogOdds(eAfter.raw - eBefore.raw)
      ]
    ]
    for line in TableRenderer(columns: [.init("", .left), .init("before"), .init("after"), .init("change")], rows: rows)
      .render(width: c.settings.width).text.split(separator: "\n")
    { c.print("  " + line) }
    c.print("  threshold \(Format.fixed(model.threshold)) (refused when PD ≥ threshold)")
    if !rederived.isEmpty {
      c.print("  re-derived by the recipe: " + rederived.joined(separator: ", "))
    }

    let width = model.features.count
    let b = Array(cBefore.row(0)), a = Array(cAfter.row(0))
    // The features the user changed come first, then the others that moved (trees interact).
    let moved = (0..<width).filter { a[$0] != b[$0] || changed.contains(model.features[$0].name) }.sorted {
      let ca = changed.contains(model.features[$0].name), cb = changed.contains(model.features[$1].name)
      if ca != cb { return ca }
      return abs(a[$0] - b[$0]) > abs(a[$1] - b[$1])
    }
    if moved.isEmpty {
      c.print("  no contribution moved")
    } else {
      c.print("  contributions that moved most (log-odds; * = changed by you):")
      let shown = moved.prefix(max(0, top)).map { f -> [String] in
        [
          model.features[f].name + (changed.contains(model.features[f].name) ? " *" : ""), featureText(mBefore, f),
          featureText(mAfter, f),
          ExplainCommand.signedLogOdds(b[f]), ExplainCommand.signedLogOdds(a[f]),
          ExplainCommand.signedLogOdds(a[f] - b[f])
        ]
      }
      for line in TableRenderer(
        columns: [
          .init("feature", .left), .init("value before"), .init("value after"),
          .init("before"), .init("after"), .init("change")
        ], rows: shown
      )
      .render(width: c.settings.width).text.split(separator: "\n") { c.print("    " + line) }
      if moved.count > top { c.print("    … \(moved.count - top) more moved") }
    }
    c.print("reason after: " + ExplainCommand.reason(eAfter, shown: eAfter.contributions.count))
    if let note = c.uncalibratedNote(model, name: modelName) { c.print(note) }
    c.result(.number(eAfter.pd))
  }

  static func featureText(_ m: FeatureMatrix, _ f: Int) -> String {
    let v = m.columns[f][0]
    if v.isNaN { return "missing" }
    if let levels = m.features[f].levels { return Int(v) < levels.count ? levels[Int(v)] : "missing" }
    return Format.number(v)
  }

  /// A one-row column with the new value, keeping the column's type where it can.
  static func replacing(_ column: Column, with value: Value, c: CommandContext, at change: OptionArgument) throws
    -> Column
  {
    switch (column.data, value) {
    case (.category, .missing):
      return .category(column.name, strings: [nil])
    case (.category, .string(let s)):
      return .category(column.name, strings: [s])
    case (.category, .number(let v)):
      return .category(column.name, strings: [Format.number(v)])
    case (.category, .bool(let v)):
      return .category(column.name, strings: [v ? "true" : "false"])
    case (_, .missing):
      return .float(column.name, [.nan])
    case (_, .number(let v)):
      return .float(column.name, [v])
    case (_, .bool(let v)):
      return .float(column.name, [v ? 1 : 0])
    default:
      throw c.error(
        "\(change.name) is a \(column.type.rawValue) column: expected a number or missing, found \(change.value.text)",
        at: change.value)
    }
  }

  /// A one-row value as the user reads it.
  static func shown(_ col: Column) -> String {
    if col.isMissing(0) { return "missing" }
    return col.isNumeric ? Format.number(col.doubleValue(0)) : col.text(0)
  }

  static func warnIfUnseen(_ replaced: Column, model: CreditModel, _ c: CommandContext) {
    if case .category(let codes, let levels) = replaced.data, codes[0] >= 0,
      let spec = model.features.first(where: { $0.name == replaced.name }), let known = spec.levels,
      !known.contains(levels[Int(codes[0])])
    {
      c.warn("the model never saw \(replaced.name) = \(levels[Int(codes[0])]) in training: it is read as missing")
    }
  }

  /// The client's features before and after the change, rebuilt by the model's recipe from the
  /// raw tables (the files the study loaded), so every feature derived from a changed raw column
  /// moves with it. nil when a changed column is not a raw application column (the change then
  /// applies to the feature itself, as without a recipe).
  static func throughRecipe(
    _ c: CommandContext, model: CreditModel, recipe: FeatureRecipe, client: String,
    changes: [OptionArgument]
  )
    throws -> (before: DataFrame, after: DataFrame, described: [String], moved: [String])?
  {
    guard let applications = recipe.applications, let idName = recipe.idColumn,
      changes.allSatisfy({ ch in applications.columns.contains { $0.name == ch.name } })
    else { return nil }
    var tables: [String: DataFrame] = [:]
    for input in recipe.inputs {
      var table = try recipe.readInput(
        input.name, path: c.session.resolvePath(input.path), displayName: input.path,
        control: c.control)
      // Only this client's rows where the table says whose they are (the others cannot matter).
      if let ids = table[idName] {
        table = table.gather((0..<table.rowCount).filter { ids.text($0) == client })
      }
      tables[input.name] = table
    }
    guard let raw = tables[applications.name], raw.rowCount == 1 else {
      throw c.error("whatif: client \(client) is not in the recipe's applications table (\(applications.path))")
    }
    var changed = raw
    var described: [String] = []
    for change in changes {
      let column = raw[change.name]!
      let value = try c.session.evaluate(change.value)
      let replaced = try replacing(column, with: value, c: c, at: change)
      warnIfUnseen(replaced, model: model, c)
      described.append("\(change.name) = \(shown(replaced)) (was \(shown(column)))")
      changed = try changed.setting(replaced)
    }
    let before = try recipe.replay(tables, control: c.control).frame
    tables[applications.name] = changed
    let replayed = try recipe.replay(tables, control: c.control)
    for warning in replayed.rowWarnings.first ?? [] { c.warn("after the change, " + warning) }
    let after = replayed.frame
    // The features the recipe moved besides the ones set by hand.
    let set = Set(changes.map(\.name))
    var moved: [String] = []
    for spec in model.features where !set.contains(spec.name) {
      guard let b = before[spec.name], let a = after[spec.name] else { continue }
      if !(b.isMissing(0) && a.isMissing(0) || b.text(0) == a.text(0)) {
        moved.append("\(spec.name) \(shown(b)) → \(shown(a))")
      }
    }
    return (before, after, described, moved)
  }
}

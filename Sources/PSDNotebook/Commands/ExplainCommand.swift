import Foundation
import PSDCore
import PSDData
import PSDModels

/// `explain M [on X]` (global importance), `explain M on X client=ID` (one decision, feature by
/// feature), `explain M on X out="c.csv"` (every row's contributions).
enum ExplainCommand {
  static let spec = CommandSpec(
    name: "explain", topic: "decision",
    usage: [
      "explain MODEL", "explain MODEL on FRAME", "explain MODEL on FRAME client=100002",
      "explain MODEL on FRAME out=\"contributions.csv\""
    ],
    summary: "why the model decides: global importance, or one client's exact feature contributions (TreeSHAP)",
    details: """
      Contributions are exact SHAP values in log-odds: TreeSHAP (path-dependent, Lundberg et al. 2018) for \
      gbdt models, coefficient × standardised input for logistic ones. The base value plus a client's \
      contributions is exactly the model's log-odds for that client. The base value is the model's \
      average log-odds over its training rows (gbdt; weighted as in training, so balance=weights counts \
      each defaulter more) or its intercept (logistic, scorecard): a starting point on the log-odds \
      scale, neither the average PD nor the default rate. \
      `explain M` ranks features by split gain; `on FRAME` adds the mean |contribution| over the frame. \
      client= prints the client's PD, decision (refused when PD ≥ threshold), distance to the threshold, \
      the largest contributions with the client's values, as log-odds and as ≈ PD change: the client's PD \
      minus the base value's PD, shared out in proportion to the log-odds (a share of the gap, not what \
      the PD would be without the feature: `whatif` answers that), the client's percentile among \
      good clients and among defaulters of FRAME (categorical: share with the same level), and a one-line \
      reason citing up to three features of the table that push towards the decision, each at least a \
      quarter of the largest. out= writes one row per client: id, one column per feature, BASE_VALUE, RAW_SCORE, PD.
      """,
    options: [
      OptionSpec("client", .client, "explain one client's decision"),
      OptionSpec("id", .column, default: .described("the session's, set id=COL"), "id column for client= and out="),
      OptionSpec("out", .path, "write every row's contributions and base value (CSV)"),
      OptionSpec(
        "top", .integer(.atLeast(0)), default: .described("10 for a client, 15 for importance"), "features to show")
    ],
    examples: [
      "explain m", "explain m on te", "explain m on te client=100002", "explain m on te out=\"contributions.csv\""
    ],
    keywords: ["on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, modelName) = try c.model()
    guard c.keyword("on") else {
      if c.hasOption("client") || c.hasOption("out") {
        throw c.error(
          "explain: client= and out= need a frame: explain \(modelName) on FRAME ...",
          at: c.option("client")?.value ?? c.option("out")?.value)
      }
      try globalImportance(c, model, modelName, frame: nil)
      return
    }
    let (frame, frameName) = try c.frame("a frame to explain")
    if c.hasOption("client") {
      try client(c, model, modelName, frame, frameName)
    } else if let out = try c.string("out") {
      try writeContributions(c, model, frame, frameName, to: out)
    } else {
      try globalImportance(c, model, modelName, frame: (frame, frameName))
    }
  }

  // MARK: global

  static func globalImportance(
    _ c: CommandContext, _ model: CreditModel, _ modelName: String,
    frame: (DataFrame, String)?
  ) throws {
    let top = try c.int("top", default: 15)
    if frame == nil, case .scorecard(let card) = model.estimator {
      return try ScorecardCommand.importance(c, card, modelName, top: top)
    }
    let names = model.features.map(\.name)
    var meanAbs = [Double](repeating: 0, count: names.count)
    let split = model.splitImportance()
    if let (f, frameName) = frame {
      let m = try model.featureMatrix(f)
      let contributions = try model.contributions(m, control: c.control)
      meanAbs = meanAbsoluteContributions(contributions.values, rows: m.rowCount, features: names.count)
      c.print(
        "importance in \(modelName) over \(Format.count(m.rowCount)) rows of \(frameName) (mean |contribution| in log-odds; base value \(Format.fixed(contributions.base))):"
      )
    } else if case .logistic(let l) = model.estimator {
      // Without a frame, a logistic model's standardised coefficients are its scale of effect.
      for (t, term) in l.terms.enumerated() { meanAbs[term.feature] += abs(l.coefficients[t]) }
      c.print(
        "importance in \(modelName): Σ |standardised coefficient| per feature (explain \(modelName) on FRAME for mean |contribution|):"
      )
    } else {
      c.print("importance in \(modelName) by split gain (explain \(modelName) on FRAME adds mean |contribution|):")
    }
    let ranked: [FeatureImportance]
    if frame == nil, model.splitImportance() != nil {
      ranked = rankedImportance(names: names, meanAbs: split!.gain, gain: split?.gain, splits: split?.splits)
    } else {
      ranked = rankedImportance(names: names, meanAbs: meanAbs, gain: split?.gain, splits: split?.splits)
    }
    let totalGain = max(1e-300, split?.gain.reduce(0, +) ?? 0)
    var columns: [TableRenderer.Column] = [.init("rank"), .init("feature", .left)]
    if frame != nil { columns.append(.init("mean |SHAP|")) }
    if frame == nil, case .logistic = model.estimator { columns.append(.init("Σ |coef|")) }
    if split != nil { columns += [.init("gain"), .init("gain %"), .init("splits")] }
    let shown = ranked.prefix(max(0, top))
    let rows = shown.enumerated().map { k, r -> [String] in
      var row = ["\(k + 1)", r.name]
      if frame != nil { row.append(Format.fixed(r.meanAbsContribution)) }
      if frame == nil, case .logistic = model.estimator { row.append(Format.fixed(r.meanAbsContribution)) }
      if split != nil {
        row += [Format.number(r.gain, digits: 5), Format.percent(r.gain / totalGain, digits: 1), Format.count(r.splits)]
      }
      return row
    }
    for line in TableRenderer(columns: columns, rows: rows, pinned: 2).render(width: c.settings.width).text.split(
      separator: "\n")
    {
      c.print("  " + line)
    }
    if ranked.count > shown.count {
      c.print("  … \(ranked.count - shown.count) more features (top=\(ranked.count) shows all)")
    }
    var out: [Column] = [.category("FEATURE", strings: ranked.map(\.name))]
    if frame != nil { out.append(.float("MEAN_ABS_SHAP", ranked.map(\.meanAbsContribution))) }
    if frame == nil, case .logistic = model.estimator {
      out.append(.float("SUM_ABS_COEF", ranked.map(\.meanAbsContribution)))
    }
    if split != nil {
      out.append(.float("GAIN", ranked.map(\.gain)))
      out.append(.int("SPLITS", ranked.map { Int64($0.splits) }))
    }
    c.result(.frame(try DataFrame(columns: out)))
  }

  // MARK: one client

  static func client(
    _ c: CommandContext, _ model: CreditModel, _ modelName: String,
    _ frame: DataFrame, _ frameName: String
  ) throws {
    let (row, id) = try c.clientRow(in: frame, named: frameName)
    let top = try c.int("top", default: 10)
    let m = try model.featureMatrix(frame)
    let one = m.gather([row])
    let contributions = try model.contributions(one)
    let labels =
      frame[model.target] == nil
      ? nil
      : try? FeatureMatrix.targetLabels(frame, target: model.target, frameName: frameName)
    let e = explainClient(
      model: model, matrix: m, row: row, contributions: contributions.row(0),
      base: contributions.base, labels: labels, percentilesFor: top)
    for line in describe(e, id: id, top: top, withPercentiles: labels != nil, base: baseMeaning(model)) {
      c.print(line)
    }
    if case .scorecard(let card) = model.estimator { ScorecardCommand.explain(c, card, m, row: row, top: top) }
    if let note = c.uncalibratedNote(model, name: modelName) { c.print(note) }
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("FEATURE", strings: e.contributions.map(\.name)),
          .category("VALUE", strings: e.contributions.map(\.valueText)),
          .float("LOG_ODDS", e.contributions.map(\.logOdds)),
          .float("PD_CHANGE", e.contributions.map(\.probabilityChange))
        ])))
  }

  /// A PD difference in percentage points; two decimals below one point so a client just at the
  /// threshold does not read "0.0 pts".
  static func points(_ x: Double) -> String {
    let p = abs(100 * x)
    return (x >= 0 ? "+" : "−") + String(format: p < 1 ? "%.2f" : "%.1f", p) + " pts"
  }

  static func signedLogOdds(_ x: Double) -> String {
    (x >= 0 ? "+" : "−") + String(format: "%.3f", abs(x))
  }

  /// What the base value is, in words, for this kind of model.
  static func baseMeaning(_ model: CreditModel) -> String {
    switch model.estimator {
    case .gbdt:
      return model.summary["balance"] == "weights"
        ? "the model's average log-odds over its training rows, each defaulter weighted up as balance=weights trained it"
        : "the model's average log-odds over its training rows"
    case .logistic:
      return "the intercept: the log-odds of a client with the training rows' average (standardised) values"
    case .scorecard:
      return "the intercept: the log-odds of a client whose every characteristic has WoE 0"
    }
  }

  /// Features cited by a reason: among the first `shown` (the table), pushing towards the
  /// decision taken, each at least a quarter of the largest such push; at most three.
  static func reasonFeatures(_ e: ClientExplanation, shown: Int) -> [FeatureContribution] {
    let pushing = e.contributions.prefix(max(0, shown)).filter { e.refused ? $0.logOdds > 0 : $0.logOdds < 0 }
    guard let largest = pushing.map({ abs($0.logOdds) }).max() else { return [] }
    return Array(pushing.filter { abs($0.logOdds) >= largest / 4 }.prefix(3))
  }

  /// "refused mainly because of EXT_SOURCE_2 = 0.2155 (+0.512) and ...": the one-line reason.
  static func reason(_ e: ClientExplanation, shown: Int) -> String {
    let cited = reasonFeatures(e, shown: shown)
    if cited.isEmpty {
      return "\(e.decision): the base value alone (PD \(Format.percent(e.basePD, digits: 1))) is already "
        + (e.refused ? "above" : "below") + " the threshold and no feature shown moves it the other way"
    }
    let parts = cited.map { "\($0.name) = \($0.valueText) (\(signedLogOdds($0.logOdds)))" }
    let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    return e.refused ? "refused mainly because of \(list)" : "granted mainly thanks to \(list)"
  }

  /// The printed explanation of one client.
  static func describe(_ e: ClientExplanation, id: String, top: Int, withPercentiles: Bool, base: String) -> [String] {
    var lines: [String] = []
    lines.append("client \(id): PD \(Format.fixed(e.pd)) (\(Format.percent(e.pd))) → \(e.decision.uppercased())")
    let gap = String(points(e.distance).dropFirst().dropLast(4))
    lines.append(
      e.distance == 0
        ? "  threshold \(Format.fixed(e.threshold)): the PD is exactly at the threshold"
        : "  threshold \(Format.fixed(e.threshold)): the PD is \(gap) pts \(e.distance > 0 ? "above" : "below") it")
    lines.append(
      "  base value: log-odds \(Format.fixed(e.base, 3)), \(base) (not the average PD, nor the default rate)")
    lines.append("  this client: log-odds \(Format.fixed(e.raw, 3)) = the base value + the contributions below")
    var columns: [TableRenderer.Column] = [
      .init("feature", .left), .init("value"), .init("log-odds"), .init("≈ PD change")
    ]
    if withPercentiles { columns += [.init("pct among good"), .init("pct among bad")] }
    let shown = e.contributions.prefix(max(0, top))
    let rows = shown.map { f -> [String] in
      var row = [f.name, f.valueText, signedLogOdds(f.logOdds), points(f.probabilityChange)]
      if withPercentiles {
        func cell(_ v: Double?) -> String {
          guard let v else { return "–" }
          return f.isCategorical ? "same " + Format.percent(v / 100, digits: 0) : Format.fixed(v, 0)
        }
        row += [cell(f.amongGood), cell(f.amongBad)]
      }
      return row
    }
    lines.append(
      "  contributions, largest first, in log-odds; ≈ PD change is each feature's share of the client's PD − "
        + "\(Format.percent(e.basePD, digits: 1)) (the base value's PD), in proportion to its log-odds: a share, not a what-if"
    )
    for line in TableRenderer(columns: columns, rows: rows, maximumCellWidth: 48).render(width: 200).text.split(
      separator: "\n")
    {
      lines.append("    " + line)
    }
    let rest = e.contributions.dropFirst(shown.count)
    if !rest.isEmpty {
      lines.append("    … \(rest.count) more features, together \(signedLogOdds(rest.reduce(0) { $0 + $1.logOdds }))")
    }
    lines.append("reason: " + reason(e, shown: shown.count))
    return lines
  }

  // MARK: every row

  static func writeContributions(
    _ c: CommandContext, _ model: CreditModel, _ frame: DataFrame,
    _ frameName: String, to out: String
  ) throws {
    // The id column is optional here: without one the rows are written in order.
    let idName =
      c.hasOption("id") || frame[c.settings.idColumn] != nil
      ? try c.idColumn(of: frame, named: frameName, for: "to write").name : nil
    let m = try model.featureMatrix(frame)
    let contributions = try model.contributions(m, control: c.control)
    let rows = m.rowCount
    // One float column per feature, then the base value, the raw score and the PD; written by
    // the CSV writer under the real names (a feature may share its name with the id column,
    // which a frame forbids).
    let raw = contributions.rawScores()
    var columns = contributions.columns().enumerated().map { Column.float("c\($0.offset)", $0.element) }
    columns.append(.float("base", [Double](repeating: contributions.base, count: rows)))
    columns.append(.float("raw", raw))
    columns.append(.float("pd", raw.map { model.probability(raw: $0) }))
    var header = model.features.map(\.name) + ["BASE_VALUE", "RAW_SCORE", "PD"]
    if let idName, var id = frame[idName] {
      id.name = "id"
      columns.insert(id, at: 0)
      header.insert(idName, at: 0)
    }
    try c.checkArgumentsRead()
    try CSVWriter.write(
      try DataFrame(columns: columns), to: c.session.resolvePath(out), header: header, control: c.control)
    c.print(
      "wrote contributions of \(Format.count(rows)) rows × \(model.features.count) features (+ base value \(Format.fixed(contributions.base)), raw score, PD) to \(out)"
    )
  }
}

import PSDCore
import PSDData
import PSDModels

/// `b = bin X by TARGET [COLUMNS] monotone=auto max_bins=8 min_share=0.05`: optimal bins per
/// feature (PSDModels.Binning); `iv b` and `woe b X` read the result.
enum BinCommand {
  static let spec = CommandSpec(
    name: "bin", topic: "models",
    usage: [
      "B = bin FRAME by TARGET",
      "B = bin FRAME by TARGET [COLUMNS] monotone=auto|ascending|descending|none max_bins=N min_share=0.05"
    ],
    summary: "optimal binning against the target: bins with counts, default rate, WoE and IV per feature",
    details: """
      Each numeric feature is cut at quantiles into prebins= pre-bins (default 20), then adjacent pre-bins are \
      merged into at most max_bins= bins (default 8) that maximise the information value, exactly (a dynamic \
      programme over the last bin's start and end), subject to: every bin holds at least min_share= of the rows \
      (default 0.05) and both classes, and the default rate rises (ascending) or falls (descending) from bin to \
      bin; monotone=auto keeps whichever direction gives the larger IV, none drops the constraint. Category \
      levels are ordered by default rate and merged the same way. Missing values always get their own bin. \
      WoE = ln(%good / %bad): positive bins are safer than average. See Docs/scorecards.md.
      """,
    options: {
      let d = BinningOptions()
      return [
        OptionSpec(
          "monotone", .choice(MonotoneTrend.self), default: .text(d.trend.rawValue),
          "trend of the default rate over the bins"),
        OptionSpec(
          "max_bins", .integer(.between(1, 100)), default: .value(.integer(d.maxBins)),
          "most bins per feature, Missing not counted"),
        OptionSpec(
          "min_share", .number(ParameterRange(lower: 0, upper: 0.5, upperOpen: true)),
          default: .value(.number(d.minShare)),
          "fewest rows in a bin, as a share of all rows", as: "F"),
        OptionSpec(
          "prebins", .integer(.between(2, 100)), default: .value(.integer(d.prebins)),
          "quantile pre-bins of a numeric feature"),
        OptionSpec("exclude", .columns, "columns not to bin (ids) when no columns are listed")
      ]
    }(),
    examples: [
      "b = bin tr by TARGET exclude=[SK_ID_CURR]",
      "b = bin tr by TARGET [EXT_SOURCE_3, AMT_CREDIT] monotone=descending max_bins=5"
    ],
    keywords: ["by"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, frameName) = try c.frame("a frame to bin")
    try c.expectKeyword("by")
    let target = try c.column(of: frame, named: frameName, "the target column")
    let columns = c.hasMoreArguments ? try c.columns(of: frame, named: frameName, "columns to bin") : nil
    if columns != nil, let e = c.option("exclude") {
      throw c.error("option 'exclude' applies only when no columns are listed", at: e.value)
    }
    let exclude = try c.columns("exclude", of: frame, named: frameName) ?? []
    var o = BinningOptions()
    o.trend = try c.choice("monotone", as: MonotoneTrend.self)
    o.maxBins = try c.intValue("max_bins")
    o.minShare = try c.doubleValue("min_share")
    o.prebins = try c.intValue("prebins")
    let binning = try Binning.fit(
      frame, target: target, columns: columns, exclude: exclude, options: o,
      frameName: frameName, control: c.control)
    c.print(
      "binned \(Format.count(binning.features.count, "feature")) of \(frameName) by \(target) (\(Format.count(frame.rowCount)) rows): monotone \(o.trend.rawValue), at most \(o.maxBins) bins of at least \(Format.percent(o.minShare, digits: 1)) of the rows, plus Missing"
    )
    c.print(IVCommand.ranking(binning, c, ranked: true, limit: 10))
    if binning.features.count > 10 {
      c.print("… \(binning.features.count - 10) more (iv \(c.statement.targets.first?.name ?? "B") ranks them all)")
    }
    c.result(.binning(binning))
  }
}

extension CommandContext {
  /// The binning named by the next argument ("'tr' is a frame, not a binning" otherwise).
  func binning(_ what: String = "a binning") throws -> (binning: Binning, name: String) {
    let expr = try take(what)
    guard let name = expr.name else {
      throw error("\(spec.name): expected the name of a binning, found \(expr.text)", at: expr)
    }
    let value = try session.lookup(name, at: expr)
    guard case .binning(let b) = value else {
      throw error(
        "'\(name)' is \(value.kindWithArticle), not a binning", at: expr,
        notes: ["bin a frame first: b = bin FRAME by TARGET"])
    }
    return (b, name)
  }
}

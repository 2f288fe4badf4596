import PSDCore
import PSDData
import PSDModels

/// `crosstab X COL by TARGET [bins=10]`, `crosstab X COL by TARGET bins=B` (a binning's bins).
/// The counting is PSDModels.DefaultRateTable; this file lays it out.
enum CrosstabCommand {
  static let spec = CommandSpec(
    name: "crosstab", topic: "data",
    usage: [
      "crosstab FRAME COL by TARGET", "crosstab FRAME COL by TARGET bins=N", "crosstab FRAME COL by TARGET bins=BINNING"
    ],
    summary:
      "default rate per level or bin of a column: count, share, defaults, default rate, against the overall rate",
    details: """
      A category column gets one row per level, in the frame's level order. A numeric column with at most \
      bins= distinct values gets one row per value; otherwise it is cut at quantiles into about bins= bins \
      (default 10; ties stay in one bin), written [a, b). bins=B uses the optimal bins of the binning B (see \
      `bin`). Missing values get their own row. `vs overall` is the row's default rate over the overall rate \
      (above 1: riskier than the average client). The result is a frame with one row per level or bin.
      """,
    options: [
      OptionSpec(
        "bins", .countOrBinning(.between(2, 100)), default: 10,
        "numeric columns: about N quantile bins, or a binning's bins")
    ],
    examples: [
      "crosstab app NAME_EDUCATION_TYPE by TARGET", "crosstab app EXT_SOURCE_3 by TARGET bins=5",
      "crosstab app EXT_SOURCE_3 by TARGET bins=b"
    ],
    keywords: ["by"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, frameName) = try c.frame("a frame")
    let column = try c.column(of: frame, named: frameName, "a column")
    try c.expectKeyword("by")
    let target = try c.column(of: frame, named: frameName, "the target column")
    let table = try compute(c, frame: frame, frameName: frameName, column: column, target: target)
    c.print(
      "\(column) by \(target) in \(frameName): \(Format.count(table.total)) rows, \(Format.count(table.totalBad)) defaults, overall default rate \(Format.percent(table.overallRate))"
    )
    let rows = table.rows.map { r -> [String] in
      [
        r.label, Format.count(r.count), Format.percent(Double(r.count) / Double(max(1, table.total)), digits: 1),
        Format.count(r.bad), Format.percent(r.rate),
        table.overallRate > 0 ? String(format: "%.2f×", r.rate / table.overallRate) : "–"
      ]
    }
    c.print(
      TableRenderer(
        columns: [
          .init(column, .left), .init("count"), .init("share"), .init("defaults"),
          .init("default rate"), .init("vs overall")
        ],
        rows: rows, maximumCellWidth: 40, ascii: c.settings.charset == "ascii"
      )
      .render(width: c.settings.width).text)
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("LEVEL", strings: table.rows.map(\.label)),
          .int("COUNT", table.rows.map { Int64($0.count) }),
          .float("SHARE", table.rows.map { Double($0.count) / Double(max(1, table.total)) }),
          .int("DEFAULTS", table.rows.map { Int64($0.bad) }),
          .float("DEFAULT_RATE", table.rows.map(\.rate))
        ])))
  }

  /// The table for `COL by TARGET` with the bins= option read (shared with the default-rate bars).
  static func compute(
    _ c: CommandContext, frame: DataFrame, frameName: String, column: String,
    target: String
  ) throws -> DefaultRateTable {
    if column == target { throw c.error("crosstab: the column and the target are both '\(target)'") }
    let labels = try FeatureMatrix.targetLabels(frame, target: target, frameName: frameName)
    let data = try frame.column(column, frameName: frameName)
    switch try c.value(option: "bins") {
    case nil:
      return try DefaultRateTable.compute(data, labels: labels)
    case .number?:
      // Read with crosstab's declaration (plot-ascii bar ... by TARGET shares this code).
      guard case .integer(let n)? = try c.read("bins", as: CrosstabCommand.spec.option("bins")?.kind) else {
        throw c.error("option 'bins' expects a whole number from 2 to 100, or a binning", at: c.option("bins")?.value)
      }
      return try DefaultRateTable.compute(data, labels: labels, bins: n)
    case .binning(let b)?:
      guard let f = b[column] else {
        var e = PSDError.unknown("feature", column, candidates: b.features.map(\.feature))
        e.message = "the binning '\(c.option("bins")!.value.text)' has no bins for '\(column)'"
        throw e
      }
      return try DefaultRateTable.compute(data, labels: labels, binning: f)
    case let other?:
      throw c.error(
        "option 'bins' expects a number or a binning, found a \(other.kindName)", at: c.option("bins")?.value)
    }
  }
}

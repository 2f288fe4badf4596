import PSDCore
import PSDData
import PSDModels

/// `corr X [COLS] method=pearson|spearman`: the correlation matrix and the most correlated pairs.
enum CorrCommand {
  static let spec = CommandSpec(
    name: "corr", topic: "features",
    usage: ["corr FRAME [COLUMNS] method=pearson|spearman", "R = corr FRAME [COLUMNS]"],
    summary: "correlation matrix of numeric columns (Pearson or Spearman) and the most correlated pairs",
    details: """
      Without a column list, every numeric column but those in exclude=. Each pair is measured on the rows \
      where both values are present (pairwise complete, like pandas). Spearman is the Pearson correlation \
      of the ranks (ties share their mean rank): it sees any monotone relation and shrugs off outliers. \
      A constant column correlates with nothing (missing). Prints the matrix (columns that do not fit are \
      elided) and the most correlated pairs; bound to a name, the result is the matrix as a frame \
      (COLUMN, then one column per input).
      """,
    options: [
      OptionSpec("method", .choice(CorrelationMethod.self), default: .text("pearson"), "how to measure"),
      OptionSpec("exclude", .columns, "columns to leave out when none are listed"),
      OptionSpec("top", .integer(.atLeast(0)), default: 10, "most correlated pairs to list")
    ],
    examples: [
      "corr app [EXT_SOURCE_1, EXT_SOURCE_2, EXT_SOURCE_3, DAYS_BIRTH] method=spearman",
      "r = corr tr exclude=[SK_ID_CURR, TARGET] top=15"
    ],
    run: run)

  /// The numeric columns to study: the listed ones (categories refused), or every numeric one but
  /// `exclude=`. Shared with `vif`.
  static func numericColumns(_ c: CommandContext, frame: DataFrame, frameName: String) throws -> [String] {
    let excluded = Set(try c.columns("exclude", of: frame, named: frameName) ?? [])
    var names: [String]
    if c.hasMoreArguments {
      if !excluded.isEmpty {
        throw c.error("\(c.spec.name): give either a column list or exclude=, not both", at: c.option("exclude")?.value)
      }
      let expr = c.nextArgument
      names = try c.columns(of: frame, named: frameName)
      for name in names where frame[name]?.isNumeric == false {
        throw c.error(
          "\(c.spec.name): '\(name)' is a category column; \(c.spec.name) reads numeric columns", at: expr,
          notes: ["encode it first (\(frameName) = encode \(frameName) onehot [\(name)]) or leave it out"])
      }
    } else {
      names = frame.columnNames.filter { frame[$0]?.isNumeric == true && !excluded.contains($0) }
    }
    if names.count < 2 {
      throw c.error("\(c.spec.name): needs at least two numeric columns, found \(names.count)")
    }
    return names
  }

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, frameName) = try c.frame()
    let names = try numericColumns(c, frame: frame, frameName: frameName)
    let method = try c.choice("method", as: CorrelationMethod.self)
    let top = try c.intValue("top")
    let columns = try names.map { try frame.column($0, frameName: frameName).doubles()! }
    try c.control.checkCancelled()
    let r = correlationMatrix(columns, method: method)
    c.print(
      "\(method.rawValue) correlation of \(Format.count(names.count, "column")) of \(frameName) (\(Format.count(frame.rowCount, "row")), pairwise complete):"
    )
    let rows = names.indices.map { i in [names[i]] + names.indices.map { Format.fixed(r[i][$0], 3) } }
    let table = TableRenderer(columns: [.init("", .left)] + names.map { .init($0) }, rows: rows, maximumCellWidth: 16)
    let rendered = table.render(width: c.settings.width)
    for line in rendered.text.split(separator: "\n") { c.print("  " + line) }
    if rendered.hiddenColumns > 0 {
      c.print("  (\(rendered.hiddenColumns) columns elided; bind the result to a name for all of them)")
    }
    let pairs = strongestPairs(r, limit: top)
    if !pairs.isEmpty {
      c.print("most correlated pairs:")
      let width = pairs.map { names[$0.a].count + names[$0.b].count + 3 }.max() ?? 0
      for p in pairs {
        c.print(
          "  " + Format.pad("\(names[p.a]) ~ \(names[p.b])", width) + "  "
            + Format.pad(Format.fixed(p.r, 3), 7, right: true))
      }
    }
    c.result(
      .frame(
        try DataFrame(
          columns: [.category("COLUMN", strings: names)]
            + names.indices.map { j in .float(names[j], names.indices.map { r[$0][j] }) })))
  }
}

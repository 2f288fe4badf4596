import PSDCore
import PSDData
import PSDModels

/// `vif X [COLS]`: variance inflation factors of numeric columns.
enum VIFCommand {
  static let spec = CommandSpec(
    name: "vif", topic: "features",
    usage: ["vif FRAME [COLUMNS]", "V = vif FRAME [COLUMNS]"],
    summary: "variance inflation factor of each numeric column: how well the others predict it",
    details: """
      VIF = 1 / (1 − R²) of the column regressed on the other listed columns (with an intercept), read \
      off the inverse correlation matrix. 1 = unrelated to the others; above 5 the coefficient's variance \
      is inflated noticeably, above 10 the column is largely redundant (a usual rule for logistic \
      scorecards). Rows with a missing value in any listed column are left out. A column that is an \
      exact linear combination of earlier ones gets inf and is left out of the others' regressions. \
      Without a column list, every numeric column but those in exclude=. Bound to a name, the result \
      is a frame of COLUMN, VIF, R2.
      """,
    options: [OptionSpec("exclude", .columns, "columns to leave out when none are listed")],
    examples: ["vif app [AMT_CREDIT, AMT_ANNUITY, AMT_GOODS_PRICE, AMT_INCOME_TOTAL]"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, frameName) = try c.frame()
    let names = try CorrCommand.numericColumns(c, frame: frame, frameName: frameName)
    let columns = try names.map { try frame.column($0, frameName: frameName).doubles()! }
    try c.control.checkCancelled()
    let result = varianceInflation(columns)
    if result.rows <= names.count {
      throw PSDError.data(
        "vif: only \(Format.count(result.rows)) rows of \(frameName) are complete in the \(names.count) columns; need more rows than columns"
      )
    }
    c.print(
      "variance inflation factors of \(Format.count(names.count, "column")) of \(frameName) on \(Format.count(result.rows)) complete rows (of \(Format.count(frame.rowCount))):"
    )
    let order = names.indices.sorted { a, b in
      let x = result.vif[a].isNaN ? -1 : result.vif[a], y = result.vif[b].isNaN ? -1 : result.vif[b]
      return x != y ? x > y : a < b
    }
    func band(_ v: Double) -> String {
      if v.isNaN { return "constant: no VIF" }
      if v.isInfinite { return "exact linear combination of others" }
      return v > 10 ? "high (> 10)" : v > 5 ? "moderate (> 5)" : ""
    }
    let rows = order.map {
      [names[$0], Format.fixed(result.vif[$0], 2), Format.fixed(r2(result.vif[$0]), 3), band(result.vif[$0])]
    }
    let table = TableRenderer(
      columns: [.init("column", .left), .init("VIF"), .init("R²"), .init("", .left)], rows: rows, maximumCellWidth: 40)
    for line in table.render(width: c.settings.width).text.split(separator: "\n") { c.print("  " + line) }
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("COLUMN", strings: order.map { names[$0] }),
          .float("VIF", order.map { result.vif[$0] }),
          .float("R2", order.map { r2(result.vif[$0]) })
        ])))
  }

  /// R² of the column on the others: 1 − 1 / VIF.
  static func r2(_ vif: Double) -> Double { vif.isNaN ? .nan : 1 - 1 / vif }
}

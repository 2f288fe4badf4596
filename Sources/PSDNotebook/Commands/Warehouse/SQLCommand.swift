import PSDWarehouse

/// `sql m`: the model as one SQL expression; `scored = sql m on app`: scored in the warehouse.
enum SQLCommand {
  static let spec = CommandSpec(
    name: "sql", topic: "warehouse",
    usage: ["sql MODEL", "S = sql MODEL", "X = sql MODEL on WAREHOUSE_FRAME", "sql MODEL output=raw"],
    summary: "export a model as one SQL expression (float8 literals) so the warehouse scores rows in place",
    details: """
      The expression reads the model's features by column name and gives the probability of default \
      (output=raw: the log-odds), computed as psd computes it: GBDT trees as nested CASE with every \
      literal a float8 and missing values (and unseen categories) following each split's default \
      direction; logistic models as their standardised sum; then the sigmoid and the calibration. \
      On a warehouse frame, `sql m on app` gives a warehouse frame with every column plus PD, scored \
      where the rows are. See Docs/warehouse.md.
      """,
    options: [
      OptionSpec("output", .choice(ModelSQL.Output.self), default: .text("pd"), "probability of default or log-odds"),
      OptionSpec(
        "column", .text, default: .described("PD, RAW_SCORE with output=raw"), "name of the score column for `on`",
        as: "NAME")
    ],
    examples: ["sql m", "scored = sql m on app"],
    keywords: ["on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, _) = try c.model()
    let output = try c.choice("output", as: ModelSQL.Output.self)
    if c.keyword("on") {
      let (remote, _) = try c.warehouseFrame()
      let column = try c.string("column") ?? (output == .pd ? "PD" : "RAW_SCORE")
      let scored = try remote.scored(model, output: output, column: column, control: c.control)
      c.print(scored.summary)
      c.result(.warehouseFrame(scored))
      return
    }
    let expression = try ModelSQL.expression(model, output: output)
    if c.statement.targets.isEmpty { c.print(expression) }
    c.result(.string(expression))
  }
}

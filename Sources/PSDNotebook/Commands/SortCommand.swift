import PSDData

/// `sort X by COL [desc] [COL2 [asc]] ...`: stable, multi-key.
enum SortCommand {
  static let spec = CommandSpec(
    name: "sort", topic: "features",
    usage: ["sort FRAME by COL [asc|desc] [COL2 [asc|desc]] ...", "sort FRAME by [COL1, COL2] desc"],
    summary: "order rows by columns (stable; missing values last)",
    details: "A direction after a list applies to every column in it. Categorical columns sort by label.",
    examples: ["sort scores by PROBABILITY desc", "sort prev by SK_ID_CURR DAYS_DECISION desc"],
    keywords: ["by", "asc", "desc"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    try c.expectKeyword("by")
    var keys: [SortKey] = []
    while c.hasMoreArguments {
      let columns = try c.columns(of: frame, named: name, "a column to sort by")
      var descending = false
      if c.keyword("desc") { descending = true } else { _ = c.keyword("asc") }
      keys += columns.map { SortKey($0, descending: descending) }
    }
    if keys.isEmpty { throw c.error("sort: expected a column after 'by'", notes: ["usage: " + spec.usage[0]]) }
    c.result(.frame(c.traced(try frame.sorted(by: keys, frameName: name), .sort(keys), from: [(frame, name)])))
  }
}

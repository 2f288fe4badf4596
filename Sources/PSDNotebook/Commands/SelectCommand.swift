import PSDData

/// `select X [COLS]`: keep these columns, in this order.
enum SelectCommand {
  static let spec = CommandSpec(
    name: "select", topic: "features",
    usage: ["select FRAME [COL1, COL2, ...]", "select FRAME COL1 COL2 ..."],
    summary: "keep only the named columns, in the order given",
    examples: ["small = select app [SK_ID_CURR, TARGET, AMT_CREDIT]"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    var names: [String] = []
    while c.hasMoreArguments { names += try c.columns(of: frame, named: name, "columns") }
    if names.isEmpty { throw c.error("select: expected the columns to keep", notes: ["usage: " + spec.usage[0]]) }
    c.result(.frame(c.traced(try frame.selecting(names, frameName: name), .select(names), from: [(frame, name)])))
  }
}

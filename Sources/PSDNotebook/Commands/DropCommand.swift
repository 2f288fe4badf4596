import PSDData

/// `drop X [COLS]`: remove columns.
enum DropCommand {
  static let spec = CommandSpec(
    name: "drop", topic: "features",
    usage: ["drop FRAME [COL1, COL2, ...]", "drop FRAME COL1 COL2 ..."],
    summary: "remove the named columns",
    examples: ["app = drop app [FLAG_DOCUMENT_2, FLAG_DOCUMENT_4]"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    var names: [String] = []
    while c.hasMoreArguments { names += try c.columns(of: frame, named: name, "columns") }
    if names.isEmpty { throw c.error("drop: expected the columns to remove", notes: ["usage: " + spec.usage[0]]) }
    c.result(.frame(c.traced(try frame.dropping(names, frameName: name), .drop(names), from: [(frame, name)])))
  }
}

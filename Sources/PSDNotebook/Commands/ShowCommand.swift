import PSDCore
import PSDData

/// `show X limit=N`: the first rows, fitted to the session width (middle columns elided).
enum ShowCommand {
  static let spec = CommandSpec(
    name: "show", topic: "data",
    usage: ["show FRAME", "show FRAME limit=N"],
    summary: "print the first rows of a frame, fitted to the terminal width",
    details:
      "Columns that do not fit the width (`set width=N`; the REPL uses the terminal's) are left out from the middle and marked with …; missing values print as NA. The default row count is the `limit` setting (10).",
    options: [
      OptionSpec(
        "limit", .integer(.atLeast(0)), default: .described("the session's limit, set limit=N"),
        "how many rows to print")
    ],
    examples: ["show app limit=5"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    let limit = try c.int("limit", default: c.settings.showLimit)
    let shown = min(limit, frame.rowCount)
    let columns = frame.columns.map { column in
      TableRenderer.Column(column.name, column.type == .category ? .left : .right)
    }
    let rows = (0..<shown).map { r in frame.columns.map { cell($0, r, c) } }
    let table = TableRenderer(
      columns: columns, rows: rows, pinned: 1, maximumCellWidth: 24,
      ascii: c.settings.charset == "ascii")
    let (text, hidden) = table.render(width: c.settings.width)
    if frame.columnCount > 0 { c.print(text) }
    var footer =
      "\(name): \(Format.count(shown)) of \(Format.count(frame.rowCount)) rows × \(frame.columnCount) columns"
    if hidden > 0 { footer += " (\(hidden) columns not shown; select them or set width=N)" }
    c.print(footer)
  }

  static func cell(_ column: Column, _ row: Int, _ c: CommandContext) -> String {
    if column.isMissing(row) { return "NA" }
    switch column.data {
    case .float(let v): return TableRenderer.number(v[row], digits: c.settings.digits)
    default: return column.text(row)
    }
  }
}

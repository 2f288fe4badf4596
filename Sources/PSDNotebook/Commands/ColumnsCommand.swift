import PSDCore
import PSDData

/// `columns X`: each column's name, type and missing share.
enum ColumnsCommand {
  static let spec = CommandSpec(
    name: "columns", topic: "data",
    usage: ["columns FRAME"],
    summary: "list a frame's columns with their type and missing share",
    details: "`cols = columns app` keeps the list as a frame: COLUMN, TYPE, MISSING, MISSING_SHARE, LEVELS.",
    examples: ["columns app"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    let rows = frame.columns.enumerated().map { i, column -> [String] in
      let missing = column.missingCount
      let share = frame.rowCount == 0 ? 0 : Double(missing) / Double(frame.rowCount)
      var detail = ""
      if case .category(_, let levels) = column.data { detail = Format.count(levels.count) }
      return [
        String(i + 1), column.name, column.type.rawValue, Format.count(missing),
        Format.percent(share, digits: 1), detail
      ]
    }
    let table = TableRenderer(
      columns: [
        .init("#"), .init("column", .left), .init("type", .left), .init("missing"), .init("missing %"),
        .init("levels")
      ],
      rows: rows, pinned: 2, maximumCellWidth: 48, ascii: c.settings.charset == "ascii")
    // `cols = columns app` keeps the list as a frame (the assignment's line says so) instead of printing it.
    if c.statement.targets.isEmpty {
      c.print("\(name): \(Format.count(frame.rowCount)) rows × \(frame.columnCount) columns")
      if frame.columnCount > 0 { c.print(table.render(width: c.settings.width).text) }
    }
    // `cols = columns app`: the same table as a frame.
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("COLUMN", strings: frame.columns.map(\.name)),
          .category("TYPE", strings: frame.columns.map(\.type.rawValue)),
          .int("MISSING", frame.columns.map { Int64($0.missingCount) }),
          .float(
            "MISSING_SHARE",
            frame.columns.map { frame.rowCount == 0 ? 0 : Double($0.missingCount) / Double(frame.rowCount) }),
          .float(
            "LEVELS",
            frame.columns.map { if case .category(_, let levels) = $0.data { Double(levels.count) } else { .nan } })
        ])))
  }
}

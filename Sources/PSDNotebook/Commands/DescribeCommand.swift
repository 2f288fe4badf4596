import PSDCore
import PSDData

/// `describe X`, `describe X by TARGET`, `describe X.COL` (and `describe X.COL by TARGET`).
/// The statistics are computed by PSDData.Describe; this file only lays them out.
enum DescribeCommand {
  static let spec = CommandSpec(
    name: "describe", topic: "data",
    usage: ["describe FRAME", "describe FRAME by TARGET", "describe FRAME.COL", "describe FRAME.COL by TARGET"],
    summary: "summary statistics per column: count, missing, mean, std, quartiles, top categories",
    details: """
      Numeric columns (float, int, bool): count of values, missing count and share, mean, sample \
      standard deviation, min, 25/50/75 % quantiles (linear interpolation, as pandas) and max. \
      Categorical columns: distinct labels and the most frequent ones with their counts. \
      `by TARGET` repeats the statistics for each class of TARGET, one row per class under each \
      column, so the classes read side by side. `describe X.COL` shows one column in detail. \
      `d = describe X` keeps the table as a frame, one row per column (COLUMN, TYPE, COUNT, MISSING, \
      MEAN, STD, MIN, Q25, MEDIAN, Q75, MAX, DISTINCT, TOP).
      """,
    options: [
      OptionSpec(
        "top", .integer(.atLeast(0)), default: .described("3, or 10 for one column"),
        "how many frequent categories to list")
    ],
    examples: ["describe app", "describe app by TARGET", "describe app.AMT_INCOME_TOTAL"],
    keywords: ["by"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    if try runInWarehouse(c) { return }
    guard let first = c.nextArgument else { _ = try c.take("a frame or a column like x.COL"); return }
    if case .member = first.kind {
      let (frame, frameName, column) = try c.columnReference()
      let top = try c.int("top", default: 10)
      if c.keyword("by") {
        let target = try c.column(of: frame, named: frameName, "the target column")
        let pair = try frame.selecting(target == column ? [column] : [column, target])
        let grouped = try Describe.grouped(pair, by: target, frameName: frameName, topLevels: top, control: c.control)
        c.print(renderGrouped(grouped, c, topLevels: top))
      } else {
        c.print(renderColumn(Describe.column(try frame.column(column), topLevels: top), c))
      }
      return
    }
    let (frame, name) = try c.frame("a frame or a column like x.COL")
    let top = try c.int("top", default: 3)
    if c.keyword("by") {
      let target = try c.column(of: frame, named: name, "the target column")
      let grouped = try Describe.grouped(frame, by: target, frameName: name, topLevels: top, control: c.control)
      c.print(renderGrouped(grouped, c, topLevels: top))
    } else {
      let description = try Describe.frame(frame, topLevels: top, control: c.control)
      // `d = describe app` keeps the table as a frame (the assignment's line says so) instead of printing it.
      if c.statement.targets.isEmpty {
        c.print("\(name): \(Format.count(frame.rowCount)) rows × \(frame.columnCount) columns")
        c.print(renderFrame(description, c))
      }
      c.result(.frame(try table(description)))
    }
  }

  /// `d = describe app`: one row per column (COLUMN, TYPE, COUNT, MISSING, MEAN, STD, MIN, Q25,
  /// MEDIAN, Q75, MAX, DISTINCT, TOP), to filter, sort or save like any frame.
  static func table(_ d: FrameDescription) throws -> DataFrame {
    var numbers: [[Double]] = Array(repeating: [], count: 9)
    var distinct: [Double] = [], top: [String?] = []
    for column in d.columns {
      switch column.statistics {
      case .numeric(let n):
        for (i, v) in [Double(n.count), n.mean, n.std, n.min, n.q25, n.median, n.q75, n.max].enumerated() {
          numbers[i].append(v)
        }
        distinct.append(.nan)
        top.append(nil)
      case .category(let cat):
        numbers[0].append(Double(cat.count))
        for i in 1..<8 { numbers[i].append(.nan) }
        distinct.append(Double(cat.distinct))
        top.append(cat.top.first?.label)
      }
      numbers[8].append(Double(column.missing))
    }
    let names = ["COUNT", "MEAN", "STD", "MIN", "Q25", "MEDIAN", "Q75", "MAX"]
    var columns = [
      Column.category("COLUMN", strings: d.columns.map(\.name)),
      .category("TYPE", strings: d.columns.map(\.type.rawValue))
    ]
    columns.append(.float("COUNT", numbers[0]))
    columns.append(.float("MISSING", numbers[8]))
    for (i, name) in names.enumerated().dropFirst() { columns.append(.float(name, numbers[i])) }
    columns.append(.float("DISTINCT", distinct))
    columns.append(.category("TOP", strings: top))
    return try DataFrame(columns: columns)
  }

  // MARK: - Layout

  static let numericHeaders = ["count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max"]

  static func number(_ v: Double, _ c: CommandContext, integer: Bool = false) -> String {
    if v.isNaN { return "–" }
    return TableRenderer.number(v, digits: c.settings.digits)
  }

  static func missingText(_ missing: Int, of rows: Int) -> String {
    let share = rows == 0 ? 0 : Double(missing) / Double(rows)
    return "\(Format.count(missing)) (\(Format.percent(share, digits: 1)))"
  }

  static func numericCells(_ s: NumericSummary, rows: Int, _ c: CommandContext) -> [String] {
    [Format.count(s.count), missingText(s.missing, of: rows)]
      + [s.mean, s.std, s.min, s.q25, s.median, s.q75, s.max].map { number($0, c) }
  }

  static func topText(_ s: CategorySummary) -> String {
    s.top.map { "\($0.label) (\(Format.count($0.count)))" }.joined(separator: ", ")
  }

  static func renderFrame(_ d: FrameDescription, _ c: CommandContext) -> String {
    var out = ""
    let numeric = d.columns.compactMap { col -> (ColumnSummary, NumericSummary)? in
      if case .numeric(let s) = col.statistics { return (col, s) } else { return nil }
    }
    let categorical = d.columns.compactMap { col -> (ColumnSummary, CategorySummary)? in
      if case .category(let s) = col.statistics { return (col, s) } else { return nil }
    }
    let ascii = c.settings.charset == "ascii"
    if !numeric.isEmpty {
      let table = TableRenderer(
        columns: [.init("column", .left)] + numericHeaders.map { .init($0) },
        rows: numeric.map { col, s in [col.name] + numericCells(s, rows: col.rows, c) },
        pinned: 1, ascii: ascii)
      out += table.render(width: c.settings.width).text
    }
    if !categorical.isEmpty {
      if !out.isEmpty { out += "\n" }
      let table = TableRenderer(
        columns: [
          .init("column", .left), .init("count"), .init("missing"),
          .init("distinct"), .init("top values", .left)
        ],
        rows: categorical.map { col, s in
          [
            col.name, Format.count(s.count), missingText(s.missing, of: col.rows),
            Format.count(s.distinct), topText(s)
          ]
        },
        pinned: 1, lastColumnFlexible: true, ascii: ascii)
      out += table.render(width: c.settings.width).text
    }
    if d.columns.isEmpty { out = "(no columns)\n" }
    return out
  }

  /// One row per class under each column: the classes' statistics line up for comparison.
  static func renderGrouped(_ g: GroupedDescription, _ c: CommandContext, topLevels: Int) -> String {
    let ascii = c.settings.charset == "ascii"
    var out =
      "by \(g.target): "
      + g.groups.map { "\(g.target)=\($0.label) \(Format.count($0.description.rows)) rows" }
      .joined(separator: ", ") + "\n"
    guard let firstGroup = g.groups.first else { return out + "(no rows)\n" }
    var numericRows: [[String]] = []
    var categoryRows: [[String]] = []
    for (index, column) in firstGroup.description.columns.enumerated() {
      for (k, group) in g.groups.enumerated() {
        let summary = group.description.columns[index]
        let label = k == 0 ? column.name : ""
        switch summary.statistics {
        case .numeric(let s):
          numericRows.append([label, group.label] + numericCells(s, rows: summary.rows, c))
        case .category(let s):
          categoryRows.append([
            label, group.label, Format.count(s.count), missingText(s.missing, of: summary.rows),
            Format.count(s.distinct), topText(s)
          ])
        }
      }
    }
    if !numericRows.isEmpty {
      out +=
        TableRenderer(
          columns: [.init("column", .left), .init(g.target, .left)] + numericHeaders.map { .init($0) },
          rows: numericRows, pinned: 2, ascii: ascii
        ).render(width: c.settings.width).text
    }
    if !categoryRows.isEmpty {
      if !numericRows.isEmpty { out += "\n" }
      out +=
        TableRenderer(
          columns: [
            .init("column", .left), .init(g.target, .left), .init("count"), .init("missing"),
            .init("distinct"), .init("top values", .left)
          ],
          rows: categoryRows, pinned: 2, lastColumnFlexible: true, ascii: ascii
        )
        .render(width: c.settings.width).text
    }
    return out
  }

  static func renderColumn(_ s: ColumnSummary, _ c: CommandContext) -> String {
    let ascii = c.settings.charset == "ascii"
    var out = "\(s.name) (\(s.type.rawValue)): \(Format.count(s.rows)) rows\n"
    switch s.statistics {
    case .numeric(let n):
      let cells = numericCells(n, rows: s.rows, c)
      let rows = zip(numericHeaders, cells).map { [$0, $1] }
      out +=
        TableRenderer(columns: [.init("statistic", .left), .init("value")], rows: rows, ascii: ascii)
        .render(width: c.settings.width).text
    case .category(let k):
      out +=
        "count \(Format.count(k.count)), missing \(missingText(k.missing, of: s.rows)), distinct \(Format.count(k.distinct))\n"
      let rows = k.top.map { level -> [String] in
        let share = k.count == 0 ? 0 : Double(level.count) / Double(k.count)
        return [level.label, Format.count(level.count), Format.percent(share, digits: 1)]
      }
      if !rows.isEmpty {
        out +=
          TableRenderer(
            columns: [.init("value", .left), .init("count"), .init("share")], rows: rows,
            maximumCellWidth: 48, ascii: ascii
          ).render(width: c.settings.width).text
      }
      if k.distinct > k.top.count { out += "(\(Format.count(k.distinct - k.top.count)) more values)\n" }
    }
    return out
  }
}

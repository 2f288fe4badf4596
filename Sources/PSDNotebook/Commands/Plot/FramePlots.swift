import PSDCore
import PSDData
import PSDPlots

/// Charts of a frame's columns: histogram (optionally by class), bar counts, scatter.
enum FramePlots {
  /// `hist X.COL [bins=N] [by TARGET] [layout=side|overlay]`
  static func histogram(_ c: CommandContext, _ options: PlotOptions) throws -> DrawnChart {
    let (frame, frameName, name) = try c.columnReference()
    let column = try frame.column(name, frameName: frameName)
    guard let values = column.doubles() else {
      throw PSDError.data(
        "'\(name)' is categorical: a histogram needs numbers",
        notes: ["plot-ascii bar \(frameName).\(name) counts its categories"], subject: name)
    }
    let bins = try c.int("bins")
    let layout = try c.choice("layout", as: Histogram.Layout.self)
    guard c.keyword("by") else {
      if c.hasOption("layout") {
        throw c.error("plot-ascii hist: layout= applies to 'by CLASS' only", at: c.option("layout")?.value)
      }
      let marker = try clientMarker(c, frame, frameName, name, values)
      return DrawnChart(
        lines: try Histogram.render(values: values, label: name, bins: bins, marker: marker, options: options),
        svg: try SVGChart.histogram(values: values, label: name, bins: bins, marker: marker))
    }
    let classColumnName = try c.column(of: frame, named: frameName, "a class column after 'by'")
    let classColumn = try frame.column(classColumnName, frameName: frameName)
    let (groups, unlabelled) = try classes(of: classColumn, limit: 12)
    let classes = groups.map { group in
      (name: "\(classColumnName)=\(group.label)", values: group.rows.map { values[$0] })
    }
    let marker = try clientMarker(c, frame, frameName, name, values)
    var chart = DrawnChart(
      lines: try Histogram.renderByClass(
        classes: classes, label: name, classLabel: classColumnName, bins: bins,
        layout: layout, marker: marker, options: options),
      svg: try SVGChart.histogramByClass(
        classes: classes, label: name, classLabel: classColumnName, bins: bins, marker: marker))
    if unlabelled > 0 {
      chart.notes.append("\(Format.count(unlabelled)) rows with no \(classColumnName) not shown")
    }
    return chart
  }

  /// `client=ID`: the client's own value, to see where it falls.
  static func clientMarker(
    _ c: CommandContext, _ frame: DataFrame, _ frameName: String, _ column: String,
    _ values: [Double]
  ) throws -> Histogram.Marker? {
    guard c.hasOption("client") else { return nil }
    let (row, id) = try c.clientRow(in: frame, named: frameName)
    return Histogram.Marker(
      value: values[row], label: "client \(id): \(column) = \(Format.number(values[row], digits: 4))")
  }

  /// Rows of each class of a column (numbers in numeric order, categories by label), and the
  /// number of rows without a class.
  static func classes(of column: Column, limit: Int) throws -> (groups: [(label: String, rows: [Int])], missing: Int) {
    var byKey: [String: (order: Double, rows: [Int])] = [:]
    var missing = 0
    let numbers = column.doubles()
    for i in 0..<column.count {
      if column.isMissing(i) { missing += 1; continue }
      let key = column.text(i)
      if byKey[key] == nil {
        if byKey.count >= limit {
          throw PSDError.data(
            "'\(column.name)' has more than \(limit) distinct values: it is not a class column",
            subject: column.name)
        }
        byKey[key] = (numbers?[i] ?? 0, [])
      }
      byKey[key]!.rows.append(i)
    }
    let ordered = byKey.sorted { a, b in
      numbers != nil ? a.value.order < b.value.order : a.key < b.key
    }
    return (ordered.map { ($0.key, $0.value.rows) }, missing)
  }

  /// `bar X.COL [limit=N]`, or `bar importance MODEL`.
  static func bars(_ c: CommandContext, _ options: PlotOptions) throws -> DrawnChart {
    if c.keyword("importance") { return try ModelPlots.importance(c, options) }
    let (frame, frameName, name) = try c.columnReference()
    if c.keyword("by") { return try defaultRates(c, frame, frameName, name, options) }
    let column = try frame.column(name, frameName: frameName)
    let limit = try c.int("limit", default: 20)
    var counts: [String: (first: Int, order: Double, count: Int)] = [:]
    let numbers = column.doubles()
    var missing = 0
    for i in 0..<column.count {
      if column.isMissing(i) { missing += 1; continue }
      let key = column.text(i)
      if let entry = counts[key] {
        counts[key] = (entry.first, entry.order, entry.count + 1)
      } else {
        if numbers != nil && counts.count >= 100 {
          throw PSDError.data(
            "'\(name)' has more than 100 distinct numbers: bars would not be readable",
            notes: ["plot-ascii hist \(frameName).\(name) shows its distribution"], subject: name)
        }
        counts[key] = (i, numbers?[i] ?? 0, 1)
      }
    }
    // Categories by frequency (the chart sorts); numbers keep their numeric order.
    let ordered =
      numbers == nil
      ? counts.sorted { $0.value.first < $1.value.first }
      : counts.sorted { $0.value.order < $1.value.order }
    let bars = ordered.map { ($0.key, Double($0.value.count)) }
    let title =
      "\(name): \(Format.count(column.count - missing)) rows in \(Format.count(counts.count)) "
      + (counts.count == 1 ? "category" : "categories")
    var chart = DrawnChart(
      lines: try BarChart.render(
        bars: bars, title: title, valueStyle: .count, missing: missing, limit: limit,
        sorted: numbers == nil, options: options),
      svg: try SVGChart.counts(bars, title: title, limit: limit, sorted: numbers == nil))
    if missing > 0 { chart.svgNotes.append("\(Format.count(missing)) missing not shown") }
    return chart
  }

  /// `bar X.COL by TARGET [bins=N|B]`: the default rate per level or bin (the rows of crosstab).
  static func defaultRates(
    _ c: CommandContext, _ frame: DataFrame, _ frameName: String, _ name: String,
    _ options: PlotOptions
  ) throws -> DrawnChart {
    let target = try c.column(of: frame, named: frameName, "the target column")
    let table = try CrosstabCommand.compute(c, frame: frame, frameName: frameName, column: name, target: target)
    let title = "\(name) by \(target): default rate in \(Format.count(table.total)) rows"
    var chart = DrawnChart(
      lines: try DefaultRateChart.render(
        groups: table.rows.map { .init(label: $0.label, count: $0.count, rate: $0.rate) }, overall: table.overallRate,
        title: title, options: options),
      svg: try SVGChart.bars(table.rows.map { ($0.label, $0.rate) }, title: title, values: .magnitude("default rate")))
    chart.svgNotes.append("overall default rate \(Format.percent(table.overallRate))")
    return chart
  }

  /// `scatter X.A X.B`
  static func scatter(_ c: CommandContext, _ options: PlotOptions) throws -> DrawnChart {
    let (frame, frameName, xName) = try c.columnReference("a column like x.A")
    let second = c.nextArgument
    let (other, otherName, yName) = try c.columnReference("a second column like x.B")
    guard otherName == frameName || other.rowCount == frame.rowCount else {
      throw c.error(
        "plot-ascii scatter: '\(frameName)' and '\(otherName)' have different rows; "
          + "plot two columns of one frame", at: second)
    }
    let x = try frame.column(xName, frameName: frameName)
    let y = try other.column(yName, frameName: otherName)
    for col in [x, y] where !col.isNumeric {
      throw PSDError.data("'\(col.name)' is categorical: a scatter plot needs numbers", subject: col.name)
    }
    return DrawnChart(
      lines: try ScatterPlot.render(x: x.doubles()!, y: y.doubles()!, xLabel: xName, yLabel: yName, options: options),
      svg: try SVGChart.scatter(x: x.doubles()!, y: y.doubles()!, xLabel: xName, yLabel: yName))
  }
}

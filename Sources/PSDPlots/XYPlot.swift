import PSDCore
/// A continuous x/y drawing area on a braille canvas, with its axes: the common ground of
/// scatter plots and curves.
struct XYPlot {
  let x: (low: Double, high: Double)
  let y: (low: Double, high: Double)
  let options: PlotOptions
  private(set) var canvas: Canvas
  let yTicks: [(row: Int, label: String)]
  var phase = 0

  init(x: (Double, Double), y: (Double, Double), options: PlotOptions, yPercent: Bool = false) {
    self.x = x
    self.y = y
    self.options = options
    let rows = options.height
    let values = Ticks.nice(y.0, y.1, count: Histogram.yTickCount(options))
    let labels = yPercent ? Format.ticks(values.map { $0 * 100 }).map { $0 + "%" } : Format.ticks(values)
    let columns = options.width - Frame.gutter(labels)
    canvas = Canvas(columns: columns, rows: rows)
    let dotHeight = rows * 4
    yTicks = zip(values, labels).map { value, label in
      let dy = Int(((value - y.0) / (y.1 - y.0) * Double(dotHeight - 1)).rounded())
      return (rows - 1 - dy / 4, label)
    }
  }

  func dotX(_ v: Double) -> Int {
    Int(((v - x.low) / (x.high - x.low) * Double(canvas.dotWidth - 1)).rounded())
  }

  func dotY(_ v: Double) -> Int {
    Int(((v - y.low) / (y.high - y.low) * Double(canvas.dotHeight - 1)).rounded())
  }

  func column(_ v: Double) -> Int { dotX(v) / 2 }
  func row(_ v: Double) -> Int { canvas.rows - 1 - dotY(v) / 4 }

  mutating func point(_ px: Double, _ py: Double, color: PlotColor? = nil, asciiMark: Character? = nil) {
    canvas.dot(x: dotX(px), y: dotY(py), color: color, asciiMark: asciiMark)
  }

  /// A polyline through the points in order (points outside the area are clipped).
  mutating func line(
    _ points: [(Double, Double)], stroke: Canvas.Stroke, color: PlotColor?,
    asciiMark: Character, priority: Int
  ) {
    guard let first = points.first else { return }
    var previous = (dotX(first.0), dotY(first.1))
    if points.count == 1 {
      canvas.dot(x: previous.0, y: previous.1, color: color, asciiMark: asciiMark, priority: priority)
    }
    for p in points.dropFirst() {
      let next = (dotX(p.0), dotY(p.1))
      canvas.line(
        from: previous, to: next, color: color, asciiMark: asciiMark, priority: priority,
        stroke: stroke, phase: &phase)
      previous = next
    }
  }

  /// A vertical rule at x through the empty cells (curves stay visible where they cross it).
  mutating func vertical(
    at value: Double, glyph: Character = "┆", asciiGlyph: Character = "|",
    color: PlotColor?
  ) {
    let c = column(value)
    for r in 0..<canvas.rows where canvas.isEmpty(column: c, row: r) {
      canvas.put(options.unicode ? glyph : asciiGlyph, column: c, row: r, color: color)
    }
  }

  /// A single-cell mark (a chosen point, a calibration bin).
  mutating func mark(_ px: Double, _ py: Double, glyph: Character, asciiGlyph: Character, color: PlotColor?) {
    canvas.put(options.unicode ? glyph : asciiGlyph, column: column(px), row: row(py), color: color)
  }

  func xTicks() -> [(column: Int, label: String)] {
    let values = Ticks.nice(x.low, x.high, count: max(2, canvas.columns / 10))
    return zip(values, Format.ticks(values)).map { (column($0.0), $0.1) }
  }

  func compose(title: String, yTitle: String?, xTitle: String?, legend: [LegendEntry], notes: [String])
    -> [String]
  {
    Frame.compose(
      title: title, yTitle: yTitle, canvas: canvas, yTicks: yTicks, xTicks: xTicks(),
      xTitle: xTitle, legend: legend, notes: notes, options: options)
  }

  /// Legend samples for the two line styles.
  static func sample(_ stroke: Canvas.Stroke, _ options: PlotOptions, ascii: String? = nil) -> String {
    if !options.unicode { return ascii ?? (stroke == .dotted ? ".." : "**") }
    switch stroke {
    case .solid: return "──"
    case .dashed: return "╌╌"
    case .dotted: return "┄┄"
    }
  }
}

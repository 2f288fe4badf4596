import Foundation
import PSDCore

/// A key in a legend: a sample of the glyphs a series is drawn with, and what it stands for.
struct LegendEntry {
  var sample: String
  var color: PlotColor?
  var text: String
}

/// Puts a canvas inside its axes, with the title above and the legend and notes below:
///
///     title
///     y title
///      1.2k ┤ canvas row
///           │ canvas row
///         0 └──┬─────┬──
///              0    0.5
///              x title
///     legend
///     note lines
enum Frame {
  /// Columns the y-axis labels and axis line take on the left.
  static func gutter(_ yLabels: [String]) -> Int {
    (yLabels.map(TextWidth.columns).max() ?? 0) + 2
  }

  static func compose(
    title: String, yTitle: String?, canvas: Canvas,
    yTicks: [(row: Int, label: String)], xTicks: [(column: Int, label: String)],
    xTitle: String?, legend: [LegendEntry], notes: [String],
    options: PlotOptions
  ) -> [String] {
    let ascii = !options.unicode
    let labelWidth = (yTicks.map { TextWidth.columns($0.label) }.max() ?? 0)
    let gutter = labelWidth + 2
    var lines: [String] = []
    lines.append(contentsOf: Text.block(title, options))
    if let yTitle { lines.append(Text.line(yTitle, options)) }

    var labelAtRow: [Int: String] = [:]
    for tick in yTicks where labelAtRow[tick.row] == nil { labelAtRow[tick.row] = tick.label }
    let rendered = canvas.render(options)
    for (row, body) in rendered.enumerated() {
      let label = labelAtRow[row]
      let axis: String = label == nil ? (ascii ? "|" : "│") : (ascii ? "+" : "┤")
      lines.append(
        (TextWidth.pad(label ?? "", to: labelWidth, right: true) + " " + axis + body)
          .trimmingTrailingSpaces())
    }

    // The x axis, with a tick mark under each labelled column.
    var axis = Array(repeating: Character(ascii ? "-" : "─"), count: canvas.columns)
    for tick in xTicks where tick.column >= 0 && tick.column < canvas.columns {
      axis[tick.column] = ascii ? "+" : "┬"
    }
    let zeroLabel = labelAtRow[canvas.rows] ?? ""
    lines.append(
      TextWidth.pad(zeroLabel, to: labelWidth, right: true) + " " + (ascii ? "+" : "└")
        + String(axis))

    // Tick labels centred under their mark, skipped when they would touch the previous one.
    if !xTicks.isEmpty {
      var row = Array(repeating: Character(" "), count: options.width)
      var nextFree = 0
      for tick in xTicks.sorted(by: { $0.column < $1.column }) {
        let text = Array(ascii ? TextWidth.asciiOnly(tick.label) : tick.label)
        var start = gutter + tick.column - text.count / 2
        start = min(start, options.width - text.count)
        start = max(start, nextFree, 0)
        guard start + text.count <= options.width else { continue }
        for (i, ch) in text.enumerated() { row[start + i] = ch }
        nextFree = start + text.count + 1
      }
      lines.append(String(row).trimmingTrailingSpaces())
    }
    if let xTitle, !xTitle.isEmpty {
      let text = Text.plain(xTitle, options)
      let room = options.width - gutter
      let cut = TextWidth.truncate(text, to: room, ascii: ascii)
      let indent = gutter + max(0, (room - TextWidth.columns(cut)) / 2)
      lines.append(String(repeating: " ", count: indent) + cut)
    }
    lines.append(contentsOf: Legend.lines(legend, options))
    for note in notes { lines.append(contentsOf: Text.block(note, options)) }
    return lines
  }
}

enum Legend {
  static func lines(_ entries: [LegendEntry], _ options: PlotOptions) -> [String] {
    guard !entries.isEmpty else { return [] }
    var lines: [String] = []
    var current = ""
    var currentWidth = 0
    for entry in entries {
      let sample = options.unicode ? entry.sample : TextWidth.asciiOnly(entry.sample)
      let text = TextWidth.truncate(
        Text.plain(entry.text, options),
        to: options.width - TextWidth.columns(sample) - 1, ascii: !options.unicode)
      let shown = (options.color && entry.color != nil ? entry.color!.wrap(sample) : sample) + " " + text
      let w = TextWidth.columns(sample) + 1 + TextWidth.columns(text)
      if currentWidth > 0 && currentWidth + 3 + w > options.width {
        lines.append(current)
        current = ""
        currentWidth = 0
      }
      if currentWidth > 0 { current += "   "; currentWidth += 3 }
      current += shown
      currentWidth += w
    }
    if currentWidth > 0 { lines.append(current) }
    return lines
  }
}

/// Free text in a chart (titles, labels, notes), made to fit the charset and the width.
enum Text {
  static func plain(_ text: String, _ options: PlotOptions) -> String {
    options.unicode ? text : TextWidth.asciiSpelling(text)
  }

  static func line(_ text: String, _ options: PlotOptions) -> String {
    TextWidth.truncate(plain(text, options), to: options.width, ascii: !options.unicode)
  }

  static func block(_ text: String, _ options: PlotOptions) -> [String] {
    TextWidth.wrap(plain(text, options), to: options.width, ascii: !options.unicode)
  }

  /// The typographic characters of psd's own wording, spelled in ASCII (one table for charts
  /// and messages: TextWidth.asciiSpelling).
  static func asciiPunctuation(_ text: String) -> String { TextWidth.asciiSpelling(text) }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}

import Foundation
import PSDCore

/// A client's probability of default on a bar, with the threshold marked and the decision.
package enum Gauge {
  /// Refused when the probability is at or above the threshold (the notebook's rule).
  package static func render(
    probability: Double, threshold: Double, client: String,
    options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    for (name, v) in [("probability", probability), ("threshold", threshold)] {
      guard v.isFinite, v >= 0, v <= 1 else {
        throw PSDError.data(
          "gauge: the \(name) must lie between 0 and 1, got \(Format.compact(v))",
          subject: name == "threshold" ? "threshold" : nil)
      }
    }
    let refused = probability >= threshold
    let decision = refused ? "REFUSED" : "GRANTED"
    let comparison = refused ? "≥" : "<"
    let color: PlotColor = refused ? .red : .green
    let ascii = !options.unicode

    // Zoom when both values are small (default rates near 8 %): the whole 0-1 scale would
    // squeeze them into a few cells.
    let upper = scale(probability: probability, threshold: threshold)
    let area = options.width
    func cell(_ v: Double) -> Int { min(area - 1, max(0, Int((v / upper * Double(area)).rounded(.down)))) }

    var lines = Text.block(
      "client \(client) \(decision): probability \(Format.fixed(probability, 3)) "
        + "\(comparison) threshold \(Format.fixed(threshold, 3))", options)
    if options.color { lines[0] = lines[0].replacingFirst(decision, with: color.wrap(decision)) }

    let glyphs = BarGlyphs(options)
    let filled = glyphs.horizontal(eighths: Int((probability / upper * Double(area * 8)).rounded()))
    var bar = Array(filled.prefix(area))
    bar += Array(repeating: Character(" "), count: area - bar.count)
    let t = cell(threshold)
    bar[t] = ascii ? "|" : "┃"
    let barText: String
    if options.color {
      let end = min(area, filled.count)
      barText = String(bar[..<end]).colored(color) + String(bar[end...])
    } else {
      barText = String(bar)
    }
    lines.append(barText.trimmingTrailingSpaces())
    lines.append(barText.trimmingTrailingSpaces())

    var axis = Array(repeating: Character(ascii ? "-" : "─"), count: area)
    let ticks = Ticks.nice(0, upper, count: max(2, min(10, area / 10)))
    for v in ticks { axis[cell(v)] = ascii ? "+" : "┬" }
    axis[t] = ascii ? "^" : "▲"
    lines.append(String(axis))
    var tickRow = Array(repeating: Character(" "), count: area)
    var nextFree = 0
    for (v, text) in zip(ticks, Format.ticks(ticks)) {
      let chars = Array(text)
      let start = max(nextFree, min(cell(v) - chars.count / 2, area - chars.count))
      guard start + chars.count <= area else { continue }
      for (k, ch) in chars.enumerated() { tickRow[start + k] = ch }
      nextFree = start + chars.count + 1
    }
    lines.append(String(tickRow).trimmingTrailingSpaces())
    let pointer = (ascii ? "^" : "▲") + " threshold " + Format.fixed(threshold, 3)
    let pointerWidth = TextWidth.columns(pointer)
    if t + pointerWidth <= area {
      lines.append(String(repeating: " ", count: t) + pointer)
    } else {
      let left = "threshold " + Format.fixed(threshold, 3) + " " + (ascii ? "^" : "▲")
      lines.append(String(repeating: " ", count: max(0, t - TextWidth.columns(left) + 1)) + left)
    }
    if upper < 1 {
      lines.append(contentsOf: Text.block("scale 0 to \(Format.compact(upper)), zoomed to the values", options))
    }
    return lines
  }
}

extension Gauge {
  /// The top of the gauge's scale, shared by the text and SVG renderers: 1, or a round value
  /// a quarter above the larger of the two when both are small (default rates near 8 %).
  package static func scale(probability: Double, threshold: Double) -> Double {
    let reach = max(probability, threshold) * 1.25
    guard reach < 0.5 else { return 1 }
    let step = Ticks.step(for: reach, count: 4)
    return min(1, (reach / step).rounded(.up) * step)
  }
}

extension String {
  func colored(_ color: PlotColor) -> String { color.wrap(self) }

  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}

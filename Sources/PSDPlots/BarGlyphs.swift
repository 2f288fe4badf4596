/// The characters bars are drawn with. Classes differ by texture as well as colour, so they
/// stay apart without colour: solid blocks (eighths), braille dots (quarters), shades.
struct BarGlyphs {
  enum Style { case solid, dotted, shade, light }

  static let classStyles: [Style] = [.solid, .dotted, .shade, .light]

  let unicode: Bool

  init(_ options: PlotOptions) { unicode = options.unicode }

  private static let eighths: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
  private static let horizontalEighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
  private static let brailleQuarters: [Character] = ["⣀", "⣤", "⣶", "⣿"]

  func full(_ style: Style) -> Character {
    if !unicode {
      switch style {
      case .solid: return "#";
      case .dotted: return "+";
      case .shade: return "=";
      case .light: return ":"
      }
    }
    switch style {
    case .solid: return "█";
    case .dotted: return "⣿";
    case .shade: return "▒";
    case .light: return "░"
    }
  }

  func sample(_ style: Style) -> String { String(repeating: full(style), count: 2) }

  /// A vertical bar `eighths`/8 cells tall in one column, from the bottom row up.
  func vertical(_ canvas: inout Canvas, column: Int, eighths: Int, style: Style, color: PlotColor?) {
    for r in 0..<canvas.rows {
      let fill = eighths - r * 8
      guard fill > 0 else { break }
      let row = canvas.rows - 1 - r
      if fill >= 8 {
        canvas.put(full(style), column: column, row: row, color: color)
        continue
      }
      switch (unicode, style) {
      case (true, .solid):
        canvas.put(Self.eighths[fill - 1], column: column, row: row, color: color)
      case (true, .dotted):
        let quarters = (fill + 1) / 2
        if quarters > 0 { canvas.put(Self.brailleQuarters[quarters - 1], column: column, row: row, color: color) }
      default:
        if fill >= 4 { canvas.put(full(style), column: column, row: row, color: color) }
      }
    }
  }

  /// A horizontal bar of `eighths`/8 cells as text.
  func horizontal(eighths: Int, style: Style = .solid) -> String {
    let whole = eighths / 8, rest = eighths % 8
    var text = String(repeating: full(style), count: whole)
    if rest > 0 {
      if unicode && style == .solid {
        text.append(Self.horizontalEighths[rest - 1])
      } else if rest >= 4 {
        text.append(full(style))
      }
    }
    return text
  }

  /// Two classes over each other in one column: where only the first reaches, only the
  /// second, or both. Heights in whole cells.
  func overlay(
    _ canvas: inout Canvas, column: Int, first: Int, second: Int,
    colors: (PlotColor, PlotColor)
  ) {
    for r in 0..<min(canvas.rows, max(first, second)) {
      let row = canvas.rows - 1 - r
      switch (r < first, r < second) {
      case (true, true): canvas.put(overlayGlyph(2), column: column, row: row, color: nil)
      case (true, false): canvas.put(overlayGlyph(0), column: column, row: row, color: colors.0)
      case (false, true): canvas.put(overlayGlyph(1), column: column, row: row, color: colors.1)
      default: break
      }
    }
  }

  func overlayGlyph(_ which: Int) -> Character {
    unicode ? (["░", "▒", "█"] as [Character])[which] : ([":", "+", "#"] as [Character])[which]
  }

  func overlaySample(_ which: Int) -> String { String(repeating: overlayGlyph(which), count: 2) }
}

/// A grid of character cells, each holding either braille dots (2 wide × 4 high, the finest
/// resolution a terminal offers) or one glyph (a bar block, a mark, an axis). Row 0 is the top.
struct Canvas {
  struct Cell {
    var dots: UInt8 = 0
    /// What a cell with dots shows in ASCII; the series with the highest priority wins.
    var asciiMark: Character?
    var asciiPriority = -1
    /// How many points fell in the cell (scatter density in ASCII).
    var hits = 0
    var glyph: Character?
    var color: PlotColor?
  }

  let columns: Int
  let rows: Int
  private(set) var cells: [Cell]

  init(columns: Int, rows: Int) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    cells = Array(repeating: Cell(), count: self.columns * self.rows)
  }

  var dotWidth: Int { columns * 2 }
  var dotHeight: Int { rows * 4 }

  // Braille bit for (column in cell 0-1, row in cell 0-3 from the top).
  private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

  /// Sets a dot; `y` counts from the bottom so charts can think in data direction.
  mutating func dot(x: Int, y: Int, color: PlotColor? = nil, asciiMark: Character? = nil, priority: Int = 0) {
    guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
    let column = x / 2
    let rowFromTop = rows - 1 - y / 4
    let index = rowFromTop * columns + column
    cells[index].dots |= Self.bits[x % 2][3 - y % 4]
    cells[index].hits += 1
    if priority >= cells[index].asciiPriority {
      cells[index].asciiPriority = priority
      cells[index].asciiMark = asciiMark
      if let color { cells[index].color = color }
    }
  }

  /// Puts a glyph in a cell (row from the top). `overwrite: false` keeps existing dots/glyphs.
  mutating func put(_ glyph: Character, column: Int, row: Int, color: PlotColor? = nil, overwrite: Bool = true) {
    guard column >= 0, row >= 0, column < columns, row < rows else { return }
    let index = row * columns + column
    if !overwrite && (cells[index].glyph != nil || cells[index].dots != 0) { return }
    cells[index].glyph = glyph
    cells[index].dots = 0
    cells[index].color = color
  }

  func isEmpty(column: Int, row: Int) -> Bool {
    let cell = cells[row * columns + column]
    return cell.glyph == nil && cell.dots == 0
  }

  /// How a line is drawn: every dot, two dots in three (a data curve told apart without
  /// colour), or one in three (a reference line).
  enum Stroke { case solid, dashed, dotted }

  /// Line between two dot positions (Bresenham).
  mutating func line(
    from a: (Int, Int), to b: (Int, Int), color: PlotColor?, asciiMark: Character,
    priority: Int, stroke: Stroke, phase: inout Int
  ) {
    var (x0, y0) = a
    let (x1, y1) = b
    let dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1
    let dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1
    var err = dx + dy
    while true {
      let drawn: Bool
      switch stroke {
      case .solid: drawn = true
      case .dashed: drawn = phase % 3 != 2
      case .dotted: drawn = phase % 3 == 0
      }
      if drawn {
        dot(x: x0, y: y0, color: color, asciiMark: asciiMark, priority: priority)
      }
      phase += 1
      if x0 == x1 && y0 == y1 { break }
      let e2 = 2 * err
      if e2 >= dy { err += dy; x0 += sx }
      if e2 <= dx { err += dx; y0 += sy }
    }
  }

  /// One string per row, exactly `columns` wide.
  func render(_ options: PlotOptions) -> [String] {
    (0..<rows).map { row in
      var line = ""
      var runColor: PlotColor?
      var run = ""
      func flush() {
        if let c = runColor, options.color { line += c.wrap(run) } else { line += run }
        run = ""
      }
      for column in 0..<columns {
        let cell = cells[row * columns + column]
        let ch: Character
        if let glyph = cell.glyph {
          ch = glyph
        } else if cell.dots != 0 {
          if options.unicode {
            ch = Character(Unicode.Scalar(0x2800 + UInt32(cell.dots))!)
          } else if let mark = cell.asciiMark {
            ch = mark
          } else {
            ch = cell.hits >= 5 ? "@" : (cell.hits >= 2 ? "o" : ".")
          }
        } else {
          ch = " "
        }
        let color = ch == " " ? nil : cell.color
        if color != runColor { flush(); runColor = color }
        run.append(ch)
      }
      flush()
      return line
    }
  }
}

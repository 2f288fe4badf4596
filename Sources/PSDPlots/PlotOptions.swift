import PSDCore

/// Which characters a chart may use. The notebook picks `.ascii` when the locale is not UTF-8
/// or the user asks for it; the library never looks at the environment.
package enum PlotCharset: String, Sendable, CaseIterable {
  /// Braille dots (2×4 per cell), eighth blocks and box drawing.
  case unicode
  /// Printable ASCII only, for terminals and logs that cannot show Unicode.
  case ascii
}

/// The size and look of one chart, decided by the caller (the notebook reads the terminal).
package struct PlotOptions: Sendable, Equatable {
  /// No output line is wider than this many terminal columns.
  package var width: Int
  /// Rows of the drawing area (titles, axes, legend and notes come on top of it).
  package var height: Int
  package var charset: PlotCharset
  /// ANSI colours; the notebook passes false when stdout is not a terminal or NO_COLOR is set.
  package var color: Bool

  package static let minimumWidth = 30
  package static let maximumWidth = 1000
  package static let minimumHeight = 4
  package static let maximumHeight = 200

  package init(width: Int = 80, height: Int = 16, charset: PlotCharset = .unicode, color: Bool = false) {
    self.width = width
    self.height = height
    self.charset = charset
    self.color = color
  }

  /// A clear message for sizes no chart can be drawn in, instead of a squashed box.
  package func validated() throws -> PlotOptions {
    guard width >= Self.minimumWidth, width <= Self.maximumWidth else {
      throw PSDError.usage(
        "width=\(width) is out of range: charts need \(Self.minimumWidth) to \(Self.maximumWidth) columns",
        subject: "width")
    }
    guard height >= Self.minimumHeight, height <= Self.maximumHeight else {
      throw PSDError.usage(
        "height=\(height) is out of range: charts need \(Self.minimumHeight) to \(Self.maximumHeight) rows",
        subject: "height")
    }
    return self
  }

  var unicode: Bool { charset == .unicode }
}

/// The 16-colour ANSI palette the charts use; a series keeps its colour across charts
/// (good clients green, bad clients red, marks yellow).
package enum PlotColor: Int, Sendable {
  case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90

  static let seriesPalette: [PlotColor] = [.green, .red, .blue, .magenta, .cyan]

  func wrap(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
}

import PSDPlots

/// Chart size and look from the session settings, overridden by the statement's options.
/// The front end decides what the terminal can show (width, UTF-8, colour); charts obey.
enum PlotSettings {
  static let defaultHeight = 15

  static func options(_ c: CommandContext) throws -> PlotOptions {
    let charset =
      c.hasOption("charset")
      ? try c.choice("charset", as: PlotCharset.self)
      : PlotCharset(rawValue: c.settings.charset) ?? .unicode
    var options = PlotOptions(
      width: try c.int("width", default: c.settings.width),
      height: try c.intValue("height"),
      charset: charset,
      color: c.settings.color)
    options = try options.validated()
    return options
  }
}

/// One chart drawn twice from the same numbers: terminal text, and an SVG document for
/// `out="x.svg"` and the HTML report. Notes are lines said under the chart either way.
struct DrawnChart {
  var lines: [String]
  var svg: String
  var notes: [String] = []
  /// Said only with the SVG (the terminal chart already prints it in its own notes).
  var svgNotes: [String] = []
}

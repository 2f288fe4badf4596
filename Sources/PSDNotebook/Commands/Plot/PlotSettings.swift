import PSDPlots

/// Chart size and look from the session settings, overridden by the statement's options.
/// The front end decides what the terminal can show (width, UTF-8, colour); charts obey.
enum PlotSettings {
  static let defaultHeight = 15

  static func options(_ c: CommandContext) throws -> PlotOptions {
    let charset = try c.choice("charset", PlotCharset.allCases.map(\.rawValue), default: c.settings.charset)
    var options = PlotOptions(
      width: try c.int("width", default: c.settings.width),
      height: try c.int("height", default: defaultHeight),
      charset: PlotCharset(rawValue: charset) ?? .unicode,
      color: c.settings.color)
    options = try options.validated()
    return options
  }
}

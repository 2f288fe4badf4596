import Foundation
import PSDCore
import PSDModels
import PSDPlots

/// `plot-ascii KIND ...`: charts in the terminal. The chart kinds live in Commands/Plot/; this
/// file holds the command row and the dispatch.
enum PlotASCIICommand {
  static let kinds = ["hist", "bar", "scatter", "roc", "pr", "cost", "scores", "calibration", "waterfall", "gauge"]

  static let spec = CommandSpec(
    name: "plot-ascii", topic: "charts",
    usage: [
      "plot-ascii hist FRAME.COL [bins=N] [by TARGET] [layout=side|overlay] [client=ID]",
      "plot-ascii bar FRAME.COL [limit=N]",
      "plot-ascii bar FRAME.COL by TARGET [bins=N|BINNING]",
      "plot-ascii bar importance MODEL [limit=N]",
      "plot-ascii scatter FRAME.A FRAME.B",
      "plot-ascii roc MODEL on FRAME",
      "plot-ascii roc [MODEL, MODEL, ...] on FRAME",
      "plot-ascii pr MODEL on FRAME",
      "plot-ascii cost MODEL on FRAME fn=10 fp=1",
      "plot-ascii scores MODEL on FRAME [threshold=T]",
      "plot-ascii calibration MODEL on FRAME [bins=N]",
      "plot-ascii waterfall MODEL on FRAME client=ID [limit=N]",
      "plot-ascii gauge MODEL on FRAME client=ID [threshold=T]"
    ],
    summary:
      "draw a chart in the terminal: histogram, bars, scatter, ROC, PR, cost, scores, calibration, waterfall, gauge",
    details: """
      Charts use braille dots and block characters, or plain ASCII with charset=ascii (the default \
      when the locale is not UTF-8). They fit the session width (set width=N, or width= here); no \
      line is wider. Colour is used only on a terminal and never when NO_COLOR is set. Missing values \
      are counted and said under the chart, never silently dropped. `hist ... by TARGET` scales each \
      class to its own total so a minority class stays visible. `bar X.COL by TARGET` draws the default rate \
      per level or bin (the bins of `crosstab`) with the overall rate marked.
      """,
    options: [
      OptionSpec(
        "bins", .countOrBinning(.atLeast(0)),
        default: .described("histogram: as many as fit; calibration: 10; bar by TARGET: 10"),
        "histogram bins, calibration bins, or bar by TARGET bins (N or a binning)"),
      OptionSpec(
        "layout", .choice(Histogram.Layout.self), default: .text(Histogram.Layout.sideBySide.rawValue),
        "hist by class: bars side by side or overlaid"),
      OptionSpec(
        "limit", .integer(.atLeast(0)), default: .described("20 bars, 12 contributions"),
        "bars or contributions shown; the rest are summed"),
      OptionSpec("fn", .number(.atLeast(0)), default: 10, "cost of a missed default (cost chart)", as: "COST"),
      OptionSpec("fp", .number(.atLeast(0)), default: 1, "cost of a refused good client (cost chart)", as: "COST"),
      OptionSpec(
        "threshold", .number(.between(0, 1)), default: .described("the model's, else 0.5"), "decision threshold",
        as: "T"),
      OptionSpec("client", .client, "the client for waterfall and gauge; on hist, marks the client's value"),
      OptionSpec("id", .column, default: .described("the session's, set id=COL"), "id column of client="),
      OptionSpec(
        "width", .integer(.between(Double(PlotOptions.minimumWidth), Double(PlotOptions.maximumWidth))),
        default: .described("the session width"), "chart width in columns"),
      OptionSpec(
        "height", .integer(.between(Double(PlotOptions.minimumHeight), Double(PlotOptions.maximumHeight))),
        default: .value(.integer(PlotSettings.defaultHeight)), "rows of the drawing area"),
      OptionSpec(
        "charset", .choice(PlotCharset.self), default: .described("the session charset"), "characters to draw with"),
      OptionSpec(
        "out", .path, "write the chart as an SVG document instead of drawing it in the terminal", as: "FILE.svg")
    ],
    examples: [
      "plot-ascii hist app.AMT_CREDIT bins=40",
      "plot-ascii hist app.EXT_SOURCE_3 by TARGET client=100002",
      "plot-ascii bar app.NAME_CONTRACT_TYPE",
      "plot-ascii bar app.NAME_EDUCATION_TYPE by TARGET",
      "plot-ascii scatter app.AMT_CREDIT app.AMT_ANNUITY",
      "plot-ascii roc m on te",
      "plot-ascii cost m on te fn=10 fp=1",
      "plot-ascii waterfall m on te client=100002",
      "plot-ascii gauge m on te client=100002 out=\"gauge.svg\""
    ],
    keywords: kinds + ["by", "on", "importance"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (kind, expr) = try c.word("a chart kind (\(kinds.joined(separator: ", ")))")
    let options = try PlotSettings.options(c)
    let out = try c.string("out")
    if let out, !out.lowercased().hasSuffix(".svg") {
      throw c.error(
        "plot-ascii: out= writes SVG: give a file name ending in .svg, got '\(out)'", at: c.option("out")?.value)
    }
    let chart: DrawnChart
    switch kind {
    case "hist", "histogram": chart = try FramePlots.histogram(c, options)
    case "bar", "bars": chart = try FramePlots.bars(c, options)
    case "scatter": chart = try FramePlots.scatter(c, options)
    case "roc", "pr", "cost", "scores", "calibration", "waterfall", "gauge":
      chart = try ModelPlots.chart(kind, c, options)
    default:
      var notes = ["charts: " + kinds.joined(separator: ", ")]
      if let best = Suggestions.closest(to: kind, among: kinds) { notes.insert("did you mean '\(best)'?", at: 0) }
      throw c.error("plot-ascii: no chart '\(kind)'", at: expr, notes: notes)
    }
    if let out {
      try c.checkArgumentsRead()
      try AtomicFile.write(Data(chart.svg.utf8), to: c.session.resolvePath(out))
      for note in chart.svgNotes + chart.notes { c.print(note) }
      c.print("wrote the \(kind) chart as SVG to \(out)")
    } else {
      c.print((chart.lines + chart.notes).joined(separator: "\n"))
      // The HTML report shows the same chart as SVG instead of the braille text.
      c.attachFigure(chart.svg, notes: chart.svgNotes + chart.notes)
    }
  }
}

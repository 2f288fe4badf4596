import PSDCore

/// One variable against another, each point a braille dot (a cell holds 2×4 of them).
package enum ScatterPlot {
  /// Rows where either value is missing are counted and said, not drawn.
  package static func render(
    x: [Double], y: [Double], xLabel: String, yLabel: String,
    options: PlotOptions = PlotOptions()
  ) throws -> [String] {
    let options = try options.validated()
    guard x.count == y.count else {
      throw PSDError.data("'\(xLabel)' and '\(yLabel)' have different lengths (\(x.count) and \(y.count))")
    }
    var xs: [Double] = [], ys: [Double] = []
    xs.reserveCapacity(x.count)
    ys.reserveCapacity(y.count)
    for i in x.indices where x[i].isFinite && y[i].isFinite {
      xs.append(x[i])
      ys.append(y[i])
    }
    let missing = x.count - xs.count
    if xs.isEmpty && missing > 0 {
      throw PSDError.data(
        "no row has both '\(xLabel)' and '\(yLabel)': all \(Format.count(missing)) rows miss one of them")
    }
    let xr = try PlotInput.range(xs, missing: 0, label: xLabel, chart: "scatter plot")
    let yr = try PlotInput.range(ys, missing: 0, label: yLabel, chart: "scatter plot")
    var plot = XYPlot(x: xr, y: yr, options: options)
    for i in xs.indices { plot.point(xs[i], ys[i], color: .blue) }
    var notes: [String] = []
    if missing > 0 {
      notes.append("\(Format.count(missing)) rows with a missing value not shown")
    }
    if !options.unicode { notes.append(". 1 point   o 2-4 points   @ 5 or more (per cell)") }
    return plot.compose(
      title: "\(yLabel) against \(xLabel) (\(Format.count(xs.count)) points)",
      yTitle: yLabel, xTitle: xLabel, legend: [], notes: notes)
  }
}

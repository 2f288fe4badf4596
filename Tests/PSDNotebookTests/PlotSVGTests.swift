import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Testing
@testable import PSDNotebook

/// `plot-ascii ... out="x.svg"` writes every chart kind as SVG (the dashboard's renderer), and the
/// HTML report shows plot cells as SVG instead of braille text.
@Suite struct PlotSVGTests {
  func scratch() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("psd-svg-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func everyChartKindWritesWellFormedSVG() throws {
    let (s, out) = try chartModelSession()
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    s.baseDirectory = dir
    let charts = [
      "hist app.EXT_SOURCE_3", "hist app.EXT_SOURCE_3 by TARGET client=100003", "bar app.TARGET",
      "scatter app.EXT_SOURCE_3 app.NOISE", "roc m on app", "pr m on app", "cost m on app",
      "scores m on app", "calibration m on app", "waterfall m on app client=100003",
      "gauge m on app client=100003", "bar importance m"
    ]
    for (i, chart) in charts.enumerated() {
      #expect(
        s.run(script: "plot-ascii \(chart) out=\"c\(i).svg\"\n", file: "t.psd") == .succeeded, "\(chart): \(out.stderr)"
      )
      let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/c\(i).svg"))
      let parser = XMLParser(data: data)
      #expect(parser.parse(), "\(chart): not well-formed XML")
      let text = String(decoding: data, as: UTF8.self)
      #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && text.contains("<title>"), "\(chart)")
    }
    #expect(out.stdout.contains("wrote the gauge chart as SVG to c10.svg"))
    // The gauge says the decision in words, as the terminal one does.
    let gauge = try String(contentsOfFile: "\(dir)/c10.svg", encoding: .utf8)
    #expect(gauge.contains("client 100003 GRANTED") || gauge.contains("client 100003 REFUSED"))
  }

  @Test func outMustBeAnSVGFileAndNothingIsWrittenOnError() throws {
    let (s, out) = try chartModelSession()
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    s.baseDirectory = dir
    #expect(s.run(script: "plot-ascii roc m on app out=\"roc.png\"\n", file: "t.psd") != .succeeded)
    #expect(out.stderr.contains("ending in .svg"))
    #expect(s.run(script: "plot-ascii gauge m on app client=1 out=\"g.svg\"\n", file: "t.psd") != .succeeded)
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/g.svg"))
  }

  @Test func htmlReportEmbedsTheChartAsSVG() throws {
    let (s, _) = try chartModelSession()
    #expect(s.run(script: "plot-ascii gauge m on app client=100003\nprint \"done\"\n", file: "r.psd") == .succeeded)
    let report = try NotebookReport.of(session: s, script: "r.psd", scriptText: nil, outcome: .succeeded)
    let html = report.html()
    #expect(html.contains("<figure class=\"chart\">\n<svg viewBox="))
    #expect(!html.contains("┃") && !html.contains("http://"))  // no braille bar, no URL
    #expect(html.contains("<pre class=\"output\">done"))  // other cells keep their text
    // The Markdown report keeps the terminal chart.
    #expect(report.markdown().contains("┃"))
  }
}

import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Testing
@testable import PSDPlots

/// The SVG renderer: well-formed XML, the elements a reader needs, and positions that follow the
/// numbers (the same scale as the terminal gauge).
@Suite struct SVGChartTests {
  /// Element names and attributes, parsed by a real XML parser (a malformed document fails).
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      elements.append((name, attributes))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
  }

  func parse(_ svg: String) throws -> Collector {
    let parser = XMLParser(data: Data(svg.utf8))
    let c = Collector()
    parser.delegate = c
    #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    #expect(c.elements.first?.name == "svg")
    #expect(c.elements.contains { $0.name == "title" })
    return c
  }

  @Test func gaugeMarksTheThresholdAndSaysTheDecision() throws {
    let svg = try SVGChart.gauge(probability: 0.12, threshold: 0.08, client: "100002")
    let c = try parse(svg)
    #expect(c.texts.joined().contains("client 100002 REFUSED: probability 0.120 ≥ threshold 0.080"))
    // The same zoomed scale as the terminal gauge: 0 to 0.15, 520 px from x = 20.
    #expect(abs(Gauge.scale(probability: 0.12, threshold: 0.08) - 0.15) < 1e-12)
    let bar = try #require(c.elements.first { $0.attributes["data-role"] == "probability" })
    #expect(bar.attributes["width"] == "416")  // 0.12 / 0.15 × 520
    let tick = try #require(c.elements.first { $0.attributes["data-role"] == "threshold" })
    #expect(tick.attributes["x1"] == "297.33")  // 20 + 0.08 / 0.15 × 520
    let granted = try parse(try SVGChart.gauge(probability: 0.03, threshold: 0.08, client: "7"))
    #expect(granted.texts.joined().contains("GRANTED"))
    #expect(throws: (any Error).self) { try SVGChart.gauge(probability: 1.5, threshold: 0.08, client: "x") }
  }

  @Test func waterfallUsesTheTerminalRowsAndEscapesLabels() throws {
    let contributions: [(label: String, value: Double)] = [
      ("age <30 & \"young\"", 0.4), ("income", -0.2), ("a", 0.01), ("b", 0.02)
    ]
    #expect(
      Waterfall.rows(contributions, limit: 2).map(\.label) == ["age <30 & \"young\"", "income", "2 other features"])
    let c = try parse(try SVGChart.waterfall(base: -2, contributions: contributions, title: "w", limit: 2))
    let text = c.texts.joined(separator: "|")
    // Escaped in the file, read back by the parser (which hands entities over as separate pieces).
    #expect(c.texts.joined().contains("age <30 & \"young\""))
    #expect(text.contains("+0.030"))  // the two small ones summed
    #expect(text.contains("-1.770"))  // final score: −2 + 0.23
  }

  @Test func classHistogramMarksTheClientsBinAndHatchesDefaulters() throws {
    let bins = [
      SVGChart.ClassBin(label: "0–10", from: 0, to: 10, good: 80, bad: 5),
      SVGChart.ClassBin(label: "10–20", from: 10, to: 20, good: 20, bad: 15)
    ]
    let c = try parse(try SVGChart.classHistogram(bins, title: "x", marker: .init(value: 14, label: "client 9: 14")))
    let marker = try #require(c.elements.first { $0.attributes["data-role"] == "client" })
    #expect(marker.attributes["x1"] == "438")  // 48 + 1.5 × 260: the second bin's centre
    #expect(c.elements.contains { $0.name == "pattern" })
    #expect(c.texts.joined().contains("clients who defaulted"))
    #expect(c.texts.joined().contains("client 9: 14"))
  }

  @Test func curveDrawsEveryPointAndTheMark() throws {
    let c = try parse(
      try SVGChart.curve(
        x: [0, 0.5, 1], y: [10, 4, 8], title: "cost", xLabel: "t", yLabel: "c",
        mark: (0.5, "threshold 0.500")))
    let line = try #require(c.elements.first { $0.name == "polyline" })
    #expect(line.attributes["points"]?.split(separator: " ").count == 3)
    #expect(c.elements.contains { $0.attributes["data-role"] == "mark" })
    #expect(throws: (any Error).self) { try SVGChart.curve(x: [1], y: [1], title: "", xLabel: "", yLabel: "") }
  }

  @Test func barsSaySignInTextNotOnlyColour() throws {
    let c = try parse(try SVGChart.bars([("debt", 0.5), ("age", -0.25)], title: "reasons"))
    let text = c.texts.joined(separator: "|")
    #expect(text.contains("+0.500") && text.contains("−0.250") && text.contains("raises the risk"))
  }
}

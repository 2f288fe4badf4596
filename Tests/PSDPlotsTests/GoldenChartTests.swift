import PSDCore
import Foundation
import Testing
@testable import PSDPlots

/// Every chart at a fixed size, compared with text a person has read and approved.
@Suite struct GoldenChartTests {
  static let unicode = PlotOptions(width: 64, height: 10)
  static let ascii = PlotOptions(width: 64, height: 10, charset: .ascii)

  static func charts() throws -> [(String, [String])] {
    let (good, bad) = Fixtures.scoresByClass()
    let (pGood, pBad) = Fixtures.probabilities()
    return [
      ("histogram", try Histogram.render(values: Fixtures.amounts(), label: "AMT_CREDIT", bins: 40, options: unicode)),
      (
        "histogram-ascii",
        try Histogram.render(values: Fixtures.amounts(), label: "AMT_CREDIT", bins: 40, options: ascii)
      ),
      (
        "histogram-by-class",
        try Histogram.renderByClass(
          classes: [("TARGET=0", good), ("TARGET=1", bad)], label: "EXT_SOURCE_3", classLabel: "TARGET",
          bins: 25, options: unicode)
      ),
      (
        "histogram-by-class-overlay",
        try Histogram.renderByClass(
          classes: [("TARGET=0", good), ("TARGET=1", bad)], label: "EXT_SOURCE_3", classLabel: "TARGET",
          bins: 25, layout: .overlaid, options: unicode)
      ),
      (
        "histogram-by-class-marker",
        try Histogram.renderByClass(
          classes: [("TARGET=0", good), ("TARGET=1", bad)], label: "EXT_SOURCE_3", classLabel: "TARGET",
          bins: 25, marker: Histogram.Marker(value: 0.31, label: "client 100002: EXT_SOURCE_3 = 0.31"),
          options: unicode)
      ),
      (
        "histogram-by-class-ascii",
        try Histogram.renderByClass(
          classes: [("TARGET=0", good), ("TARGET=1", bad)], label: "EXT_SOURCE_3", classLabel: "TARGET",
          bins: 25, options: ascii)
      ),
      (
        "bar-counts",
        try BarChart.render(
          bars: [
            ("Secondary / secondary special", 218_391), ("Higher education", 74_863),
            ("Incomplete higher", 10_277), ("Lower secondary", 3_816), ("Academic degree", 164)
          ],
          title: "NAME_EDUCATION_TYPE (307,511 rows)", missing: 1_234, options: unicode)
      ),
      (
        "bar-importance-ascii",
        try BarChart.render(
          bars: [
            ("EXT_SOURCE_3", 0.1843), ("EXT_SOURCE_2", 0.1621), ("EXT_SOURCE_1", 0.0712),
            ("DAYS_BIRTH", 0.0534), ("AMT_ANNUITY", 0.0412), ("DAYS_EMPLOYED", 0.0398)
          ],
          title: "importance of m (mean |SHAP|)", valueStyle: .number, limit: 5, options: ascii)
      ),
      (
        "scatter",
        try ScatterPlot.render(
          x: Fixtures.amounts(), y: Fixtures.amounts().map { $0 * 0.05 + 5000 }, xLabel: "AMT_CREDIT",
          yLabel: "AMT_ANNUITY", options: unicode)
      ),
      (
        "roc",
        try CurveCharts.roc(
          falsePositiveRate: Fixtures.rates, truePositiveRate: Fixtures.roc,
          auc: 0.722, model: "m", options: unicode)
      ),
      (
        "roc-ascii",
        try CurveCharts.roc(
          falsePositiveRate: Fixtures.rates, truePositiveRate: Fixtures.roc,
          auc: 0.722, model: "m", options: ascii)
      ),
      (
        "pr",
        try CurveCharts.precisionRecall(
          recall: Fixtures.rates, precision: Fixtures.rates.map { 0.081 + 0.5 * pow(1 - $0, 2) },
          defaultRate: 0.081, averagePrecision: 0.243, model: "m", options: unicode)
      ),
      (
        "cost",
        try CurveCharts.cost(
          thresholds: Fixtures.rates, costs: Fixtures.rates.map { 23_000 + 40_000 * pow($0 - 0.35, 2) },
          costLabel: "cost 10×FN + 1×FP", chosen: 0.5, model: "m", options: unicode)
      ),
      (
        "calibration",
        try CurveCharts.calibration(
          predicted: [0.02, 0.05, 0.09, 0.14, 0.21, 0.33], observed: [0.018, 0.061, 0.083, 0.16, 0.19, 0.37],
          counts: [900, 600, 300, 150, 80, 30], model: "m", options: unicode)
      ),
      (
        "scores",
        try CurveCharts.scoreDensities(
          good: pGood, bad: pBad, threshold: 0.4, goodLabel: "repaid (TARGET=0)",
          badLabel: "defaulted (TARGET=1)", model: "m", options: unicode)
      ),
      (
        "scores-ascii",
        try CurveCharts.scoreDensities(
          good: pGood, bad: pBad, threshold: 0.4, goodLabel: "repaid (TARGET=0)",
          badLabel: "defaulted (TARGET=1)", model: "m", options: ascii)
      ),
      (
        "waterfall",
        try Waterfall.render(
          base: -2.433, contributions: Fixtures.contributions, title: "client 100002: contributions to the score of m",
          finalNote: "probability of default 0.199", limit: 6, options: unicode)
      ),
      (
        "waterfall-ascii",
        try Waterfall.render(
          base: -2.433, contributions: Fixtures.contributions, title: "client 100002: contributions to the score of m",
          finalNote: "probability of default 0.199", limit: 6, options: ascii)
      ),
      ("gauge-refused", try Gauge.render(probability: 0.612, threshold: 0.42, client: "100002", options: unicode)),
      (
        "gauge-granted-zoomed",
        try Gauge.render(probability: 0.052, threshold: 0.081, client: "100003", options: unicode)
      ),
      ("gauge-ascii", try Gauge.render(probability: 0.199, threshold: 0.42, client: "100002", options: ascii))
    ]
  }

  @Test func everyChartMatchesItsGolden() throws {
    for (name, lines) in try Self.charts() {
      let (expected, actual) = Golden.check(name, lines)
      #expect(expected != nil, "no golden file Golden/\(name).txt (run with PSD_UPDATE_GOLDEN=1 and review)")
      #expect(actual == expected, "chart '\(name)' differs from Golden/\(name).txt:\n\(actual)")
    }
  }

  @Test func colourOnlyAddsEscapesAroundTheSameText() throws {
    var colored = Self.unicode
    colored.color = true
    let (pGood, pBad) = Fixtures.probabilities()
    let plain = try CurveCharts.scoreDensities(good: pGood, bad: pBad, threshold: 0.4, options: Self.unicode)
    let painted = try CurveCharts.scoreDensities(good: pGood, bad: pBad, threshold: 0.4, options: colored)
    #expect(painted.joined().contains("\u{1B}["))
    #expect(!plain.joined().contains("\u{1B}"))
    #expect(painted.map(TextWidth.stripANSI) == plain)
    let gauge = try Gauge.render(probability: 0.6, threshold: 0.4, client: "1", options: colored)
    #expect(
      gauge.map(TextWidth.stripANSI)
        == (try Gauge.render(probability: 0.6, threshold: 0.4, client: "1", options: Self.unicode)))
    let waterfall = try Waterfall.render(base: -2, contributions: Fixtures.contributions, title: "w", options: colored)
    #expect(
      waterfall.map(TextWidth.stripANSI)
        == (try Waterfall.render(base: -2, contributions: Fixtures.contributions, title: "w", options: Self.unicode)))
  }
}

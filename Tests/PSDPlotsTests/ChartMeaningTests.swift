import PSDCore
import Testing
@testable import PSDPlots

/// What the charts say, beyond their look: numbers, notes, marks and decisions.
@Suite struct ChartMeaningTests {
  @Test func tickLabelsAreShortAndReadable() {
    #expect(Format.compact(1_234_567) == "1.2M")
    #expect(Format.compact(35_000) == "35k")
    #expect(Format.compact(0.25) == "0.25")
    #expect(Format.compact(-3_600) == "-3.6k")
    #expect(Format.compact(999_999) == "1M")
    #expect(Format.compact(123.4) == "123")
    #expect(Format.compact(0.001234) == "0.00123")
    #expect(Format.compact(0) == "0")
    #expect(Format.ticks([0, 2_500, 5_000, 7_500]) == ["0", "2.5k", "5k", "7.5k"])
    #expect(Format.ticks([0, 0.25, 0.5]) == ["0", "0.25", "0.5"])
    #expect(Format.ticks([0, 500, 1_000]) == ["0", "500", "1000"])
    #expect(Format.ticks([500_000, 1_000_000]) == ["0.5M", "1M"])
    #expect(Format.ticks([-20_000, 0, 20_000]) == ["-20k", "0", "20k"])
    #expect(Format.count(1_234_567) == "1,234,567")
    #expect(Format.count(-12) == "-12")
  }

  @Test func niceTicksStayInsideTheRange() {
    let ticks = Ticks.nice(0.13, 0.91, count: 4)
    #expect(ticks == [0.2, 0.4, 0.6, 0.8])
    #expect(Ticks.nice(-3_600, 1_200_000, count: 5).allSatisfy { $0 >= -3_600 && $0 <= 1_200_000 })
  }

  @Test func missingValuesAreSaid() throws {
    let lines = try Histogram.render(
      values: [1, 2, 3, .nan, .infinity] + Array(repeating: Double.nan, count: 1_230),
      label: "A", options: PlotOptions(width: 40, height: 5))
    #expect(lines.contains("1,232 missing not shown"))
    let bars = try BarChart.render(bars: [("M", 10), ("F", 20)], title: "CODE_GENDER", missing: 4)
    #expect(bars.last == "4 missing not shown")
  }

  @Test func histogramBarsFollowTheCounts() throws {
    // Bins: [0, 0.5) holds 3 values, [0.5, 1] holds 1: the first bar is three times the second.
    let lines = try Histogram.render(
      values: [0, 0.1, 0.2, 1], label: "A", bins: 2,
      options: PlotOptions(width: 30, height: 6, charset: .ascii))
    // Drawing rows come after the title and "count"; each starts after the axis character.
    let bodies = lines[2..<8].map { row in String(row.drop { $0 != "|" && $0 != "+" }.dropFirst()) }
    let firstBarRows = bodies.filter { $0.first == "#" }.count
    let bottomWidth = bodies.last!.trimmingTrailingSpaces().count
    let secondBarRows = bodies.filter { $0.trimmingTrailingSpaces().count == bottomWidth }.count
    #expect(firstBarRows == 6)
    #expect(secondBarRows == 2)
  }

  @Test func tooManyBinsAreReducedWithANote() throws {
    let lines = try Histogram.render(
      values: (0..<100).map(Double.init), label: "A", bins: 200,
      options: PlotOptions(width: 40, height: 5))
    #expect(lines.contains { $0.hasPrefix("bins=200 reduced to ") && $0.hasSuffix(" to fit width=40") })
  }

  @Test func gaugeDecidesAtTheThreshold() throws {
    let refused = try Gauge.render(probability: 0.42, threshold: 0.42, client: "100002")
    #expect(refused[0].contains("REFUSED"))
    let granted = try Gauge.render(probability: 0.41, threshold: 0.42, client: "100002")
    #expect(granted[0].contains("GRANTED"))
    #expect(granted.contains { $0.contains("▲ threshold 0.420") })
  }

  @Test func costCurveMarksTheCheapestThreshold() throws {
    let thresholds = [0.1, 0.2, 0.3, 0.4, 0.5]
    let lines = try CurveCharts.cost(thresholds: thresholds, costs: [50, 40, 12, 30, 45])
    #expect(lines[0].contains("cheapest at 0.300"))
    #expect(lines.contains { $0.contains("◆ minimum 12 at threshold 0.300") })
    #expect(lines.contains { $0.contains("◆") && !$0.contains("minimum") })
  }

  @Test func rocTitleGivesAUCAndGini() throws {
    let lines = try CurveCharts.roc(falsePositiveRate: [0, 0.5, 1], truePositiveRate: [0, 0.8, 1], auc: 0.65)
    #expect(lines[0] == "ROC curve of model — AUC 0.650 (Gini 0.300)")
  }

  @Test func waterfallAddsUpAndFlagsAMismatch() throws {
    let ok = try Waterfall.render(base: -2, contributions: [("a", 0.5), ("b", -0.25)], final: -1.75, title: "c")
    #expect(ok.contains { $0.hasPrefix("final score") && $0.hasSuffix("-1.750") })
    #expect(!ok.contains { $0.contains("unexplained") })
    let off = try Waterfall.render(base: -2, contributions: [("a", 0.5)], final: -1, title: "c")
    #expect(off.contains { $0.contains("unexplained") })
    let many = try Waterfall.render(
      base: 0, contributions: (0..<10).map { ("f\($0)", Double($0 + 1) / 10) },
      title: "c", limit: 3)
    #expect(many.contains { $0.hasPrefix("7 other features") && $0.hasSuffix("+2.800") })
  }

  @Test func widthsCountWideCharactersAndIgnoreColour() {
    #expect(TextWidth.columns("高等教育") == 8)
    #expect(TextWidth.columns("\u{1B}[31mab\u{1B}[0m") == 2)
    #expect(TextWidth.truncate("abcdef", to: 4) == "abc…")
    #expect(TextWidth.truncate("abcdef", to: 4, ascii: true) == "abc.")
  }
}

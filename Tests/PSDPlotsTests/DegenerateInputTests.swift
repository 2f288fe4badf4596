import PSDCore
import Testing
@testable import PSDPlots

/// Inputs no chart can show give a message naming the problem, never a crash or an empty box.
@Suite struct DegenerateInputTests {
  func message(_ body: () throws -> [String]) -> PSDError? {
    do {
      _ = try body()
      return nil
    } catch let error as PSDError {
      return error
    } catch {
      return nil
    }
  }

  @Test func histogramOfAConstantColumnSaysSo() {
    let error = message { try Histogram.render(values: [5, 5, 5, .nan], label: "CNT_CHILDREN") }
    #expect(error?.message.contains("'CNT_CHILDREN' is constant (every value is 5)") == true)
    #expect(error?.subject == "CNT_CHILDREN")
  }

  @Test func histogramOfOneRowSaysSo() {
    #expect(message { try Histogram.render(values: [3], label: "A") }?.message.contains("only one row") == true)
  }

  @Test func allMissingIsCounted() {
    let error = message { try Histogram.render(values: [.nan, .nan, .nan], label: "OWN_CAR_AGE") }
    #expect(error?.message == "'OWN_CAR_AGE' has no values to plot: all 3 are missing")
    #expect(
      message { try ScatterPlot.render(x: [1, .nan], y: [.nan, 2], xLabel: "A", yLabel: "B") }?
        .message.contains("no row has both 'A' and 'B'") == true)
  }

  @Test func emptyInputsSaySo() {
    #expect(message { try Histogram.render(values: [], label: "A") }?.message == "'A' is empty: nothing to plot")
    #expect(
      message { try BarChart.render(bars: [], title: "NAME_TYPE_SUITE") }?.message.contains("nothing to plot") == true)
    #expect(
      message { try Waterfall.render(base: 0, contributions: [], title: "c") }?.message.contains("no contributions")
        == true)
    #expect(message { try CurveCharts.roc(falsePositiveRate: [], truePositiveRate: [], auc: nil) } != nil)
  }

  @Test func aSingleClassCannotBeCompared() {
    let error = message {
      try Histogram.renderByClass(
        classes: [("TARGET=0", [1, 2, 3]), ("TARGET=1", [.nan])], label: "A",
        classLabel: "TARGET")
    }
    #expect(error?.message.contains("single class (TARGET=0)") == true)
    #expect(error?.notes == ["drop 'by TARGET' for a plain histogram"])
    #expect(
      message { try CurveCharts.scoreDensities(good: [0.1, 0.2], bad: [], threshold: 0.5) }?
        .message.contains("no bad clients") == true)
  }

  @Test func sizesAndOptionsOutOfRangeAreNamed() {
    let narrow = message { try Histogram.render(values: [1, 2], label: "A", options: PlotOptions(width: 10)) }
    #expect(narrow?.subject == "width")
    let flat = message { try Histogram.render(values: [1, 2], label: "A", options: PlotOptions(height: 1)) }
    #expect(flat?.subject == "height")
    #expect(message { try Histogram.render(values: [1, 2], label: "A", bins: 0) }?.subject == "bins")
    #expect(message { try Gauge.render(probability: 1.5, threshold: 0.4, client: "1") } != nil)
    #expect(message { try Gauge.render(probability: 0.5, threshold: .nan, client: "1") }?.subject == "threshold")
  }

  @Test func constantScoresAndNegativeBarsAreRefused() {
    #expect(
      message { try CurveCharts.scoreDensities(good: [0.3, 0.3], bad: [0.3], threshold: nil) }?
        .message.contains("does not separate") == true)
    #expect(message { try BarChart.render(bars: [("a", -1)], title: "t") }?.message.contains("≥ 0") == true)
    #expect(message { try BarChart.render(bars: [("a", 0), ("b", 0)], title: "t") }?.message.contains("zero") == true)
    #expect(
      message { try CurveCharts.cost(thresholds: [0.5], costs: [10]) }?.message.contains("two thresholds") == true)
  }
}

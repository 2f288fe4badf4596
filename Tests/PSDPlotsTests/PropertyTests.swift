import PSDCore
import Testing
@testable import PSDPlots

/// Whatever the data and size: no line wider than asked, and ASCII charts are pure ASCII.
@Suite struct PropertyTests {
  /// Labels with accents, wide CJK characters and long words, as real category levels can be.
  static let labels = [
    "AMT_CREDIT", "Sécondaire / spécial", "高等教育", "a_very_long_engineered_feature_name_BURO_DAYS_CREDIT_MEAN", "x"
  ]

  static func randomValues(_ r: inout SeededRandom, count: Int) -> [Double] {
    let scale = [1.0, 0.01, 1000, 1_000_000, 1e9][r.int(0...4)]
    let shift = r.next() < 0.3 ? -scale * r.next() * 2 : 0
    return (0..<count).map { _ in r.next() < 0.05 ? .nan : shift + scale * r.next() * r.next() }
  }

  /// Every chart kind with random data at a random size; nil when the input was degenerate
  /// (a PSDError, which other tests check).
  static func randomChart(_ r: inout SeededRandom, kind: Int, options: PlotOptions) -> [String]? {
    let label = labels[r.int(0...labels.count - 1)]
    let n = r.int(2...300)
    do {
      switch kind {
      case 0:
        return try Histogram.render(
          values: randomValues(&r, count: n), label: label,
          bins: r.next() < 0.3 ? nil : r.int(1...120), options: options)
      case 1:
        let values = randomValues(&r, count: n)
        return try Histogram.renderByClass(
          classes: [(label, values), ("TARGET=1", values.map { $0 * 1.1 + 0.5 })], label: label,
          classLabel: "TARGET", bins: r.int(1...80), layout: r.next() < 0.5 ? .sideBySide : .overlaid,
          options: options)
      case 2:
        let bars = (0..<r.int(1...30)).map { i in (labels[i % labels.count] + "\(i)", Double(r.int(0...100_000))) }
        return try BarChart.render(
          bars: bars, title: label, valueStyle: r.next() < 0.5 ? .count : .number,
          missing: r.int(0...50), limit: r.int(1...25), options: options)
      case 3:
        return try ScatterPlot.render(
          x: randomValues(&r, count: n), y: randomValues(&r, count: n),
          xLabel: label, yLabel: labels[0], options: options)
      case 4:
        var xs = (0..<n).map { _ in r.next() }.sorted()
        xs[0] = 0
        xs[xs.count - 1] = 1
        let ys = xs.map { min(1, $0.squareRoot() * (0.9 + 0.1 * r.next())) }
        return r.next() < 0.5
          ? try CurveCharts.roc(
            falsePositiveRate: xs, truePositiveRate: ys, auc: r.next(), model: label, options: options)
          : try CurveCharts.precisionRecall(
            recall: xs, precision: ys.reversed(), defaultRate: r.next(),
            averagePrecision: r.next(), model: label, options: options)
      case 5:
        let thresholds = (0...n).map { Double($0) / Double(n) }
        let costs = thresholds.map { _ in r.next() * 50_000 }
        return try CurveCharts.cost(
          thresholds: thresholds, costs: costs, costLabel: label,
          chosen: r.next() < 0.5 ? r.next() : nil, model: label, options: options)
      case 6:
        let bins = r.int(2...12)
        let predicted = (0..<bins).map { _ in r.next() * 0.6 }
        return try CurveCharts.calibration(
          predicted: predicted, observed: predicted.map { min(1, $0 * (0.5 + r.next())) },
          counts: (0..<bins).map { _ in r.int(1...999) }, model: label, options: options)
      case 7:
        return try CurveCharts.scoreDensities(
          good: (0..<n).map { _ in r.next() * r.next() }, bad: (0..<r.int(1...50)).map { _ in r.next() },
          threshold: r.next() < 0.8 ? r.next() : nil, goodLabel: label, badLabel: labels[r.int(0...4)],
          model: label, options: options)
      case 8:
        let contributions = (0..<r.int(1...40)).map { i in (labels[i % labels.count] + " = \(i)", (r.next() - 0.5) * 2)
        }
        return try Waterfall.render(
          base: (r.next() - 0.5) * 6, contributions: contributions, title: label,
          finalNote: "probability 0.3", limit: r.int(1...20), options: options)
      default:
        return try Gauge.render(probability: r.next(), threshold: r.next(), client: label, options: options)
      }
    } catch {
      return nil
    }
  }

  @Test func noLineIsWiderThanTheWidth() {
    var r = SeededRandom(42)
    var drawn = 0
    for round in 0..<400 {
      let kind = round % 10
      let options = PlotOptions(
        width: r.int(30...150), height: r.int(4...30),
        charset: r.next() < 0.5 ? .unicode : .ascii, color: r.next() < 0.3)
      guard let lines = Self.randomChart(&r, kind: kind, options: options) else { continue }
      drawn += 1
      #expect(!lines.isEmpty)
      for line in lines {
        let w = TextWidth.columns(line)
        #expect(w <= options.width, "chart kind \(kind) at width \(options.width): line of \(w) columns:\n\(line)")
      }
    }
    #expect(drawn > 300)
  }

  @Test func asciiChartsContainOnlyASCII() {
    var r = SeededRandom(7)
    for round in 0..<200 {
      let options = PlotOptions(width: r.int(30...120), height: r.int(4...20), charset: .ascii)
      guard let lines = Self.randomChart(&r, kind: round % 10, options: options) else { continue }
      for line in lines {
        #expect(
          line.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 0x20 && $0.value < 0x7F) },
          "chart kind \(round % 10) has a non-ASCII character in:\n\(line)")
      }
    }
  }

  @Test func drawingAreaHasTheRequestedHeight() throws {
    for height in [4, 9, 23] {
      let lines = try CurveCharts.roc(
        falsePositiveRate: Fixtures.rates, truePositiveRate: Fixtures.roc, auc: 0.7,
        options: PlotOptions(width: 60, height: height))
      #expect(lines.filter { $0.contains("┤") || $0.contains("│") }.count == height)
    }
  }
}

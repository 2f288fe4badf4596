import Testing
@testable import PSDPlots

struct LCG { var s: UInt64; mutating func next() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return Double(s >> 11) / Double(1 << 53) } }

@Test func preview() throws {
  var r = LCG(s: 7)
  let o = PlotOptions(width: 64, height: 10)
  func show(_ l: [String]) { for x in l { print(x) }; print("") }
  show(try BarChart.render(bars: [("Cash loans", 278232), ("Revolving loans", 29279)], title: "NAME_CONTRACT_TYPE", missing: 12, options: o))
  show(try BarChart.render(bars: [("EXT_SOURCE_3", 0.41), ("EXT_SOURCE_2", 0.38), ("DAYS_BIRTH", 0.12), ("AMT_CREDIT", 0.05)], title: "importance", valueStyle: .number, options: o))
  let xs = (0..<500).map { _ in r.next() * 100 }
  let ys = xs.map { $0 * 2 + r.next() * 40 - 20 }
  show(try ScatterPlot.render(x: xs, y: ys, xLabel: "AGE", yLabel: "AMT", options: o))
  show(try ScatterPlot.render(x: xs, y: ys, xLabel: "AGE", yLabel: "AMT", options: PlotOptions(width: 64, height: 10, charset: .ascii)))
  let f = stride(from: 0.0, through: 1.0, by: 0.05).map { $0 }
  let t = f.map { 1 - (1 - $0) * (1 - $0) }
  show(try CurveCharts.roc(falsePositiveRate: f, truePositiveRate: t, auc: 0.667, options: o))
  show(try CurveCharts.roc(falsePositiveRate: f, truePositiveRate: t, auc: 0.667, options: PlotOptions(width: 64, height: 10, charset: .ascii)))
  show(try CurveCharts.precisionRecall(recall: f, precision: f.map { 0.08 + 0.6 * (1 - $0) * (1 - $0) }, defaultRate: 0.08, options: o))
  show(try CurveCharts.cost(thresholds: f, costs: f.map { 20000 * ($0 - 0.4) * ($0 - 0.4) + 23000 }, costLabel: "10×FN + 1×FP", chosen: 0.5, options: o))
  show(try CurveCharts.calibration(predicted: [0.02, 0.05, 0.1, 0.2, 0.3], observed: [0.03, 0.06, 0.09, 0.22, 0.35], counts: [100, 200, 50, 20, 5], options: o))
  let good = (0..<3000).map { _ in r.next() * r.next() * 0.8 }
  let bad = (0..<300).map { _ in 1 - r.next() * r.next() * 0.9 }
  show(try CurveCharts.scoreDensities(good: good, bad: bad, threshold: 0.4, options: o))
  show(try Waterfall.render(base: -2.4, contributions: [("EXT_SOURCE_3 = 0.15", 0.85), ("EXT_SOURCE_2 = 0.26", 0.42), ("DAYS_BIRTH = -9461", 0.2), ("AMT_CREDIT = 406598", -0.31), ("CODE_GENDER = M", 0.1), ("X", 0.01), ("Y", -0.02)], title: "client 100002", finalNote: "probability 0.28", limit: 5, options: o))
  show(try Waterfall.render(base: -2.4, contributions: [("EXT_SOURCE_3 = 0.15", 0.85), ("AMT_CREDIT = 406598", -0.31)], title: "client 100002", options: PlotOptions(width: 64, height: 10, charset: .ascii)))
  show(try Gauge.render(probability: 0.31, threshold: 0.42, client: "100002", options: o))
  show(try Gauge.render(probability: 0.61, threshold: 0.42, client: "100002", options: PlotOptions(width: 64, height: 10, charset: .ascii)))
  show(try Gauge.render(probability: 0.09, threshold: 0.08, client: "100003", options: o))
}

import Foundation
import PSDModels
import PSDPlots
import PSDService

/// `GET /v1/model/performance`: the model owner's page, measured on the labelled rows the service
/// holds (the loaded clients when labelled — held out from training — else the training reference,
/// which flatters the model): AUC, Gini, KS, the cost at the stored
/// threshold on the cost curve, and the calibration table. Computed once at start-up.
package struct ModelPerformance: Codable, Sendable {
  package struct CostPoint: Codable, Sendable { package var threshold: Double; package var cost: Double }
  package struct CalibrationRow: Codable, Sendable {
    package var lower: Double
    package var upper: Double
    package var count: Int
    package var meanPredicted: Double
    package var observedRate: Double
  }
  package var rows: Int
  package var source: String
  package var auc: Double?
  package var gini: Double?
  package var ks: Double?
  package var threshold: Double
  package var costFalseNegative: Double
  package var costFalsePositive: Double
  /// Total cost at the stored threshold and at the threshold the curve finds cheapest on these rows.
  package var costAtThreshold: Double
  package var lowestCostThreshold: Double
  package var lowestCost: Double
  package var costCurve: [CostPoint]
  package var calibration: [CalibrationRow]
  package var expectedCalibrationError: Double

  /// Nil when no labelled rows are loaded (the page then says so).
  package static func measure(_ service: ScoringService) -> ModelPerformance? {
    guard let rows = [service.clients?.rows, service.reference].compactMap({ $0 }).first(where: { $0.labels != nil }),
      let labels = rows.labels, rows.matrix.rowCount > 1
    else { return nil }
    let p = service.model.probabilities(rows.matrix)
    let info = service.modelInfo()
    let cost = BusinessCost(
      falseNegative: info.costs?.falseNegative ?? 10, falsePositive: info.costs?.falsePositive ?? 1)
    let choice = chooseThreshold(scores: p, labels: labels, cost: cost)
    let atStored = confusionMatrix(scores: p, labels: labels, threshold: service.model.threshold)
      .cost(fn: cost.falseNegative, fp: cost.falsePositive)
    // Thresholds above the highest score all mean "grant everybody": put that point just above
    // the highest score (as `plot-ascii cost` does), so the curve zooms on the scores that occur.
    var points = choice.curve.map { (threshold: $0.threshold, cost: $0.cost) }
    if points.count > 1, points[0].threshold > points[1].threshold { points[0].threshold = points[1].threshold.nextUp }
    // At most ~200 points: enough for a 600-px chart, small enough for JSON.
    let stride = max(1, choice.curve.count / 200)
    let curve = points.enumerated().filter { $0.offset % stride == 0 || $0.offset == points.count - 1 }
      .map { CostPoint(threshold: $0.element.threshold, cost: $0.element.cost) }
    let table = ReliabilityTable(probabilities: p, labels: labels)
    return ModelPerformance(
      rows: labels.count, source: URL(fileURLWithPath: rows.name).lastPathComponent,
      auc: rocAUC(scores: p, labels: labels),
      gini: giniCoefficient(scores: p, labels: labels), ks: ksStatistic(scores: p, labels: labels),
      threshold: service.model.threshold, costFalseNegative: cost.falseNegative, costFalsePositive: cost.falsePositive,
      costAtThreshold: atStored, lowestCostThreshold: choice.threshold, lowestCost: choice.totalCost,
      costCurve: curve,
      calibration: table.bins.map {
        CalibrationRow(
          lower: $0.lower, upper: $0.upper, count: $0.count,
          meanPredicted: $0.meanPredicted, observedRate: $0.observedRate)
      },
      expectedCalibrationError: table.expectedCalibrationError)
  }

  /// `GET /v1/charts/cost.svg`: the cost curve with the stored threshold marked.
  package func costChart() throws -> String {
    try DashboardCharts.drawn {
      try SVGChart.curve(
        x: costCurve.map(\.threshold), y: costCurve.map(\.cost),
        title:
          "Total cost by threshold (missed default \(DashboardCharts.compact(costFalseNegative)), refused good client \(DashboardCharts.compact(costFalsePositive)))",
        xLabel: "threshold on the probability of default", yLabel: "cost",
        mark: (threshold, String(format: "threshold %.3f", threshold)))
    }
  }

  /// `GET /v1/charts/calibration.svg`: observed default rate against the mean prediction per group.
  package func calibrationChart() throws -> String {
    try DashboardCharts.drawn {
      try SVGChart.curve(
        x: calibration.map(\.meanPredicted), y: calibration.map(\.observedRate),
        title: "Calibration: observed default rate by predicted group (diagonal = perfect)",
        xLabel: "mean predicted probability", yLabel: "observed rate", diagonal: true)
    }
  }
}

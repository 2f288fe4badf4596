import Foundation
import PSDCore
import PSDData
import PSDModels

/// `reliability M on X`: does the PD mean what it says? Predicted vs observed default rate.
enum ReliabilityCommand {
  static let spec = CommandSpec(
    name: "reliability", topic: "decision",
    usage: ["reliability MODEL on FRAME", "reliability MODEL on FRAME bins=10"],
    summary: "reliability table: groups of clients by PD, mean predicted PD vs observed default rate",
    details: """
      Rows are sorted by PD and cut into equal-count groups (deciles by default; tied PDs stay in one \
      group). For each group: the PD range, the number of clients, the mean predicted PD and the observed \
      default rate. A calibrated model has the two close; a model trained with class weights predicts \
      too high. ECE is the count-weighted mean gap. `calibrate` fixes a miscalibrated model.
      """,
    options: [OptionSpec("bins", .integer(.atLeast(1)), default: 10, "number of groups")],
    examples: ["reliability m on te"],
    keywords: ["on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let input = try c.modelOnFrame()
    let (model, modelName, frameName) = (input.model, input.modelName, input.frameName)
    let bins = try c.intValue("bins")
    let (labels, pd) = try input.labelsAndProbabilities()
    c.print("reliability of \(modelName) on \(frameName)\(model.calibration == nil ? "" : " (calibrated)"):")
    for line in lines(ReliabilityTable(probabilities: pd, labels: labels, groups: bins), width: c.settings.width) {
      c.print(line)
    }
  }

  static func lines(_ table: ReliabilityTable, width: Int) -> [String] {
    let rows = table.bins.enumerated().map { k, b in
      [
        "\(k + 1)", "\(Format.fixed(b.lower)) – \(Format.fixed(b.upper))", Format.count(b.count),
        Format.fixed(b.meanPredicted), Format.fixed(b.observedRate), Format.fixed(b.meanPredicted - b.observedRate)
      ]
    }
    let renderer = TableRenderer(
      columns: [
        .init("group"), .init("PD range", .left), .init("clients"), .init("mean PD"),
        .init("observed"), .init("gap")
      ],
      rows: rows)
    var out = renderer.render(width: width).text.split(separator: "\n").map { "  " + $0 }
    out.append("  ECE (count-weighted mean |gap|) \(Format.fixed(table.expectedCalibrationError))")
    return out
  }
}

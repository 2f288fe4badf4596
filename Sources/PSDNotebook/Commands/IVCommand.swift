import PSDCore
import PSDData
import PSDModels

/// `iv B` ranks a binning's features by information value; `iv B COL` prints one feature's bins.
enum IVCommand {
  static let spec = CommandSpec(
    name: "iv", topic: "models",
    usage: ["iv BINNING", "iv BINNING COL", "iv BINNING out=\"bins.csv\""],
    summary: "features ranked by information value, or one feature's bins: count, default rate, WoE, IV",
    details: """
      IV = Σ (%good − %bad) · ln(%good / %bad) over a feature's bins, Missing included. The bands are the \
      usual ones: below 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, 0.3–0.5 strong, above 0.5 suspicious \
      (too good to be true: look for a leak). `iv B COL` prints the feature's bin table (the columns of \
      optbinning's binning table, with psd's WoE sign). Both return the table as a frame (save it as CSV). \
      out= writes every feature's bins to one CSV, with each numeric bin's exact LOWER and UPPER edges.
      """,
    options: [OptionSpec("out", .path, "write every feature's bin table to one CSV file")],
    examples: ["iv b", "iv b EXT_SOURCE_3", "iv b out=\"bins.csv\""],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (binning, name) = try c.binning()
    if c.hasMoreArguments {
      let expr = try c.take("a feature of the binning")
      let feature =
        expr.name
        ?? {
          if case .string(let s) = expr.kind { return s }
          return expr.text
        }()
      guard let f = binning[feature] else {
        var e = PSDError.unknown("feature", feature, in: name, candidates: binning.features.map(\.feature))
        e.message = "the binning '\(name)' has no feature '\(feature)'"
        throw e
      }
      try table(f, c)
      return
    }
    if let out = try c.string("out") {
      var frames: [DataFrame] = []
      for f in binning.features {
        frames.append(try binTable(f).setting(.category("FEATURE", strings: f.bins.map { _ in f.feature })))
      }
      let all = try DataFrame.concat(frames)
      let ordered = try all.selecting(["FEATURE"] + all.columnNames.filter { $0 != "FEATURE" })
      try c.checkArgumentsRead()
      try CSVWriter.write(ordered, to: c.session.resolvePath(out), control: c.control)
      c.print(
        "wrote the bins of \(Format.count(binning.features.count, "feature")) (\(Format.count(ordered.rowCount, "bin"))) to \(out)"
      )
      c.result(.frame(ordered))
      return
    }
    c.print(
      "\(name): \(Format.count(binning.features.count, "feature")) by information value (target \(binning.target), \(Format.count(binning.rowCount)) rows)"
    )
    c.print(ranking(binning, c, ranked: true))
    let ranked = binning.ranked
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("FEATURE", strings: ranked.map(\.feature)),
          .float("IV", ranked.map(\.iv)),
          .category("BAND", strings: ranked.map { Binning.band($0.iv) }),
          .int("BINS", ranked.map { Int64($0.bins.count) })
        ])))
  }

  /// One line per feature: bins, trend, IV and its band.
  static func ranking(_ binning: Binning, _ c: CommandContext, ranked: Bool, limit: Int? = nil) -> String {
    let all = ranked ? binning.ranked : binning.features
    let features = limit.map { Array(all.prefix($0)) } ?? all
    let rows = features.enumerated().map { k, f -> [String] in
      [
        String(k + 1), f.feature, f.isCategorical ? "category" : "number", String(f.bins.count - 1) + " + Missing",
        f.trend.rawValue, Format.fixed(f.iv), Binning.band(f.iv)
      ]
    }
    return TableRenderer(
      columns: [
        .init(ranked ? "rank" : "#"), .init("feature", .left), .init("kind", .left),
        .init("bins", .left), .init("trend", .left), .init("IV"), .init("band", .left)
      ],
      rows: rows, pinned: 2, ascii: c.settings.charset == "ascii"
    )
    .render(width: c.settings.width).text + bandLegend + "\n"
  }

  static let bandLegend =
    "IV bands: below 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, 0.3–0.5 strong, above 0.5 suspicious"

  /// A feature's bins, in order, Missing last, and the totals.
  static func table(_ f: FeatureBinning, _ c: CommandContext) throws {
    let total = f.bins.reduce(0) { $0 + $1.count }
    let labels = f.labels
    c.print(
      "\(f.feature): \(f.bins.count - 1) bins + Missing, default rate \(f.trend.rawValue), IV \(Format.fixed(f.iv)) (\(Binning.band(f.iv))); WoE = ln(%good / %bad)"
    )
    var rows = f.bins.enumerated().map { i, b -> [String] in
      [
        labels[i], Format.count(b.count), Format.percent(Double(b.count) / Double(max(1, total)), digits: 1),
        Format.count(b.good), Format.count(b.bad), Format.percent(b.badRate), Format.fixed(b.woe), Format.fixed(b.iv)
      ]
    }
    rows.append([
      "Totals", Format.count(total), Format.percent(1, digits: 1), Format.count(f.totalGood),
      Format.count(f.totalBad), Format.percent(Double(f.totalBad) / Double(max(1, total))), "", Format.fixed(f.iv)
    ])
    c.print(
      TableRenderer(
        columns: [
          .init("bin", .left), .init("count"), .init("count %"), .init("good"), .init("bad"),
          .init("bad rate"), .init("WoE"), .init("IV")
        ],
        rows: rows, maximumCellWidth: 48, ascii: c.settings.charset == "ascii"
      )
      .render(width: c.settings.width).text)
    c.result(.frame(try binTable(f)))
  }

  /// The bins of a feature as a frame (also the scorecard's table, with points added there).
  static func binTable(_ f: FeatureBinning) throws -> DataFrame {
    let total = Double(max(1, f.bins.reduce(0) { $0 + $1.count }))
    return try DataFrame(columns: [
      .category("BIN", strings: f.labels),
      .float("LOWER", f.bins.indices.map { f.edges(bin: $0).lower }),
      .float("UPPER", f.bins.indices.map { f.edges(bin: $0).upper }),
      .int("COUNT", f.bins.map { Int64($0.count) }),
      .float("COUNT_SHARE", f.bins.map { Double($0.count) / total }),
      .int("GOOD", f.bins.map { Int64($0.good) }),
      .int("BAD", f.bins.map { Int64($0.bad) }),
      .float("BAD_RATE", f.bins.map(\.badRate)),
      .float("WOE", f.bins.map(\.woe)),
      .float("IV", f.bins.map(\.iv))
    ])
  }
}

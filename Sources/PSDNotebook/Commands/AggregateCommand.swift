import PSDCore
import PSDData

/// `aggregate X by KEY {COL: mean max; CAT: shares} prefix="BURO_"`: one row per key.
enum AggregateCommand {
  static let spec = CommandSpec(
    name: "aggregate", topic: "features",
    usage: [
      "aggregate FRAME by KEY {COL: FUNC ...; CAT: counts shares} prefix=\"P_\"",
      "aggregate FRAME by [KEY1, KEY2] {[COL1, COL2]: FUNC ...; \"*\": mean}"
    ],
    summary: "one row per key with per-group statistics (side tables per client)",
    details: """
      Functions: count sum mean min max std var median nunique first last; for categorical columns \
      counts and shares (per-level counts and shares, the one-hot mean). Output columns: the keys, \
      <prefix>COUNT (rows per key; size=false leaves it out), then <prefix><COL>_<FUNC> such as \
      BURO_AMT_CREDIT_SUM_MEAN, and <prefix><COL>_<level>_SHARE such as BURO_CREDIT_ACTIVE_Closed_SHARE. \
      Keys come out in first-seen order; rows with a missing key are left out; missing values are \
      skipped. The key "*" stands for every other column. See Docs/features.md.
      """,
    options: [
      OptionSpec("prefix", .text, "prepended to every output column but the keys"),
      OptionSpec("size", .flag, default: true, "add the <prefix>COUNT column")
    ],
    examples: [
      "buro = aggregate bureau by SK_ID_CURR {AMT_CREDIT_SUM: mean max sum; CREDIT_ACTIVE: shares} prefix=\"BURO_\"",
      "bb = aggregate bureau_balance by SK_ID_BUREAU {MONTHS_BALANCE: min max; STATUS: shares} prefix=\"BB_\""
    ],
    keywords: ["by"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    if try runInWarehouse(c) { return }
    let (frame, name) = try c.frame()
    try c.expectKeyword("by")
    let keys = try c.columns(of: frame, named: name, "the key column(s)")
    let specs = try statistics(c, columns: frame.columnNames, frameName: name)
    let prefix = try c.string("prefix") ?? ""
    let size = try c.bool("size")
    let result = try frame.aggregate(
      by: keys, specs: specs, prefix: prefix, sizeColumn: size,
      frameName: name, control: c.control)
    c.result(
      .frame(
        c.traced(
          result, .aggregate(keys: keys, specs: specs, prefix: prefix, sizeColumn: size),
          from: [(frame, name)])))
  }

  /// The `{COL: FUNC ...}` block as specs, every column checked against `columns`.
  static func statistics(_ c: CommandContext, columns: [String], frameName name: String) throws -> [AggregateSpec] {
    let entries = try c.block("the statistics")
    var specs: [AggregateSpec] = []
    for entry in entries {
      let functions = try entry.words.map { w -> AggregateFunction in
        do { return try AggregateFunction.named(w) } catch let e as PSDError {
          throw c.error(e.message, at: entry.expr, notes: e.notes)
        }
      }
      for key in entry.keys {
        if key != "*" && !columns.contains(key) {
          throw PSDError.unknown("column", key, in: name, candidates: columns)
        }
        specs.append(AggregateSpec(column: key, functions: functions))
      }
    }
    return specs
  }
}

import Foundation
import PSDCore
import PSDData
import PSDModels

/// `psi A B`: population stability index of every shared column between two frames.
enum PSICommand {
  static let spec = CommandSpec(
    name: "psi", topic: "decision",
    usage: ["psi REFERENCE CURRENT", "psi REFERENCE CURRENT top=20 exclude=[SK_ID_CURR]"],
    summary: "population stability index per feature between two frames, ranked, with 0.1 / 0.25 bands",
    details: """
      PSI = Σ (current% − reference%)·ln(current% / reference%) over bins. Numeric columns: bins at the \
      deciles of the reference frame plus one for missing values; categorical columns: the levels of \
      either frame (matched by label) plus missing. Empty bins count as 0.01 %. Bands: below 0.1 stable, \
      0.1 to 0.25 moderate shift, 0.25 and above major shift. SK_ID_CURR and TARGET are skipped unless \
      named; exclude= skips more. Bound to a name, the result is a frame FEATURE, PSI, BAND. \
      On two warehouse frames the bins are counted in the warehouse (the reference's deciles read \
      exactly with percentile_disc), giving the same PSI; the reference must be on one server.
      """,
    options: [
      OptionSpec("top", .integer(.atLeast(0)), default: .described("all"), "rows to print"),
      OptionSpec("exclude", .columns, "columns to skip")
    ],
    examples: ["psi tr te", "psi app_train app_test top=15"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    if try runInWarehouse(c) { return }
    let (reference, referenceName) = try c.frame("the reference frame")
    let (current, currentName) = try c.frame("the frame to compare")
    var skip: Set<String> = ["SK_ID_CURR", "TARGET"]
    if let extra = try c.columns("exclude", of: reference, named: referenceName) { skip.formUnion(extra) }
    let top = try c.int("top")
    let result = populationStability(reference: reference, current: current, skip: skip)
    try report(result, referenceName: referenceName, currentName: currentName, top: top, c)
  }

  /// The ranked table and the FEATURE, PSI, BAND frame (in memory or from the warehouse).
  static func report(
    _ result: [StabilityIndex], referenceName: String, currentName: String, top: Int?,
    _ c: CommandContext
  ) throws {
    if result.isEmpty {
      throw PSDError.data("'\(referenceName)' and '\(currentName)' share no comparable columns")
    }
    let stable = result.filter { $0.psi < 0.1 }.count, major = result.filter { $0.psi >= 0.25 }.count
    c.print(
      "PSI of \(currentName) against \(referenceName): \(Format.count(result.count, "column")), \(stable) stable, \(result.count - stable - major) moderate shift, \(major) major shift"
    )
    let shown = top.map { Array(result.prefix(max(0, $0))) } ?? result
    let renderer = TableRenderer(
      columns: [.init("feature", .left), .init("PSI"), .init("bins"), .init("band", .left)],
      rows: shown.map { [$0.feature, Format.fixed($0.psi), "\($0.bins)", $0.band] })
    for line in renderer.render(width: c.settings.width).text.split(separator: "\n") { c.print("  " + line) }
    if shown.count < result.count {
      c.print("  … \(result.count - shown.count) more (all below \(Format.fixed(shown.last?.psi ?? 0)))")
    }
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("FEATURE", strings: result.map(\.feature)), .float("PSI", result.map(\.psi)),
          .category("BAND", strings: result.map(\.band))
        ])))
  }
}

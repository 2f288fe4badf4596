import PSDCore
import PSDData
import PSDModels

/// `fairness M on X by CODE_GENDER`: decisions and errors per group, against a reference group.
enum FairnessCommand {
  static let spec = CommandSpec(
    name: "fairness", topic: "decision",
    usage: ["fairness MODEL on FRAME by COLUMN reference=LEVEL", "F = fairness MODEL on FRAME by COLUMN"],
    summary: "approval rate, default rate of the approved, TPR and FPR per group, ratios and the four-fifths rule",
    details: """
      At the model's threshold (approved = PD < threshold), for each level of COLUMN (missing values \
      form a group of their own): rows, approval rate, the default rate among the approved, TPR (share \
      of the group's defaulters refused) and FPR (share of its good clients refused). Each rate is also \
      divided by the reference group's: by default the group approved most often, or reference=LEVEL. \
      A group approved at less than four fifths (80 %) of the reference group's rate is flagged (the \
      four-fifths rule of adverse impact); equal opportunity compares the TPRs, equalised odds the TPRs \
      and FPRs. Bound to a name, the result is the table as a frame.
      """,
    options: [
      OptionSpec(
        "reference", .text, default: .described("the most approved"), "the group the others are compared with",
        as: "LEVEL")
    ],
    examples: ["fairness m on te by CODE_GENDER", "fairness m on te by NAME_FAMILY_STATUS reference=Married"],
    keywords: ["on", "by"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let input = try c.modelOnFrame()
    try c.expectKeyword("by")
    let column = try c.column(of: input.frame, named: input.frameName, "a column that defines the groups")
    let values = try input.frame.column(column, frameName: input.frameName)
    let groups = (0..<values.count).map { values.isMissing($0) ? "(missing)" : values.text($0) }
    let distinct = Set(groups).count
    if distinct > 50 {
      throw PSDError.usage(
        "fairness: \(column) has \(Format.count(distinct)) distinct values; group by a column with at most 50 (bin a numeric one first)",
        subject: column)
    }
    let (labels, pd) = try input.labelsAndProbabilities()
    let table = fairnessGroups(groups: groups, labels: labels, probabilities: pd, threshold: input.model.threshold)
    if table.isEmpty { throw PSDError.data("\(input.frameName) has no rows") }
    let reference: FairnessGroup
    if let name = try c.string("reference") {
      guard let r = table.first(where: { $0.group == name }) else {
        var notes = ["groups: " + table.map(\.group).joined(separator: ", ")]
        if let best = Suggestions.closest(to: name, among: table.map(\.group)) {
          notes.insert("did you mean '\(best)'?", at: 0)
        }
        throw c.error(
          "fairness: \(column) has no group '\(name)' in \(input.frameName)", at: c.option("reference")?.value,
          notes: notes)
      }
      reference = r
    } else {
      reference = table.max {
        $0.approvalRate != $1.approvalRate ? $0.approvalRate < $1.approvalRate : $0.rows < $1.rows
      }!
    }
    c.print(
      "fairness of \(input.modelName) on \(input.frameName) by \(column) at threshold \(Format.fixed(input.model.threshold)) (approved when PD < threshold); reference group \(reference.group)"
    )
    func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : .nan }
    let rows = table.map { g -> [String] in
      let flagged = failsFourFifthsRule(approvalRate: g.approvalRate, reference: reference.approvalRate)
      return [
        g.group, Format.count(g.rows), Format.percent(g.approvalRate, digits: 1),
        Format.fixed(ratio(g.approvalRate, reference.approvalRate), 3),
        Format.percent(g.approvedDefaultRate, digits: 1), Format.fixed(g.truePositiveRate, 3),
        Format.fixed(ratio(g.truePositiveRate, reference.truePositiveRate), 3), Format.fixed(g.falsePositiveRate, 3),
        Format.fixed(ratio(g.falsePositiveRate, reference.falsePositiveRate), 3), flagged ? "below 4/5" : ""
      ]
    }
    let renderer = TableRenderer(
      columns: [
        .init("group", .left), .init("rows"), .init("approved"), .init("ratio"),
        .init("default | approved"), .init("TPR"), .init("ratio"), .init("FPR"), .init("ratio"),
        .init("4/5 rule", .left)
      ], rows: rows)
    for line in renderer.render(width: c.settings.width).text.split(separator: "\n") { c.print("  " + line) }
    let flagged = table.filter { failsFourFifthsRule(approvalRate: $0.approvalRate, reference: reference.approvalRate) }
    if flagged.isEmpty {
      c.print("  four-fifths rule: every group is approved at ≥ 80 % of \(reference.group)'s rate")
    } else {
      c.print(
        "  four-fifths rule: \(flagged.map(\.group).joined(separator: ", ")) approved at < 80 % of \(reference.group)'s rate (adverse impact)"
      )
    }
    c.result(
      .frame(
        try DataFrame(columns: [
          .category("GROUP", strings: table.map(\.group)),
          .int("ROWS", table.map { Int64($0.rows) }),
          .int("DEFAULTS", table.map { Int64($0.defaults) }),
          .float("APPROVAL_RATE", table.map(\.approvalRate)),
          .float("APPROVAL_RATIO", table.map { ratio($0.approvalRate, reference.approvalRate) }),
          .float("APPROVED_DEFAULT_RATE", table.map(\.approvedDefaultRate)),
          .float("TPR", table.map(\.truePositiveRate)),
          .float("TPR_RATIO", table.map { ratio($0.truePositiveRate, reference.truePositiveRate) }),
          .float("FPR", table.map(\.falsePositiveRate)),
          .float("FPR_RATIO", table.map { ratio($0.falsePositiveRate, reference.falsePositiveRate) }),
          .bool(
            "FOUR_FIFTHS_FLAG",
            table.map { failsFourFifthsRule(approvalRate: $0.approvalRate, reference: reference.approvalRate) ? 1 : 0 })
        ])))
  }
}

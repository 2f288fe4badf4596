import PSDCore
import PSDData

/// `filter X where EXPR`: the rows where the condition holds.
enum FilterCommand {
  static let spec = CommandSpec(
    name: "filter", topic: "features",
    usage: ["filter FRAME where CONDITION"],
    summary: "keep the rows where a condition holds (rows where it is missing are dropped)",
    details: "Categorical columns compare with strings: NAME_CONTRACT_STATUS == \"Refused\".",
    examples: [
      "active = filter bureau where CREDIT_ACTIVE == \"Active\"",
      "adults = filter app where DAYS_BIRTH < -18 * 365 and not (CODE_GENDER == \"XNA\")"
    ],
    keywords: ["where"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    try c.expectKeyword("where")
    let condition = try c.expression("a condition", in: frame)
    let kept = try frame.filter(condition, frameName: name)
    let share = frame.rowCount == 0 ? "" : " (\(Format.percent(Double(kept.rowCount) / Double(frame.rowCount))))"
    c.resultNote = "kept \(Format.count(kept.rowCount)) of \(Format.count(frame.rowCount)) rows\(share)"
    c.result(.frame(c.traced(kept, .filter(condition), from: [(frame, name)])))
  }
}

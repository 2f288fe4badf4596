import PSDData

/// `filter X where EXPR`: the rows where the condition holds.
enum FilterCommand {
  static let spec = CommandSpec(
    name: "filter", topic: "features",
    usage: ["filter FRAME where CONDITION"],
    summary: "keep the rows where a condition holds (rows where it is missing are dropped)",
    details: "Categorical columns compare with strings: NAME_CONTRACT_STATUS == \"Refused\".",
    examples: ["active = filter bureau where CREDIT_ACTIVE == \"Active\"",
               "adults = filter app where DAYS_BIRTH < -18 * 365 and not (CODE_GENDER == \"XNA\")"],
    keywords: ["where"],
    run: run)

  static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    try c.expectKeyword("where")
    let condition = try c.expression("a condition")
    c.result(.frame(c.traced(try frame.filter(condition, frameName: name), .filter(condition), from: [(frame, name)])))
  }
}

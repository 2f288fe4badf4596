import PSDCore
import PSDData

/// `join A B on KEY kind=left`: key joins, one or several keys.
enum JoinCommand {
  static let spec = CommandSpec(
    name: "join", topic: "features",
    usage: ["join LEFT RIGHT on KEY kind=left|inner", "join LEFT RIGHT on [KEY1, KEY2]"],
    summary: "join two frames on key columns (left keeps every left row in order)",
    details: """
      The result has the left frame's columns, then the right frame's non-key columns; a right \
      column whose name is taken gets the suffix (default _right). Keys must have the same type in \
      both frames; missing keys never match. A left row matching several right rows repeats.
      """,
    options: [
      OptionSpec("kind", .choice(JoinKind.self), default: .text("left"), "left or inner"),
      OptionSpec("suffix", .text, default: .text("_right"), "appended to clashing right column names")
    ],
    examples: ["data = join app buro on SK_ID_CURR kind=left"],
    keywords: ["on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    if try runInWarehouse(c) { return }
    let (left, leftName) = try c.frame("the left frame")
    let (right, rightName) = try c.frame("the right frame")
    try c.expectKeyword("on")
    let keys = try c.columns(of: left, named: leftName, "the key column(s)")
    let kind = try c.choice("kind", as: JoinKind.self)
    let suffix = try c.stringValue("suffix")
    let (result, statistics) = try left.joinCounting(
      right, on: keys, kind: kind, suffix: suffix, leftName: leftName,
      rightName: rightName, control: c.control)
    c.resultNote =
      "\(Format.count(statistics.matchedLeftRows)) of \(Format.count(statistics.leftRows)) \(leftName) rows matched; "
      + "\(Format.count(statistics.unmatchedRightKeys)) of \(Format.count(statistics.rightKeys)) \(rightName) keys unmatched"
    c.result(
      .frame(
        c.traced(result, .join(keys: keys, kind: kind, suffix: suffix), from: [(left, leftName), (right, rightName)])))
  }
}

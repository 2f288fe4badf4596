import PSDData

/// `concat A B ...`: stack frames with the same columns (train and test).
enum ConcatCommand {
  static let spec = CommandSpec(
    name: "concat", topic: "features",
    usage: ["concat FRAME FRAME ..."],
    summary: "stack frames with the same columns (categorical levels are merged)",
    details: "Columns may come in any order; the first frame's order is kept. Int and float columns stack as float.",
    examples: ["all = concat train test"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var frames: [DataFrame] = []
    var names: [String] = []
    while c.hasMoreArguments {
      let (f, n) = try c.frame()
      frames.append(f)
      names.append(n)
    }
    if frames.count < 2 { throw c.error("concat: expected at least two frames", notes: ["usage: " + spec.usage[0]]) }
    c.result(.frame(c.traced(try DataFrame.concat(frames, names: names), .concat, from: Array(zip(frames, names)))))
  }
}

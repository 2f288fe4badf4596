import PSDCore
import PSDWarehouse

/// `s = sample app by TARGET n=20000 seed=42`: a stratified sample, pulled into memory.
enum SampleCommand {
  static let spec = CommandSpec(
    name: "sample", topic: "warehouse",
    usage: ["X = sample WAREHOUSE_FRAME by TARGET n=N seed=42"],
    summary: "a stratified sample of a warehouse frame, drawn in the warehouse and pulled into memory",
    details: """
      Each class of TARGET (on each shard) keeps its share of the rows, rounded so the total is exactly n \
      (every row when the frame has fewer). The rows kept in each class are the first by md5(seed, row), \
      so the same seed on the same data gives the same sample. Only the sample crosses the network.
      """,
    options: [
      OptionSpec("n", .integer(.atLeast(0)), "rows to draw"),
      OptionSpec("seed", .integer(.any), default: 42, "which sample")
    ],
    examples: ["tr = sample app by TARGET n=20000 seed=7"],
    keywords: ["by"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (remote, name) = try c.warehouseFrame()
    try c.expectKeyword("by")
    let target = try c.warehouseColumn(of: remote, named: name, "the column to stratify by")
    guard let n = try c.int("n") else {
      throw c.error("sample: expected n=N, the number of rows to draw", notes: ["usage: " + spec.usage[0]])
    }
    let frame = try RemoteRows.sample(
      remote, by: target, n: n, seed: try c.intValue("seed"),
      frameName: name, control: c.control)
    c.print("sampled \(Format.count(frame.rowCount)) rows of \(name), stratified by \(target)")
    c.result(.frame(frame))
  }
}

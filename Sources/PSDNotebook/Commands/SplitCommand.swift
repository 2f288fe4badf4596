import PSDData

/// `a, b = split X ratio=0.8 stratify=TARGET seed=42`: a reproducible train/test split.
enum SplitCommand {
  static let spec = CommandSpec(
    name: "split", topic: "features",
    usage: ["A, B = split FRAME ratio=0.8 stratify=TARGET seed=42"],
    summary: "split rows into two frames, reproducibly (stratified by a column if asked)",
    details: "The first frame gets round(ratio × n) rows of each class; rows keep their order. The same seed gives the same split on every machine (psd's own generator). Without seed=, the session seed is used.",
    options: [OptionSpec("ratio", "R", "share of rows in the first frame (default 0.8)"),
              OptionSpec("stratify", "COL", "keep this column's class balance in both parts"),
              OptionSpec("seed", "N", "random seed (default: the session seed)")],
    examples: ["tr, te = split data ratio=0.8 stratify=TARGET seed=42"],
    run: run)

  static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    let ratio = try c.double("ratio", default: 0.8)
    let stratify = try c.columns("stratify", of: frame, named: name)
    if let s = stratify, s.count != 1 {
      throw c.error("split: stratify takes one column", at: c.option("stratify")?.value)
    }
    let seed = try c.int("seed", default: c.settings.seed)
    let (a, b) = try frame.split(ratio: ratio, stratify: stratify?.first, seed: UInt64(bitPattern: Int64(seed)),
                                 frameName: name)
    c.result(.frame(c.traced(a, .keep("split: training rows only"), from: [(frame, name)], target: 0)),
             .frame(c.traced(b, .keep("split: training rows only"), from: [(frame, name)], target: 1)))
  }
}

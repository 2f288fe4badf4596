import PSDCore
import PSDModels
import PSDData

/// `a, b = split X ratio=0.8 stratify=TARGET seed=42`: a reproducible train/test split.
enum SplitCommand {
  static let spec = CommandSpec(
    name: "split", topic: "features",
    usage: ["A, B = split FRAME ratio=0.8 stratify=TARGET seed=42"],
    summary: "split rows into two frames, reproducibly (stratified by a column if asked)",
    details:
      "The first frame gets round(ratio × n) rows of each class; rows keep their order. The same seed gives the same split on every machine (psd's own generator). Without seed=, the session seed is used.",
    options: [
      OptionSpec(
        "ratio", .number(ParameterRange(lower: 0, lowerOpen: true, upper: 1, upperOpen: true)), default: 0.8,
        "share of rows in the first frame", as: "R"),
      OptionSpec("stratify", .column, "keep this column's class balance in both parts"),
      OptionSpec("seed", .integer(.any), default: .described("the session seed"), "random seed")
    ],
    examples: ["tr, te = split data ratio=0.8 stratify=TARGET seed=42"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    let ratio = try c.doubleValue("ratio")
    let stratify = try c.columns("stratify", of: frame, named: name)
    if let s = stratify, s.count != 1 {
      throw c.error("split: stratify takes one column", at: c.option("stratify")?.value)
    }
    let seed = try c.int("seed", default: c.settings.seed)
    let (a, b) = try frame.split(
      ratio: ratio, stratify: stratify?.first, seed: UInt64(bitPattern: Int64(seed)),
      frameName: name)
    c.resultNote = describeSplit(a, b, of: frame, stratify: stratify?.first)
    c.result(
      .frame(c.traced(a, .keep("split: training rows only"), from: [(frame, name)], target: 0)),
      .frame(c.traced(b, .keep("split: training rows only"), from: [(frame, name)], target: 1)))
  }

  /// `2,401 + 600 rows × 5 columns; default rate 8.1% / 8.2%` (the rate of the stratify column, or of
  /// TARGET, when it is 0/1).
  static func describeSplit(_ a: DataFrame, _ b: DataFrame, of frame: DataFrame, stratify: String?) -> String {
    var line = "\(Format.count(a.rowCount)) + \(Format.count(b.rowCount)) rows × \(frame.columnCount) columns"
    let label = stratify ?? (frame.columnIndex("TARGET") != nil ? "TARGET" : nil)
    if let label, let ra = rate(a, label), let rb = rate(b, label) {
      line += "; \(label) rate \(Format.percent(ra)) / \(Format.percent(rb))"
    }
    return line
  }

  /// The share of 1s in a 0/1 column (nil when it is not one).
  static func rate(_ frame: DataFrame, _ name: String) -> Double? {
    guard let column = try? frame.column(name) else { return nil }
    var ones = 0, count = 0
    for row in 0..<frame.rowCount where !column.isMissing(row) {
      let v = column.doubleValue(row)
      guard v == 0 || v == 1 else { return nil }
      count += 1
      if v == 1 { ones += 1 }
    }
    return count == 0 ? nil : Double(ones) / Double(count)
  }
}

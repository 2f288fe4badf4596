import PSDData

/// `encode X onehot|codes [COLS]`: categorical columns to numbers.
enum EncodeCommand {
  static let spec = CommandSpec(
    name: "encode", topic: "features",
    usage: ["encode FRAME onehot [COLS]", "encode FRAME codes [COLS]"],
    summary: "turn categorical columns into one 0/1 (bool) column per level, or into integer codes",
    details: "Without columns, every categorical column is encoded. One-hot columns are named <COL>_<level> (level text made name-safe).",
    examples: ["app = encode app onehot [NAME_CONTRACT_TYPE, ORGANIZATION_TYPE]", "app = encode app codes"],
    keywords: ["onehot", "codes"],
    run: run)

  static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    let (word, expr) = try c.word("onehot or codes")
    guard let method = EncodeMethod(rawValue: word) else {
      throw c.error("encode: no method '\(word)'", at: expr, notes: ["expected onehot or codes"])
    }
    var columns: [String] = []
    while c.hasMoreArguments { columns += try c.columns(of: frame, named: name, "columns") }
    c.result(.frame(try frame.encode(method, columns: columns, frameName: name)))
  }
}

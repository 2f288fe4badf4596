import PSDData

/// `encode X onehot|codes [COLS]`: categorical columns to numbers.
enum EncodeCommand {
  static let spec = CommandSpec(
    name: "encode", topic: "features",
    usage: ["encode FRAME onehot [COLS]", "encode FRAME codes [COLS]"],
    summary: "turn categorical columns into one 0/1 (bool) column per level, or into integer codes",
    details: """
      Without columns, every categorical column is encoded. One-hot columns are named <COL>_<level> (level \
      text made name-safe). levels={COL: "a" "b"; ...} fixes each column's levels instead of reading them \
      from the frame (the form `recipe` prints): a value outside them encodes as missing (codes) or as 0 in \
      every level column (onehot), with a warning.
      """,
    options: [
      OptionSpec("levels", .structured("{COL: LEVELS}"), "the levels to encode with, frozen (as `recipe` prints them)")
    ],
    examples: ["app = encode app onehot [NAME_CONTRACT_TYPE, ORGANIZATION_TYPE]", "app = encode app codes"],
    keywords: ["onehot", "codes"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    let (word, expr) = try c.word("onehot or codes")
    guard let method = EncodeMethod(rawValue: word) else {
      throw c.error("encode: no method '\(word)'", at: expr, notes: ["expected onehot or codes"])
    }
    var columns: [String] = []
    while c.hasMoreArguments { columns += try c.columns(of: frame, named: name, "columns") }
    if c.hasOption("levels") {
      let frozen = try levels(c, frame: frame, frameName: name)
      let (encoded, unseen) = try frame.encode(method, frozen: frozen, frameName: name)
      if !unseen.isEmpty {
        let examples = unseen.prefix(3).map { "\($0.column) = \"\($0.level)\"" }.joined(separator: ", ")
        c.warn(
          "\(unseen.count) value\(unseen.count == 1 ? "" : "s") outside the given levels (\(examples)\(unseen.count > 3 ? ", …" : "")): encoded as missing"
        )
      }
      c.result(.frame(c.traced(encoded, .encode(method, frozen), from: [(frame, name)])))
      return
    }
    // Freeze the levels used now: replaying the recipe encodes new rows with these.
    let frozen = frame.encodeLevels(columns: columns)
    c.result(
      .frame(
        c.traced(
          try frame.encode(method, columns: columns, frameName: name), .encode(method, frozen),
          from: [(frame, name)])))
  }

  /// `levels={COL: "a" "b"; ...}`: every column named must be categorical in the frame.
  static func levels(_ c: CommandContext, frame: DataFrame, frameName: String) throws -> [FrozenLevels] {
    guard let option = c.option("levels"), case .block(let entries) = option.value.kind else {
      throw c.error("option 'levels' expects a block like {CODE_GENDER: \"F\" \"M\"}", at: c.option("levels")?.value)
    }
    var out: [FrozenLevels] = []
    for entry in entries {
      let words = try entry.words.map { w -> String in
        if let n = w.name { return n }
        if case .string(let s) = w.kind { return s }
        if case .number = w.kind { return w.text }
        throw c.error("expected a level, found \(w.text)", at: w)
      }
      for key in entry.keys {
        let column = try c.session.columnName(key, in: frame, frameName: frameName)
        out.append(FrozenLevels(column: column, levels: words))
      }
    }
    return out
  }
}

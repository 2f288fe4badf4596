import PSDCore
/// `set KEY=VALUE ...` changes session settings; `set` alone lists them.
enum SetCommand {
  static let spec = CommandSpec(
    name: "set", topic: "session",
    usage: ["set", "set KEY=VALUE ..."],
    summary: "show or change settings (width, digits, charset, color, seed, timer, limit, wrap, id)",
    options: Settings.keys.map { OptionSpec($0.name, $0.hint, $0.summary) },
    examples: ["set width=120 charset=ascii", "set seed=7", "set id=LOAN_ID"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var s = c.settings
    if c.statement.options.isEmpty {
      let rows: [(String, String)] = [
        ("width", String(s.width)), ("digits", String(s.digits)), ("charset", s.charset),
        ("color", String(s.color)), ("seed", String(s.seed)), ("timer", String(s.timer)),
        ("limit", String(s.showLimit)), ("wrap", String(s.wrap)), ("id", s.idColumn),
      ]
      c.print(rows.map { Format.pad($0.0, 9) + $0.1 }.joined(separator: "\n"))
      return
    }
    if let w = try c.int("width") {
      guard w >= 20 && w <= 1000 else { throw c.error("width must be between 20 and 1000", at: c.option("width")?.value) }
      s.width = w
    }
    if let d = try c.int("digits") {
      guard d >= 1 && d <= 17 else { throw c.error("digits must be between 1 and 17", at: c.option("digits")?.value) }
      s.digits = d
    }
    s.charset = try c.choice("charset", ["unicode", "ascii"], default: s.charset)
    s.color = try c.bool("color", default: s.color)
    s.seed = try c.int("seed", default: s.seed)
    s.timer = try c.bool("timer", default: s.timer)
    s.wrap = try c.bool("wrap", default: s.wrap)
    if let l = try c.int("limit") {
      guard l >= 0 else { throw c.error("limit must be 0 or more", at: c.option("limit")?.value) }
      s.showLimit = l
    }
    if let id = try c.string("id") {
      guard !id.isEmpty else { throw c.error("id must name a column", at: c.option("id")?.value) }
      s.idColumn = id
    }
    // Committed by the session only when the whole statement succeeds.
    c.changeSettings(s)
  }
}

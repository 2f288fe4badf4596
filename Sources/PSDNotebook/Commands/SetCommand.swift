import PSDCore
import PSDPlots

/// `set KEY=VALUE ...` changes session settings; `set` alone lists them.
enum SetCommand {
  static let spec = CommandSpec(
    name: "set", topic: "session",
    usage: ["set", "set KEY=VALUE ..."],
    summary: "show or change settings (width, digits, charset, color, seed, timer, limit, wrap, id)",
    options: Settings.keys.map {
      OptionSpec($0.name, kinds[$0.name] ?? .text, default: defaults[$0.name] ?? .none, $0.summary)
    },
    examples: ["set width=120 charset=ascii", "set seed=7", "set id=LOAN_ID"],
    run: run)

  /// What each setting takes (Settings.keys holds the names and help).
  static let kinds: [String: OptionKind] = [
    "width": .integer(.between(20, 1000)), "digits": .integer(.between(1, 17)), "charset": .choice(PlotCharset.self),
    "color": .flag, "seed": .integer(.any), "timer": .flag, "limit": .integer(.atLeast(0)), "wrap": .flag, "id": .column
  ]

  /// What a new session starts with (the front end may change width, charset, color and wrap
  /// for the terminal it runs in).
  static let defaults: [String: OptionDefault] = {
    let s = Settings()
    return [
      "width": .value(.integer(s.width)), "digits": .value(.integer(s.digits)), "charset": .text(s.charset),
      "color": .value(.flag(s.color)), "seed": .value(.integer(s.seed)), "timer": .value(.flag(s.timer)),
      "limit": .value(.integer(s.showLimit)), "wrap": .value(.flag(s.wrap)), "id": .text(s.idColumn)
    ]
  }()

  @Sendable static func run(_ c: CommandContext) throws {
    var s = c.settings
    if c.statement.options.isEmpty {
      let rows: [(String, String)] = [
        ("width", String(s.width)), ("digits", String(s.digits)), ("charset", s.charset),
        ("color", String(s.color)), ("seed", String(s.seed)), ("timer", String(s.timer)),
        ("limit", String(s.showLimit)), ("wrap", String(s.wrap)), ("id", s.idColumn)
      ]
      c.print(rows.map { Format.pad($0.0, 9) + $0.1 }.joined(separator: "\n"))
      return
    }
    s.width = try c.int("width") ?? s.width
    s.digits = try c.int("digits") ?? s.digits
    if c.hasOption("charset") { s.charset = try c.choice("charset", as: PlotCharset.self).rawValue }
    s.color = try c.bool("color", default: s.color)
    s.seed = try c.int("seed", default: s.seed)
    s.timer = try c.bool("timer", default: s.timer)
    s.wrap = try c.bool("wrap", default: s.wrap)
    s.showLimit = try c.int("limit") ?? s.showLimit
    if let id = try c.string("id") {
      guard !id.isEmpty else { throw c.error("id must name a column", at: c.option("id")?.value) }
      s.idColumn = id
    }
    // Committed by the session only when the whole statement succeeds.
    c.changeSettings(s)
  }
}

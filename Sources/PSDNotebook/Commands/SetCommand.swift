import PSDCore

/// `set KEY=VALUE ...` changes session settings; `set` alone lists them.
enum SetCommand {
  static let spec = CommandSpec(
    name: "set", topic: "session",
    usage: ["set", "set KEY=VALUE ..."],
    summary: "show or change settings (width, digits, charset, color, seed, timer, limit, wrap, id)",
    options: Settings.specs.map { OptionSpec($0.name, $0.kind, default: .value($0.value(Settings())), $0.summary) },
    examples: ["set width=120 charset=ascii", "set seed=7", "set id=LOAN_ID"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var s = c.settings
    if c.statement.options.isEmpty {
      c.print(Settings.specs.map { Format.pad($0.name, 9) + $0.value(s).description }.joined(separator: "\n"))
      return
    }
    for setting in Settings.specs where c.hasOption(setting.name) {
      guard let value = try c.read(setting.name) else { continue }
      if let problem = setting.store(&s, value) { throw c.error(problem, at: c.option(setting.name)?.value) }
    }
    // Committed by the session only when the whole statement succeeds.
    c.changeSettings(s)
  }
}

/// `timer on|off`: print each statement's wall time (on stderr, so reports stay reproducible).
enum TimerCommand {
  static let spec = CommandSpec(
    name: "timer", topic: "session",
    usage: ["timer on", "timer off"],
    summary: "print each statement's wall time",
    keywords: ["on", "off"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var s = c.settings
    if c.keyword("on") {
      s.timer = true
    } else if c.keyword("off") {
      s.timer = false
    } else {
      throw c.error("timer: expected 'on' or 'off'", at: c.nextArgument)
    }
    c.changeSettings(s)
  }
}

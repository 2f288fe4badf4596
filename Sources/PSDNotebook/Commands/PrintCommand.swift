/// `print VALUE ...`: prints text, numbers or a value's summary (handy in scripts and reports).
enum PrintCommand {
  static let spec = CommandSpec(
    name: "print", topic: "session",
    usage: ["print VALUE ..."],
    summary: "print text, numbers or a name's summary",
    examples: ["print \"threshold:\" t"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var parts: [String] = []
    while let next = c.nextArgument {
      _ = try c.take("a value")
      switch try c.session.evaluate(next) {
      case .string(let s): parts.append(s)
      case let v: parts.append(v.summary)
      }
    }
    c.print(parts.joined(separator: " "))
  }
}

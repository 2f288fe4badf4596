import PSDCore

/// `help` lists the commands by topic; `help COMMAND` shows one command's forms and options.
/// Both read the command table, so help cannot drift from what runs.
enum HelpCommand {
  static let spec = CommandSpec(
    name: "help", topic: "session",
    usage: ["help", "help COMMAND"],
    summary: "list the commands, or show how to use one",
    examples: ["help", "help aggregate"],
    run: run)

  static func run(_ c: CommandContext) throws {
    guard c.hasMoreArguments else {
      c.print(overview(width: c.settings.width))
      return
    }
    let (name, expr) = try c.word("a command name")
    guard let spec = CommandTable.byName[name] else {
      var notes: [String] = []
      if let best = Suggestions.closest(to: name, among: CommandTable.names) { notes.append("did you mean '\(best)'?") }
      throw c.error("no command '\(name)'", at: expr, notes: notes)
    }
    c.print(page(for: spec))
  }

  static func overview(width: Int) -> String {
    var lines: [String] = []
    let nameWidth = (CommandTable.names.map(\.count).max() ?? 8) + 2
    for topic in CommandTable.topics {
      let specs = CommandTable.all.filter { $0.topic == topic.name }
      if specs.isEmpty { continue }
      if !lines.isEmpty { lines.append("") }
      lines.append(topic.title)
      for spec in specs {
        lines.append("  " + Format.pad(spec.name, nameWidth) + spec.summary)
      }
    }
    lines.append("")
    lines.append("Type 'help COMMAND' for its forms and options.")
    return lines.joined(separator: "\n")
  }

  static func page(for spec: CommandSpec) -> String {
    var lines = spec.usage.map { "usage: " + $0 }
    lines.append("")
    lines.append(spec.summary)
    if !spec.details.isEmpty {
      lines.append("")
      lines.append(spec.details)
    }
    if !spec.options.isEmpty {
      lines.append("")
      lines.append("options:")
      let w = spec.options.map { $0.name.count + $0.value.count + 1 }.max() ?? 0
      for o in spec.options {
        lines.append("  " + Format.pad("\(o.name)=\(o.value)", w + 2) + o.summary)
      }
    }
    if !spec.examples.isEmpty {
      lines.append("")
      lines.append("examples:")
      lines += spec.examples.map { "  " + $0 }
    }
    return lines.joined(separator: "\n")
  }
}

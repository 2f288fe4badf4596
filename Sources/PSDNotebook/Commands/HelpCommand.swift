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

  @Sendable static func run(_ c: CommandContext) throws {
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
    c.print(page(for: spec, width: c.settings.width))
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
        lines += TextWidth.wrap(
          "  " + Format.pad(spec.name, nameWidth) + spec.summary, width: width,
          hanging: nameWidth + 2)
      }
    }
    lines.append("")
    lines.append("Type 'help COMMAND' for its forms and options.")
    return lines.joined(separator: "\n")
  }

  /// One command's page, every line at most `width` columns where words allow: prose wraps at
  /// word boundaries, an option's summary wraps under itself, a usage form under its first word.
  /// An option's default and allowed range come from its declaration.
  static func page(for spec: CommandSpec, width: Int) -> String {
    var lines = spec.usage.flatMap { TextWidth.wrap("usage: " + $0, width: width, hanging: 9) }
    lines.append("")
    lines += TextWidth.wrap(spec.summary, width: width, hanging: 0)
    if !spec.details.isEmpty {
      lines.append("")
      for paragraph in spec.details.split(separator: "\n", omittingEmptySubsequences: false) {
        lines += paragraph.isEmpty ? [""] : TextWidth.wrap(String(paragraph), width: width, hanging: 0)
      }
    }
    if !spec.options.isEmpty {
      lines.append("")
      lines.append("options:")
      let w = spec.options.map { $0.name.count + $0.value.count + 1 }.max() ?? 0
      // A very long option form would leave no room: its summary then goes under it.
      let column = min(w + 4, max(4, width / 3))
      for o in spec.options {
        let form = "  \(o.name)=\(o.value)"
        if form.count + 2 > column {
          lines.append(form)
          lines += TextWidth.wrap(String(repeating: " ", count: column) + o.description, width: width, hanging: column)
        } else {
          lines += TextWidth.wrap(Format.pad(form, column) + o.description, width: width, hanging: column)
        }
      }
    }
    if !spec.examples.isEmpty {
      lines.append("")
      lines.append("examples:")
      lines += spec.examples.flatMap { TextWidth.wrap("  " + $0, width: width, hanging: 4) }
    }
    return lines.joined(separator: "\n")
  }
}

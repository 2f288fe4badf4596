/// `forget NAME ...`: removes names from the session. A frame's memory goes back to the system
/// once no other name shares its columns: a full-scale study can drop its raw tables and the
/// frames it has split before training, as a pandas user would `del` them.
enum ForgetCommand {
  static let spec = CommandSpec(
    name: "forget", topic: "session",
    usage: ["forget VALUE ..."],
    summary: "remove names from the session, freeing what only they held",
    details:
      "Every name must be bound; if one is not, nothing is forgotten. A frame's memory is freed when no other name shares its columns (b = a shares them; a filter, a split or a join makes new ones). In a script, a later use of a forgotten name is reported before anything runs.",
    examples: ["forget data labelled"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var names: [String] = []
    while c.hasMoreArguments {
      let expr = try c.take("a name to forget")
      guard let name = expr.name else {
        throw c.error("forget: expected a name, found \(expr.text)", at: expr)
      }
      _ = try c.session.lookup(name, at: expr)
      if !names.contains(name) { names.append(name) }
    }
    if names.isEmpty {
      throw c.error("forget: expected the names to forget", notes: ["usage: " + spec.usage[0]])
    }
    c.forgets = names
    c.print("forgot " + names.joined(separator: ", "))
  }
}

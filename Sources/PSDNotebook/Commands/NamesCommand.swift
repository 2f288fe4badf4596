import PSDCore
/// `names`: what is bound in the session, with its kind and size.
enum NamesCommand {
  static let spec = CommandSpec(
    name: "names", topic: "session",
    usage: ["names"],
    summary: "list the names bound in this session, with kind and size",
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let bindings = c.session.bindings.sorted { $0.key < $1.key }
    guard !bindings.isEmpty else {
      c.print("nothing is bound yet")
      return
    }
    let w = bindings.map(\.key.count).max() ?? 0
    c.print(bindings.map { Format.pad($0.key, w + 2) + $0.value.summary }.joined(separator: "\n"))
  }
}

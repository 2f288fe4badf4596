import PSDCore
/// `history`: the statements that succeeded in this session, numbered.
enum HistoryCommand {
  static let spec = CommandSpec(
    name: "history", topic: "session",
    usage: ["history"],
    summary: "list the statements that succeeded in this session",
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let h = c.session.history
    if h.isEmpty { c.print("no statements yet"); return }
    let w = String(h.count).count
    c.print(
      h.enumerated().map { Format.pad(String($0.offset + 1), w, right: true) + "  " + $0.element }
        .joined(separator: "\n"))
  }
}

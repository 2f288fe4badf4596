import PSDData

/// `rename X OLD=NEW ...` (or `rename X OLD NEW`).
enum RenameCommand {
  static let spec = CommandSpec(
    name: "rename", topic: "features",
    usage: ["rename FRAME OLD=NEW ...", "rename FRAME OLD NEW"],
    summary: "rename columns",
    examples: ["app = rename app AMT_CREDIT=CREDIT AMT_ANNUITY=ANNUITY"],
    acceptsFreeOptions: true,
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    var pairs: [(from: String, to: String)] = []
    while c.hasMoreArguments {
      let old = try c.column(of: frame, named: name, "the column to rename")
      let new = try c.word("the new name")
      pairs.append((old, new.word))
    }
    for o in c.freeOptions {
      guard let new = o.value.name ?? { if case .string(let s) = o.value.kind { return s } else { return nil } }()
      else {
        throw c.error("rename: expected a new name after '\(o.name)=', found \(o.value.text)", at: o.value)
      }
      pairs.append((o.name, new))
    }
    if pairs.isEmpty { throw c.error("rename: expected OLD=NEW", notes: ["usage: " + spec.usage[0]]) }
    c.result(
      .frame(
        c.traced(
          try frame.renaming(pairs, frameName: name),
          .rename(pairs.map { RenamePair(from: $0.from, to: $0.to) }), from: [(frame, name)])))
  }
}

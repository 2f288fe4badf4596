/// A `key=value` option a command accepts. The same row drives validation ("did you mean"),
/// completion, `help COMMAND` and Docs/language.md.
public struct OptionSpec: Sendable {
  public var name: String
  /// What the value looks like: "N", "RATE", "PATH", "[COLUMNS]", "FRAME", "left|inner".
  public var value: String
  public var summary: String

  public init(_ name: String, _ value: String, _ summary: String) {
    self.name = name
    self.value = value
    self.summary = summary
  }
}

/// One row of the command table: everything about a command in one place.
public struct CommandSpec: Sendable {
  public var name: String
  /// A section for `help` and the docs: "data", "features", "models", "decision", "charts", "session".
  public var topic: String
  /// Forms of the command, e.g. ["describe FRAME", "describe FRAME by TARGET", "describe FRAME.COL"].
  public var usage: [String]
  /// One line for `help`.
  public var summary: String
  /// A paragraph or two for `help COMMAND` and the docs.
  public var details: String
  public var options: [OptionSpec]
  public var examples: [String]
  /// Options not in `options` are passed through (e.g. `derive X NEW = EXPR`, `whatif ... set COL=V`).
  public var acceptsFreeOptions: Bool
  /// Words the command reads as keywords (by, on, with, where, ...): offered by completion.
  public var keywords: [String]
  public var run: @Sendable (CommandContext) throws -> Void

  public init(name: String, topic: String, usage: [String], summary: String, details: String = "",
              options: [OptionSpec] = [], examples: [String] = [], keywords: [String] = [],
              acceptsFreeOptions: Bool = false, run: @escaping @Sendable (CommandContext) throws -> Void) {
    self.name = name
    self.topic = topic
    self.usage = usage
    self.summary = summary
    self.details = details
    self.options = options
    self.examples = examples
    self.keywords = keywords
    self.acceptsFreeOptions = acceptsFreeOptions
    self.run = run
  }
}

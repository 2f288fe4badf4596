/// A `key=value` option a command accepts, declared once: its kind (which values it takes, and
/// their allowed range or choices), its default and its help text. The same row drives parsing
/// and validation (`CommandContext.read`), the script check before a run, did-you-mean,
/// completion, `help COMMAND` and Docs/language.md.
package struct OptionSpec: Sendable {
  package var name: String
  package var kind: OptionKind
  /// What the value is when the option is not given: shown in help and the docs, and returned
  /// by the context's accessors.
  package var defaultValue: OptionDefault
  package var summary: String
  /// The placeholder help shows after `name=`, when the kind's own ("N", "X", "a|b") says less.
  var placeholder: String?

  package init(
    _ name: String, _ kind: OptionKind, default defaultValue: OptionDefault = .none, _ summary: String,
    as placeholder: String? = nil
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.summary = summary
    self.placeholder = placeholder
  }

  /// What the value looks like, derived from the kind: "N", "X", "PATH", "[COLUMNS]", "FRAME",
  /// "left|inner" (or the declared placeholder, like "COST").
  package var value: String { placeholder ?? kind.placeholder }

  /// The default and the allowed range in words for help and docs: "default 100; at least 1".
  package var constraints: String? {
    var parts: [String] = []
    if let d = defaultValue.text { parts.append("default \(d)") }
    if let rule = kind.range?.rule { parts.append(rule) }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }

  /// The summary with the default and the range: what help and the docs print.
  package var description: String {
    guard let constraints else { return summary }
    return "\(summary) (\(constraints))"
  }
}

/// One row of the command table: everything about a command in one place.
package struct CommandSpec: Sendable {
  package var name: String
  /// A section for `help` and the docs: "data", "features", "models", "decision", "charts", "session".
  package var topic: String
  /// Forms of the command, e.g. ["describe FRAME", "describe FRAME by TARGET", "describe FRAME.COL"].
  package var usage: [String]
  /// One line for `help`.
  package var summary: String
  /// A paragraph or two for `help COMMAND` and the docs.
  package var details: String
  package var options: [OptionSpec]
  package var examples: [String]
  /// Options not in `options` are passed through (e.g. `derive X NEW = EXPR`, `whatif ... set COL=V`).
  package var acceptsFreeOptions: Bool
  /// Words the command reads as keywords (by, on, with, where, ...): offered by completion.
  package var keywords: [String]
  package var run: @Sendable (CommandContext) throws -> Void

  package init(
    name: String, topic: String, usage: [String], summary: String, details: String = "",
    options: [OptionSpec] = [], examples: [String] = [], keywords: [String] = [],
    acceptsFreeOptions: Bool = false, run: @escaping @Sendable (CommandContext) throws -> Void
  ) {
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

  /// The declaration of option `name`.
  package func option(_ name: String) -> OptionSpec? { options.first { $0.name == name } }
}

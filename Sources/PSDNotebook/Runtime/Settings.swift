import PSDPlots

/// Session settings, changed with `set KEY=VALUE`.
package struct Settings: Sendable, Equatable {
  /// Output width in columns (tables, charts). The REPL sets it from the terminal.
  package var width: Int = 100
  /// Significant digits for numbers in tables.
  package var digits: Int = 6
  /// "unicode" or "ascii" (charts, tables and messages). Set to ascii when the locale is not UTF-8.
  package var charset: String = "unicode"
  /// ANSI colour in charts: only on a terminal and never when NO_COLOR is set.
  package var color: Bool = false
  /// Default seed for commands that take `seed=` (split, train, cv).
  package var seed: Int = 42
  /// Print each statement's wall time.
  package var timer: Bool = false
  /// Rows shown by `show` when no limit= is given.
  package var showLimit: Int = 10
  /// The id column of commands that name a client (explain, whatif, score, plot-ascii ... client=).
  package var idColumn: String = "SK_ID_CURR"
  /// Wrap lines wider than `width` at word boundaries (the REPL on a terminal turns it on).
  package var wrap: Bool = false

  package init() {}

  /// The settings `set` accepts, each declared once: its name, what it takes, its help and where
  /// it lives. `set`'s options, its listing, help, completion and the docs all come from here, and
  /// a setting's default is what `Settings()` holds.
  package static let specs: [SettingSpec] = [
    .init("width", .integer(.between(20, 1000)), "output width in columns for tables and charts", \.width),
    .init("digits", .integer(.between(1, 17)), "significant digits for numbers in tables", \.digits),
    .init(
      "charset", .choice(PlotCharset.self), "characters used by charts, tables and messages", \.charset),
    .init("color", .flag, "ANSI colour in charts", \.color),
    .init("seed", .integer(.any), "default seed for split, train and cv", \.seed),
    .init("timer", .flag, "print each statement's wall time", \.timer),
    .init("limit", .integer(.atLeast(0)), "rows shown by show when no limit= is given", \.showLimit),
    .init("wrap", .flag, "wrap lines wider than width at word boundaries (on at a terminal)", \.wrap),
    .init(
      "id", .column, "id column of client= and out= in explain, whatif, score and plot-ascii", \.idColumn,
      rule: { $0.isEmpty ? "id must name a column" : nil })
  ]
}

/// One session setting: name, kind, help, and the `Settings` property it reads and writes.
package struct SettingSpec: Sendable {
  package let name: String
  package let kind: OptionKind
  package let summary: String
  /// The setting's value in `settings`, as an option value (listing, defaults).
  package let value: @Sendable (Settings) -> OptionValue
  /// Stores a value already checked against `kind`; returns what is wrong with it, if anything.
  package let store: @Sendable (inout Settings, OptionValue) -> String?

  /// A setting kept in `property`: `wrap` turns its value into an option value, `unwrap` back
  /// (nil for a value of another kind, which `kind`'s check has already refused), `rule` says
  /// what is wrong with an acceptable-looking value.
  init<Value: Sendable>(
    _ name: String, _ kind: OptionKind, _ summary: String,
    _ property: WritableKeyPath<Settings, Value> & Sendable,
    wrap: @escaping @Sendable (Value) -> OptionValue, unwrap: @escaping @Sendable (OptionValue) -> Value?,
    rule: @escaping @Sendable (Value) -> String? = { _ in nil }
  ) {
    self.name = name
    self.kind = kind
    self.summary = summary
    value = { wrap($0[keyPath: property]) }
    store = { settings, v in
      guard let v = unwrap(v) else { return nil }
      if let problem = rule(v) { return problem }
      settings[keyPath: property] = v
      return nil
    }
  }

  init(_ name: String, _ kind: OptionKind, _ summary: String, _ property: WritableKeyPath<Settings, Int> & Sendable) {
    self.init(name, kind, summary, property, wrap: { .integer($0) }) {
      if case .integer(let i) = $0 { i } else { nil }
    }
  }

  init(_ name: String, _ kind: OptionKind, _ summary: String, _ property: WritableKeyPath<Settings, Bool> & Sendable) {
    self.init(name, kind, summary, property, wrap: { .flag($0) }) {
      if case .flag(let b) = $0 { b } else { nil }
    }
  }

  init(
    _ name: String, _ kind: OptionKind, _ summary: String,
    _ property: WritableKeyPath<Settings, String> & Sendable,
    rule: @escaping @Sendable (String) -> String? = { _ in nil }
  ) {
    self.init(
      name, kind, summary, property, wrap: { .text($0) },
      unwrap: {
        if case .text(let t) = $0 { t } else { nil }
      }, rule: rule)
  }
}

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

  /// The settings `set` accepts, with their help text (drives completion and docs too).
  package static let keys: [(name: String, hint: String, summary: String)] = [
    ("width", "N", "output width in columns for tables and charts"),
    ("digits", "N", "significant digits for numbers in tables"),
    ("charset", "unicode|ascii", "characters used by charts, tables and messages"),
    ("color", "true|false", "ANSI colour in charts"),
    ("seed", "N", "default seed for split, train and cv"),
    ("timer", "true|false", "print each statement's wall time"),
    ("limit", "N", "rows shown by show when no limit= is given"),
    ("wrap", "true|false", "wrap lines wider than width at word boundaries (on at a terminal)"),
    ("id", "COL", "id column of client= and out= in explain, whatif, score and plot-ascii")
  ]
}

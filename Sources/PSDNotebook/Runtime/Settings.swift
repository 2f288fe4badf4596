/// Session settings, changed with `set KEY=VALUE`.
public struct Settings: Sendable, Equatable {
  /// Output width in columns (tables, charts). The REPL sets it from the terminal.
  public var width: Int = 100
  /// Significant digits for numbers in tables.
  public var digits: Int = 6
  /// "unicode" or "ascii" (charts and table borders). Set to ascii when the locale is not UTF-8.
  public var charset: String = "unicode"
  /// ANSI colour in charts: only on a terminal and never when NO_COLOR is set.
  public var color: Bool = false
  /// Default seed for commands that take `seed=` (split, train, cv).
  public var seed: Int = 42
  /// Print each statement's wall time.
  public var timer: Bool = false
  /// Rows shown by `show` when no limit= is given.
  public var showLimit: Int = 10

  public init() {}

  /// The settings `set` accepts, with their help text (drives completion and docs too).
  public static let keys: [(name: String, hint: String, summary: String)] = [
    ("width", "N", "output width in columns for tables and charts"),
    ("digits", "N", "significant digits for numbers in tables"),
    ("charset", "unicode|ascii", "characters used by charts"),
    ("color", "true|false", "ANSI colour in charts"),
    ("seed", "N", "default seed for split, train and cv"),
    ("timer", "true|false", "print each statement's wall time"),
    ("limit", "N", "rows shown by show when no limit= is given"),
  ]
}

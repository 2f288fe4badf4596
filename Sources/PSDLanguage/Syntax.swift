/// An expression or argument in a statement.
public struct Expr: Sendable, Equatable {
  public indirect enum Kind: Sendable, Equatable {
    /// A bare name: a bound value, a column, or a keyword such as `by`, `on`, `with`.
    case name(String)
    /// `x.COL`: a column of a bound frame.
    case member(String, String)
    case number(Double)
    case string(String)
    case bool(Bool)
    case missing
    case list([Expr])
    /// `{AMT_CREDIT_SUM: mean max; CREDIT_ACTIVE: counts}`
    case block([BlockEntry])
    /// "-" or "not"
    case unary(String, Expr)
    /// + - * / < <= > >= == != and or
    case binary(String, Expr, Expr)
    case isMissing(Expr, negated: Bool)
    case call(String, [Expr])
  }

  public var kind: Kind
  public var location: SourceLocation
  /// The source text of the expression.
  public var text: String

  public init(_ kind: Kind, at location: SourceLocation, text: String) {
    self.kind = kind
    self.location = location
    self.text = text
  }

  /// The bare name, if this is one.
  public var name: String? {
    if case .name(let n) = kind { return n }
    return nil
  }
}

/// One `KEYS: word word` entry of a `{ ... }` block.
public struct BlockEntry: Sendable, Equatable {
  public var keys: [Expr]
  public var words: [Expr]
  public var location: SourceLocation
}

/// `key=value`, e.g. `trees=500`, `exclude=[SK_ID_CURR]`, `CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL`.
public struct OptionArgument: Sendable, Equatable {
  public var name: String
  public var nameLocation: SourceLocation
  public var value: Expr
}

/// `[targets =] command arguments...`, or `[target =] EXPRESSION` (`fn = 10`, `r = fn / fp`,
/// `e.auc`): then `expression` holds it and `command` is `Statement.expressionCommand`.
public struct Statement: Sendable, Equatable {
  public var targets: [(name: String, location: SourceLocation)]
  public var command: String
  /// The value of an expression statement (`t = 0.07`, `fn * 2`); nil for a command.
  public var expression: Expr?
  public var commandLocation: SourceLocation
  /// Positional arguments and options in the order written.
  public var arguments: [Argument]
  /// Where the statement starts and its full source text (for history, reports, save session).
  public var location: SourceLocation
  public var text: String
  /// Where the statement ends (for "expected ..." errors after the last argument).
  public var endLocation: SourceLocation

  /// The `command` of an expression statement: never a command name (it has no letters).
  public static let expressionCommand = "="

  public enum Argument: Sendable, Equatable {
    case positional(Expr)
    case option(OptionArgument)
  }

  public var positionals: [Expr] {
    arguments.compactMap { if case .positional(let e) = $0 { return e } else { return nil } }
  }
  public var options: [OptionArgument] {
    arguments.compactMap { if case .option(let o) = $0 { return o } else { return nil } }
  }

  public static func == (a: Statement, b: Statement) -> Bool {
    a.targets.map(\.name) == b.targets.map(\.name) && a.command == b.command
      && a.arguments == b.arguments && a.text == b.text && a.expression == b.expression
  }
}

/// An expression or argument in a statement.
package struct Expr: Sendable, Equatable {
  package indirect enum Kind: Sendable, Equatable {
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

  package var kind: Kind
  package var location: SourceLocation
  /// The source text of the expression.
  package var text: String

  package init(_ kind: Kind, at location: SourceLocation, text: String) {
    self.kind = kind
    self.location = location
    self.text = text
  }

  /// The bare name, if this is one.
  package var name: String? {
    if case .name(let n) = kind { return n }
    return nil
  }
}

/// One `KEYS: word word` entry of a `{ ... }` block.
package struct BlockEntry: Sendable, Equatable {
  package var keys: [Expr]
  package var words: [Expr]
  package var location: SourceLocation
}

/// `key=value`, e.g. `trees=500`, `exclude=[SK_ID_CURR]`, `CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL`.
package struct OptionArgument: Sendable, Equatable {
  package var name: String
  package var nameLocation: SourceLocation
  package var value: Expr
}

/// `[targets =] command arguments...`, or `[target =] EXPRESSION` (`fn = 10`, `r = fn / fp`,
/// `e.auc`): then `expression` holds it and `command` is `Statement.expressionCommand`.
package struct Statement: Sendable, Equatable {
  package var targets: [(name: String, location: SourceLocation)]
  package var command: String
  /// The value of an expression statement (`t = 0.07`, `fn * 2`); nil for a command.
  package var expression: Expr?
  package var commandLocation: SourceLocation
  /// Positional arguments and options in the order written.
  package var arguments: [Argument]
  /// Where the statement starts and its full source text (for history, reports, save session).
  package var location: SourceLocation
  package var text: String
  /// Where the statement ends (for "expected ..." errors after the last argument).
  package var endLocation: SourceLocation

  /// The `command` of an expression statement: never a command name (it has no letters).
  package static let expressionCommand = "="

  package enum Argument: Sendable, Equatable {
    case positional(Expr)
    case option(OptionArgument)
  }

  package var positionals: [Expr] {
    arguments.compactMap { if case .positional(let e) = $0 { return e } else { return nil } }
  }
  package var options: [OptionArgument] {
    arguments.compactMap { if case .option(let o) = $0 { return o } else { return nil } }
  }

  package static func == (a: Statement, b: Statement) -> Bool {
    a.targets.map(\.name) == b.targets.map(\.name) && a.command == b.command
      && a.arguments == b.arguments && a.text == b.text && a.expression == b.expression
  }
}

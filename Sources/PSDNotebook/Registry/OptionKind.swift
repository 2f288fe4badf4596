import PSDCore
import PSDModels

/// What an option's value is. Numbers carry their allowed range; choices their values. The
/// placeholder help shows, the script check and the context's typed accessors all follow it.
package enum OptionKind: Sendable, Equatable {
  /// A whole number in the range (`trees=300`).
  case integer(ParameterRange)
  /// A finite number in the range (`rate=0.05`, `fn=10`).
  case number(ParameterRange)
  /// A duration, in seconds (`budget=120s`, `5m`), in the range.
  case duration(ParameterRange)
  /// true or false.
  case flag
  /// One of these words (`kind=left`).
  case choice([String])
  /// A word or a quoted text (`suffix="_r"`, `column=SCORE`).
  case text
  /// A file path in quotes (`out="cost.csv"`).
  case path
  /// One column (`target=TARGET`).
  case column
  /// A list of columns (`exclude=[SK_ID_CURR, TARGET]`); one column is a list of one.
  case columns
  /// A bound frame (`valid=te`).
  case frame
  /// A client's id (`client=100002`, `client="A-1"`).
  case client
  /// A whole number in the range, or a binning made by `bin` (`bins=10`, `bins=b`).
  case countOrBinning(ParameterRange)
  /// A list or block the command reads itself; the text is its placeholder (`{COL: float; ...}`).
  case structured(String)

  /// The kind of a trainer parameter.
  package init<Options>(_ kind: ModelParameter<Options>.Kind) {
    switch kind {
    case .integer(let r): self = .integer(r)
    case .number(let r): self = .number(r)
    case .choice(let c): self = .choice(c)
    }
  }

  /// A choice among the raw values of an enum's cases.
  package static func choice<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> OptionKind
  where E.RawValue == String {
    .choice(type.allCases.map(\.rawValue))
  }

  package var placeholder: String {
    switch self {
    case .integer: return "N"
    case .number: return "X"
    case .duration: return "DURATION"
    case .flag: return "true|false"
    case .choice(let values): return values.joined(separator: "|")
    case .text: return "TEXT"
    case .path: return "PATH"
    case .column: return "COL"
    case .columns: return "[COLUMNS]"
    case .frame: return "FRAME"
    case .client: return "ID"
    case .countOrBinning: return "N|BINNING"
    case .structured(let hint): return hint
    }
  }

  /// The allowed range of a numeric kind.
  package var range: ParameterRange? {
    switch self {
    case .integer(let r), .number(let r), .duration(let r), .countOrBinning(let r): return r.isUnbounded ? nil : r
    default: return nil
    }
  }

  /// "a whole number", "true or false", ...: what an error says was expected.
  package var expectation: String {
    switch self {
    case .integer, .countOrBinning: return "a whole number"
    case .number: return "a number"
    case .duration: return "a duration like 120s"
    case .flag: return "true or false"
    case .choice(let values): return "one of " + values.joined(separator: ", ")
    case .text: return "a word or a quoted string"
    case .path: return "a path in quotes"
    case .column: return "a column"
    case .columns: return "a column or a list of columns"
    case .frame: return "a frame"
    case .client: return "a client id"
    case .structured(let hint): return hint
    }
  }
}

/// What an option is when it is not given.
package enum OptionDefault: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral
{
  /// No default: the option is absent (the command does without it).
  case none
  /// This value.
  case value(OptionValue)
  /// A default that depends on the session or the data, in words ("the session seed", "every core").
  case described(String)

  package init(integerLiteral value: Int) { self = .value(.integer(value)) }
  package init(floatLiteral value: Double) { self = .value(.number(value)) }
  package init(booleanLiteral value: Bool) { self = .value(.flag(value)) }
  package static func text(_ s: String) -> OptionDefault { .value(.text(s)) }

  /// How help and the docs show it.
  package var text: String? {
    switch self {
    case .none: return nil
    case .value(let v): return v.description
    case .described(let words): return words
    }
  }
}

/// An option's value, read through its declaration.
package enum OptionValue: Sendable, Equatable, CustomStringConvertible {
  case integer(Int)
  case number(Double)
  case flag(Bool)
  /// A word or a text: a choice, a path, a name.
  case text(String)

  package init(_ value: ParameterValue) {
    switch value {
    case .integer(let i): self = .integer(i)
    case .number(let d): self = .number(d)
    case .choice(let s): self = .text(s)
    }
  }

  package var parameterValue: ParameterValue {
    switch self {
    case .integer(let i): return .integer(i)
    case .number(let d): return .number(d)
    case .flag(let b): return .choice(String(b))
    case .text(let s): return .choice(s)
    }
  }

  package var description: String {
    switch self {
    case .integer(let i): return String(i)
    case .number(let d): return Format.number(d)
    case .flag(let b): return String(b)
    case .text(let s): return s
    }
  }
}

import PSDCore

/// The values a numeric parameter may take, with the rule in words for errors, help and docs
/// ("at least 1", "0 or more", "in (0, 1]", "between 2 and 255").
package struct ParameterRange: Sendable, Equatable {
  package var lower: Double?
  package var lowerOpen = false
  package var upper: Double?
  package var upperOpen = false

  package init(lower: Double? = nil, lowerOpen: Bool = false, upper: Double? = nil, upperOpen: Bool = false) {
    self.lower = lower
    self.lowerOpen = lowerOpen
    self.upper = upper
    self.upperOpen = upperOpen
  }

  /// Any value.
  package static let any = ParameterRange()
  /// `x ≥ bound`.
  package static func atLeast(_ bound: Double) -> ParameterRange { ParameterRange(lower: bound) }
  /// `x > bound`.
  package static func above(_ bound: Double) -> ParameterRange { ParameterRange(lower: bound, lowerOpen: true) }
  /// `low ≤ x ≤ high`.
  package static func between(_ low: Double, _ high: Double) -> ParameterRange {
    ParameterRange(lower: low, upper: high)
  }
  /// `0 < x ≤ 1`: a share of rows, features, ...
  package static let fraction = ParameterRange(lower: 0, lowerOpen: true, upper: 1)

  /// A bound or a value as rules and errors show it: whole numbers without ".0".
  static func text(_ x: Double) -> String {
    x.isFinite && x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
  }

  package var isUnbounded: Bool { lower == nil && upper == nil }

  package func contains(_ x: Double) -> Bool {
    if let lower, lowerOpen ? !(x > lower) : !(x >= lower) { return false }
    if let upper, upperOpen ? !(x < upper) : !(x <= upper) { return false }
    return true
  }

  /// The rule in words, completing "must be ...": "at least 1", "0 or more", "greater than 0",
  /// "between 2 and 255", "in (0, 1]"; nil for any value.
  package var rule: String? {
    switch (lower, upper) {
    case (nil, nil): return nil
    case (let l?, nil):
      return lowerOpen ? "greater than \(Self.text(l))" : l == 0 ? "0 or more" : "at least \(Self.text(l))"
    case (nil, let u?): return upperOpen ? "less than \(Self.text(u))" : "at most \(Self.text(u))"
    case (let l?, let u?):
      if !lowerOpen && !upperOpen { return "between \(Self.text(l)) and \(Self.text(u))" }
      return "in \(lowerOpen ? "(" : "[")\(Self.text(l)), \(Self.text(u))\(upperOpen ? ")" : "]")"
    }
  }
}

/// A parameter's value as the declaration reads and writes it.
package enum ParameterValue: Sendable, Equatable {
  case integer(Int)
  case number(Double)
  /// One of a choice's values.
  case choice(String)
}

/// One trainer parameter, declared once: its name in the language, kind, allowed values, help
/// text, and where it lives in the options struct. The notebook builds its options, their
/// parsing and checking, `help`, completion and Docs/language.md from these tables
/// (`GBDTOptions.parameters`, `LogisticOptions.parameters`); the default is the struct's.
package struct ModelParameter<Options>: Sendable {
  package enum Kind: Sendable, Equatable {
    case integer(ParameterRange)
    case number(ParameterRange)
    case choice([String])
  }

  package let name: String
  package let kind: Kind
  package let summary: String
  private let get: @Sendable (Options) -> ParameterValue
  private let set: @Sendable (inout Options, ParameterValue) -> Void

  package init(
    name: String, kind: Kind, summary: String, get: @escaping @Sendable (Options) -> ParameterValue,
    set: @escaping @Sendable (inout Options, ParameterValue) -> Void
  ) {
    self.name = name
    self.kind = kind
    self.summary = summary
    self.get = get
    self.set = set
  }

  /// The parameter's value in `options`.
  package func value(in options: Options) -> ParameterValue { get(options) }

  /// Writes `value` into `options` (a value of the declared kind; the caller checked the range).
  package func write(_ value: ParameterValue, into options: inout Options) { set(&options, value) }

  package static func integer(
    _ name: String, _ keyPath: WritableKeyPath<Options, Int> & Sendable,
    _ range: ParameterRange, _ summary: String
  ) -> ModelParameter {
    ModelParameter(
      name: name, kind: .integer(range), summary: summary,
      get: { .integer($0[keyPath: keyPath]) },
      set: { if case .integer(let v) = $1 { $0[keyPath: keyPath] = v } })
  }

  package static func number(
    _ name: String, _ keyPath: WritableKeyPath<Options, Double> & Sendable,
    _ range: ParameterRange, _ summary: String
  ) -> ModelParameter {
    ModelParameter(
      name: name, kind: .number(range), summary: summary,
      get: { .number($0[keyPath: keyPath]) },
      set: {
        switch $1 {
        case .number(let v): $0[keyPath: keyPath] = v
        case .integer(let v): $0[keyPath: keyPath] = Double(v)
        case .choice: break
        }
      })
  }

  /// A choice among the cases of `E`, by their raw values.
  package static func choice<E: CaseIterable & RawRepresentable & Sendable>(
    _ name: String, _ keyPath: WritableKeyPath<Options, E> & Sendable, _ summary: String
  ) -> ModelParameter where E.RawValue == String {
    ModelParameter(
      name: name, kind: .choice(E.allCases.map(\.rawValue)), summary: summary,
      get: { .choice($0[keyPath: keyPath].rawValue) },
      set: { if case .choice(let s) = $1, let e = E(rawValue: s) { $0[keyPath: keyPath] = e } })
  }
}

/// An options struct whose parameters are declared in a table.
package protocol ParameterizedOptions: Sendable {
  init()
  static var parameters: [ModelParameter<Self>] { get }
}

extension ParameterizedOptions {
  /// Fails on the first parameter whose value in `options` is outside its declared range (or
  /// not finite): trainers called without the notebook (the API, tests, tune) are checked by the
  /// same table the notebook checks its options with.
  package static func validate(_ options: Self) throws {
    for p in parameters {
      let x: Double, range: ParameterRange
      switch (p.kind, p.value(in: options)) {
      case (.integer(let r), .integer(let v)): x = Double(v); range = r
      case (.number(let r), .number(let v)): x = v; range = r
      default: continue
      }
      if !x.isFinite || !range.contains(x) {
        let rule = range.rule.map { "must be \($0)" } ?? "must be a finite number"
        let shown = ParameterRange.text(x)
        throw PSDError.usage(
          "option '\(p.name)' \(x.isFinite ? rule : "must be a finite number"), found \(shown)", subject: p.name)
      }
    }
  }

  /// The declared parameter `name`, if any.
  package static func parameter(_ name: String) -> ModelParameter<Self>? { parameters.first { $0.name == name } }
}

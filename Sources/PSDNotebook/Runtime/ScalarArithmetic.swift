import Foundation
import PSDCore
import PSDLanguage

/// Operators and functions on session scalars (`fn = 10`, `r = fn / fp`, `t > 0.05 and ok`):
/// the same operators frame expressions have, on one value. Missing propagates like in a
/// column (`missing + 1` is missing); a mismatch of kinds is an error naming both.
enum ScalarArithmetic {
  static func unary(_ op: String, _ v: Value, expr: Expr) throws -> Value {
    switch (op, v) {
    case (_, .missing): return .missing
    case ("-", .number(let x)): return .number(-x)
    case ("not", .bool(let b)): return .bool(!b)
    default:
      throw Diagnostic(at: expr.location, "'\(op)' does not apply to \(v.kindWithArticle)", length: expr.text.count)
    }
  }

  static func binary(_ op: String, _ a: Value, _ b: Value, expr: Expr) throws -> Value {
    switch (a, b) {
    case (.missing, _), (_, .missing):
      return .missing
    case (.number(let x), .number(let y)):
      switch op {
      case "+": return try finite(x + y, expr)
      case "-": return try finite(x - y, expr)
      case "*": return try finite(x * y, expr)
      case "/":
        if y == 0 { throw Diagnostic(at: expr.location, "division by zero in \(expr.text)", length: expr.text.count) }
        return try finite(x / y, expr)
      default: if let r = compare(op, x, y) { return .bool(r) }
      }
    case (.string(let x), .string(let y)):
      if op == "+" { return .string(x + y) }
      if let r = compare(op, x, y) { return .bool(r) }
    case (.bool(let x), .bool(let y)):
      switch op {
      case "and": return .bool(x && y)
      case "or": return .bool(x || y)
      case "==": return .bool(x == y)
      case "!=": return .bool(x != y)
      default: break
      }
    default: break
    }
    throw Diagnostic(
      at: expr.location, "'\(op)' does not apply to \(a.kindWithArticle) and \(b.kindWithArticle)",
      notes: notes(op, a, b), length: expr.text.count)
  }

  private static func notes(_ op: String, _ a: Value, _ b: Value) -> [String] {
    if a.isFrame || b.isFrame {
      return ["operators on columns go in derive or filter: derive X NEW = A \(op) B"]
    }
    return []
  }

  private static func finite(_ v: Double, _ expr: Expr) throws -> Value {
    guard v.isFinite else {
      throw Diagnostic(at: expr.location, "\(expr.text) is too large (not a finite number)", length: expr.text.count)
    }
    return .number(v)
  }

  private static func compare<T: Comparable>(_ op: String, _ x: T, _ y: T) -> Bool? {
    switch op {
    case "<": return x < y
    case "<=": return x <= y
    case ">": return x > y
    case ">=": return x >= y
    case "==": return x == y
    case "!=": return x != y
    default: return nil
    }
  }

  /// The functions frame expressions have that make sense on one number.
  static let functions = ["abs", "sqrt", "log", "exp", "round", "floor", "ceil", "min", "max"]

  static func call(_ f: String, _ args: [Value], expr: Expr) throws -> Value {
    if args.contains(where: { if case .missing = $0 { return true } else { return false } }) { return .missing }
    let numbers = args.compactMap { v -> Double? in if case .number(let x) = v { return x } else { return nil } }
    guard numbers.count == args.count else {
      throw Diagnostic(at: expr.location, "\(f)(...) takes numbers", length: expr.text.count)
    }
    func one(_ g: (Double) -> Double) throws -> Value {
      guard numbers.count == 1 else {
        throw Diagnostic(at: expr.location, "\(f) takes one number, found \(numbers.count)", length: expr.text.count)
      }
      return try finite(g(numbers[0]), expr)
    }
    switch f {
    case "abs": return try one { Swift.abs($0) }
    case "sqrt": return try one { $0 >= 0 ? $0.squareRoot() : .nan }
    case "log": return try one { $0 > 0 ? Foundation.log($0) : .nan }
    case "exp": return try one { Foundation.exp($0) }
    case "round": return try one { $0.rounded() }
    case "floor": return try one { $0.rounded(.down) }
    case "ceil": return try one { $0.rounded(.up) }
    case "min", "max":
      guard !numbers.isEmpty else {
        throw Diagnostic(at: expr.location, "\(f) takes at least one number", length: expr.text.count)
      }
      return .number(f == "min" ? numbers.min()! : numbers.max()!)
    default:
      var notes = ["functions on values: " + functions.joined(separator: ", ")]
      if let best = Suggestions.closest(to: f, among: functions) { notes.insert("did you mean '\(best)'?", at: 0) }
      throw Diagnostic(at: expr.location, "unknown function '\(f)'", notes: notes, length: f.count)
    }
  }
}

extension Value {
  var isFrame: Bool { if case .frame = self { return true } else { return false } }
}

import Foundation
import PSDCore
import PSDData
import PSDLanguage

/// Names and values: what a statement refers to (frames, columns, scalars, records) and the
/// expressions it evaluates.
extension Session {
  func lookup(_ name: String, at expr: Expr) throws -> Value {
    if let v = bindings[name] { return v }
    var notes: [String] = []
    if forgotten.contains(name) {
      notes.append("'\(name)' was forgotten earlier in this session")
    } else if let best = Suggestions.closest(to: name, among: Array(bindings.keys)) {
      notes.append("did you mean '\(best)'?")
    } else if bindings.isEmpty {
      notes.append("nothing is bound yet: start with  x = load \"file.csv\"")
    }
    throw Diagnostic(at: expr.location, "no name '\(name)' in this session", notes: notes, length: name.count)
  }

  func frame(_ expr: Expr) throws -> DataFrame {
    guard let name = expr.name else {
      throw Diagnostic(at: expr.location, "expected the name of a frame, found \(expr.text)", length: expr.text.count)
    }
    let v = try lookup(name, at: expr)
    guard case .frame(let f) = v else {
      var notes: [String] = []
      if case .warehouseFrame = v {
        notes = [
          "its rows stay in the warehouse until pulled: x = collect \(name)  (or x = sample \(name) by TARGET n=10000)"
        ]
      }
      throw Diagnostic(
        at: expr.location, "'\(name)' is \(v.kindWithArticle), not a frame", notes: notes, length: name.count)
    }
    return f
  }

  func columnName(_ expr: Expr, in frame: DataFrame, frameName: String) throws -> String {
    let name: String
    switch expr.kind {
    case .name(let n): name = n
    case .string(let s): name = s
    case .member(let base, let c):
      if base != frameName {
        throw Diagnostic(
          at: expr.location, "\(expr.text) is a column of '\(base)', but this statement works on '\(frameName)'",
          length: expr.text.count)
      }
      name = c
    default:
      throw Diagnostic(at: expr.location, "expected a column name, found \(expr.text)", length: expr.text.count)
    }
    if frame.columnIndex(name) != nil { return name }
    var location = expr.location
    if case .member(let base, _) = expr.kind {
      location.column += base.count + 1
      location.offset += base.utf8.count + 1
    }
    var notes: [String] = []
    if let best = Suggestions.closest(to: name, among: frame.columnNames) { notes.append("did you mean '\(best)'?") }
    throw Diagnostic(at: location, "no column '\(name)' in '\(frameName)'", notes: notes, length: name.count)
  }

  func columnNames(_ expr: Expr, in frame: DataFrame, frameName: String) throws -> [String] {
    if case .list(let items) = expr.kind {
      return try items.map { try columnName($0, in: frame, frameName: frameName) }
    }
    return [try columnName(expr, in: frame, frameName: frameName)]
  }

  /// Names as plain strings: `A`, `"A"`, `[A, "B"]`.
  func plainNames(_ expr: Expr) throws -> [String] {
    switch expr.kind {
    case .name(let n): return [n]
    case .string(let s): return [s]
    case .member(_, let c): return [c]
    case .list(let items): return try items.flatMap { try plainNames($0) }
    default:
      throw Diagnostic(
        at: expr.location, "expected a name or a list of names, found \(expr.text)", length: expr.text.count)
    }
  }

  /// A value: a literal, a list, a bound name, a record's field (`e.auc`), or arithmetic,
  /// comparisons and `and`/`or`/`not` over them (`fn * 2`, `t > 0.05`, `level + " loans"`).
  func evaluate(_ expr: Expr) throws -> Value {
    switch expr.kind {
    case .number(let v): return .number(v)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    case .list(let items): return .list(try items.map { try evaluate($0) })
    case .name(let n): return try lookup(n, at: expr)
    case .member(let base, let field): return try member(base, field, in: expr)
    case .unary(let op, let inner):
      return try ScalarArithmetic.unary(op, try evaluate(inner), expr: expr)
    case .binary(let op, _, _):
      if op == ":" { break }
      return try evaluateChain(expr)
    case .isMissing(let inner, let negated):
      let v = try evaluate(inner)
      var isMissing = false
      if case .missing = v { isMissing = true }
      if case .number(let x) = v, x.isNaN { isMissing = true }
      return .bool(isMissing != negated)
    case .call(let f, let args):
      return try ScalarArithmetic.call(f, try args.map { try evaluate($0) }, expr: expr)
    case .block: break
    }
    throw Diagnostic(
      at: expr.location, "expected a value, found \(expr.text)",
      notes: ["blocks like {COL: mean} are for aggregate and load types="], length: expr.text.count)
  }

  /// `1 + 2 + ... + 2000`: the left-leaning chain an operator sequence parses to, folded in a
  /// loop (a statement may hold 2,000 terms; recursion that deep overflows the stack).
  @inline(never)
  private func evaluateChain(_ expr: Expr) throws -> Value {
    var spine: [Expr] = []
    var node = expr
    while case .binary(let op, let left, _) = node.kind, op != ":" {
      spine.append(node)
      node = left
    }
    var value = try evaluate(node)
    for step in spine.reversed() {
      guard case .binary(let op, _, let right) = step.kind else { continue }
      value = try ScalarArithmetic.binary(op, value, try evaluate(right), expr: step)
    }
    return value
  }

  /// `e.auc`: a field of a record. `app.AMT_CREDIT` is a column, not one value.
  private func member(_ base: String, _ field: String, in expr: Expr) throws -> Value {
    let value = try lookup(base, at: Expr(.name(base), at: expr.location, text: base))
    var location = expr.location
    location.column += base.count + 1
    location.offset += base.utf8.count + 1
    switch value {
    case .record(let r):
      if let v = r.field(field) { return v }
      var notes: [String] = []
      if let best = Suggestions.closest(to: field, among: r.fieldNames) { notes.append("did you mean '\(best)'?") }
      notes.append("fields of \(base): " + r.fieldNames.joined(separator: ", "))
      throw Diagnostic(at: location, "\(r.kind) '\(base)' has no field '\(field)'", notes: notes, length: field.count)
    case .frame:
      throw Diagnostic(
        at: expr.location, "\(expr.text) is a column (many values), not one value",
        notes: ["describe \(expr.text) summarises it; filter and derive use its values"], length: expr.text.count)
    default:
      throw Diagnostic(
        at: expr.location, "'\(base)' is \(value.kindWithArticle): it has no fields",
        notes: ["fields belong to results such as e = evaluate m on te (e.auc, e.gini, ...)"], length: expr.text.count)
    }
  }

  /// Turns parsed syntax into the data layer's expression. A bare name is a column of `frame`;
  /// a name that is not one of its columns but a session scalar (`t = 0.07`) stands for that
  /// value, and so does a record's field (`e.ks`). A column always wins over a scalar.
  func frameExpression(_ expr: Expr, in frame: DataFrame? = nil) throws -> FrameExpression {
    // Recursion depth is the statement's term count (up to Parser.maxTerms): this frame stays
    // small, the leaves and errors are worked out in helpers.
    switch expr.kind {
    case .name, .member: return try frameLeaf(expr, in: frame)
    case .number(let v): return .number(v)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    case .unary("-", let e): return .negate(try frameExpression(e, in: frame))
    case .unary(_, let e): return .not(try frameExpression(e, in: frame))
    case .binary(let op, let a, let b):
      guard let o = FrameExpression.BinaryOperator(rawValue: op) else {
        throw Diagnostic(at: expr.location, "unknown operator '\(op)'")
      }
      return .binary(o, try frameExpression(a, in: frame), try frameExpression(b, in: frame))
    case .isMissing(let e, let negated): return .isMissing(try frameExpression(e, in: frame), negated: negated)
    case .call(let f, let args): return .call(f, try args.map { try frameExpression($0, in: frame) })
    case .list, .block:
      throw Diagnostic(
        at: expr.location, "a \(expr.text.hasPrefix("[") ? "list" : "block") cannot be part of an expression",
        length: expr.text.count)
    }
  }

  /// A name or `x.COL` in a frame expression: a column, or a session scalar / record field.
  @inline(never)
  private func frameLeaf(_ expr: Expr, in frame: DataFrame?) throws -> FrameExpression {
    switch expr.kind {
    case .name(let n):
      if frame?.columnIndex(n) == nil, let v = bindings[n], v.isScalar { return try literal(v, expr) }
      return .column(n)
    case .member(let base, let c):
      if frame?.columnIndex(expr.text) == nil, case .record = bindings[base] {
        return try literal(try evaluate(expr), expr)
      }
      return .column(c)
    default:
      return try frameExpression(expr, in: frame)
    }
  }

  private func literal(_ v: Value, _ expr: Expr) throws -> FrameExpression {
    switch v {
    case .number(let x): return .number(x)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .missing: return .missing
    default:
      throw Diagnostic(
        at: expr.location, "\(expr.text) is \(v.kindWithArticle), not a number or a text", length: expr.text.count)
    }
  }

  /// Warnings for `COL == "Cash"` where the categorical COL has no level "Cash" (the filter
  /// would silently keep nothing): did-you-mean over its levels.
  func unknownLevelWarnings(_ expr: Expr, in frame: DataFrame) -> [String] {
    var warnings: [String] = []
    func text(_ e: Expr) -> String? {
      switch e.kind {
      case .string(let s): return s
      case .name(let n) where frame.columnIndex(n) == nil:
        if case .string(let s)? = bindings[n] { return s }
        return nil
      default: return nil
      }
    }
    func columnName(_ e: Expr) -> String? {
      switch e.kind {
      case .name(let n) where frame.columnIndex(n) != nil: return n
      case .member(_, let c) where frame.columnIndex(c) != nil: return c
      default: return nil
      }
    }
    func visit(_ e: Expr) {
      switch e.kind {
      case .binary(let op, let a, let b):
        if op == "==" || op == "!=" {
          for (col, lit) in [(a, b), (b, a)] {
            guard let name = columnName(col), let level = text(lit),
              let column = try? frame.column(name), case .category(_, let levels) = column.data,
              !levels.contains(level)
            else { continue }
            var message = "\(name) has no level \"\(level)\", so \(e.text) is never true"
            if op == "!=" {
              message = "\(name) has no level \"\(level)\", so \(e.text) holds on every row with a value"
            }
            if let best = Suggestions.closest(to: level, among: levels)
              ?? levels.first(where: { $0.lowercased().hasPrefix(level.lowercased()) })
            {
              message += "; did you mean \"\(best)\"?"
            } else {
              let shown = levels.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
              message += "; its levels: \(shown)\(levels.count > 8 ? ", …" : "")"
            }
            warnings.append(message)
          }
        }
        visit(a); visit(b)
      case .unary(_, let a), .isMissing(let a, _): visit(a)
      case .call(_, let args): args.forEach(visit)
      default: break
      }
    }
    visit(expr)
    return warnings
  }
}

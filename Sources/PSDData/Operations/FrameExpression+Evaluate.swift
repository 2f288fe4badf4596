import Foundation
import PSDCore

/// The value of an expression node over a whole frame: a vector (one entry per row) or a
/// scalar that broadcasts. Each operator runs one loop over whole arrays, so an expression
/// costs a few passes over memory however many rows the frame has.
package enum ExpressionValue: Sendable {
  /// NaN marks missing.
  case numbers([Double])
  /// 1 true, 0 false, -1 missing (three-valued logic).
  case truth([Int8])
  /// Category codes (-1 missing) with their levels.
  case labels(codes: [Int32], levels: [String])
  case number(Double)
  case string(String)
  case boolean(Bool)
  case missing
}

/// Functions `derive` and `filter` know, with their argument counts (nil: one or more).
let expressionFunctions: [String: ClosedRange<Int>] = [
  "log": 1...1, "log1p": 1...1, "abs": 1...1, "sqrt": 1...1, "exp": 1...1, "floor": 1...1,
  "ceil": 1...1, "round": 1...2, "pow": 2...2, "min": 1...64, "max": 1...64, "clip": 3...3,
  "coalesce": 1...64, "if": 3...3
]

extension FrameExpression {
  /// Evaluates the expression over every row of `frame`.
  /// Numeric rules (documented in Docs/features.md): any missing operand gives missing;
  /// division by zero gives missing; log/log1p outside their domain and sqrt of a negative
  /// give missing; comparisons with a missing operand are missing, and `filter` drops those
  /// rows; `and`/`or` follow three-valued logic (false and missing = false).
  package func evaluate(on frame: DataFrame, frameName: String? = nil) throws -> ExpressionValue {
    let evaluator = ExpressionEvaluator(frame: frame, frameName: frameName)
    return try evaluator.eval(self)
  }
}

struct ExpressionEvaluator {
  let frame: DataFrame
  let frameName: String?
  var n: Int { frame.rowCount }

  func eval(_ e: FrameExpression) throws -> ExpressionValue {
    switch e {
    case .column(let name):
      let c = try frame.column(name, frameName: frameName)
      switch c.data {
      case .float(let v): return .numbers(v)
      case .int, .bool:
        if case .bool(let b) = c.data { return .truth(b) }
        return .numbers(c.doubles()!)
      case .category(let codes, let levels): return .labels(codes: codes, levels: levels)
      }
    case .number(let x): return .number(x)
    case .string(let s): return .string(s)
    case .bool(let b): return .boolean(b)
    case .missing: return .missing
    case .negate(let inner):
      return try arithmetic(.number(0), try eval(inner), op: .subtract, what: "-")
    case .not(let inner):
      let v = try truth(try eval(inner), what: "not")
      return mapTruth(v) { $0 < 0 ? -1 : 1 - $0 }
    case .isMissing(let inner, let negated):
      let m = missingMask(try eval(inner))
      return negated ? mapTruth(m) { 1 - $0 } : m
    case .binary(let op, let a, let b):
      let va = try eval(a), vb = try eval(b)
      switch op {
      case .add, .subtract, .multiply, .divide: return try arithmetic(va, vb, op: op, what: op.rawValue)
      case .and, .or: return try logical(va, vb, isAnd: op == .and)
      default: return try compare(va, vb, op: op)
      }
    case .call(let name, let args):
      return try call(name.lowercased(), args)
    }
  }

  // MARK: numbers

  /// A value read as numbers (booleans as 0/1); nil for a scalar number.
  func numbers(_ v: ExpressionValue, what: String) throws -> [Double] {
    switch v {
    case .numbers(let x): return x
    case .truth(let t): return t.map { $0 < 0 ? .nan : Double($0) }
    case .number(let x): return [Double](repeating: x, count: n)
    case .boolean(let b): return [Double](repeating: b ? 1 : 0, count: n)
    case .missing: return [Double](repeating: .nan, count: n)
    case .labels, .string:
      throw PSDError.data("'\(what)' needs numbers, got text (a categorical column or a string)")
    }
  }

  func isScalarNumber(_ v: ExpressionValue) -> Double? {
    switch v {
    case .number(let x): return x
    case .boolean(let b): return b ? 1 : 0
    case .missing: return .nan
    default: return nil
    }
  }

  @inline(__always) static func apply(_ op: FrameExpression.BinaryOperator, _ x: Double, _ y: Double) -> Double {
    switch op {
    case .add: return x + y
    case .subtract: return x - y
    case .multiply: return x * y
    default: return y == 0 ? .nan : x / y  // division by zero: missing, not inf
    }
  }

  func arithmetic(
    _ a: ExpressionValue, _ b: ExpressionValue, op: FrameExpression.BinaryOperator,
    what: String
  ) throws -> ExpressionValue {
    if let x = isScalarNumber(a), let y = isScalarNumber(b) { return .number(Self.apply(op, x, y)) }
    if let y = isScalarNumber(b) {
      var out = try numbers(a, what: what)
      var o = out.mutableSpan
      switch op {
      case .add: for i in o.indices { o[i] += y }
      case .subtract: for i in o.indices { o[i] -= y }
      case .multiply: for i in o.indices { o[i] *= y }
      default:
        if y == 0 { for i in o.indices { o[i] = .nan } } else { for i in o.indices { o[i] /= y } }
      }
      return .numbers(out)
    }
    let xa = try numbers(a, what: what)
    let xb = try numbers(b, what: what)
    var out = [Double](repeating: 0, count: n)
    let p = xa.span, q = xb.span
    var o = out.mutableSpan
    switch op {
    case .add: for i in o.indices { o[i] = p[i] + q[i] }
    case .subtract: for i in o.indices { o[i] = p[i] - q[i] }
    case .multiply: for i in o.indices { o[i] = p[i] * q[i] }
    default: for i in o.indices { o[i] = q[i] == 0 ? .nan : p[i] / q[i] }
    }
    return .numbers(out)
  }

  // MARK: truth

  func truth(_ v: ExpressionValue, what: String) throws -> ExpressionValue {
    switch v {
    case .truth, .boolean, .missing: return v
    case .numbers(let x): return .truth(x.map { $0.isNaN ? -1 : ($0 != 0 ? 1 : 0) })
    case .number(let x): return x.isNaN ? .missing : .boolean(x != 0)
    case .labels, .string:
      throw PSDError.data(
        "'\(what)' needs a condition, got text",
        notes: ["compare it first, e.g. NAME_CONTRACT_STATUS == \"Refused\""])
    }
  }

  func truthVector(_ v: ExpressionValue, what: String) throws -> [Int8] {
    switch try truth(v, what: what) {
    case .truth(let t): return t
    case .boolean(let b): return [Int8](repeating: b ? 1 : 0, count: n)
    default: return [Int8](repeating: -1, count: n)
    }
  }

  func mapTruth(_ v: ExpressionValue, _ f: (Int8) -> Int8) -> ExpressionValue {
    switch v {
    case .truth(let t): return .truth(t.map(f))
    case .boolean(let b): return .boolean(f(b ? 1 : 0) == 1)
    default:
      let r = f(-1)
      return r < 0 ? .missing : .boolean(r == 1)
    }
  }

  func missingMask(_ v: ExpressionValue) -> ExpressionValue {
    switch v {
    case .numbers(let x): return .truth(x.map { $0.isNaN ? 1 : 0 })
    case .truth(let t): return .truth(t.map { $0 < 0 ? 1 : 0 })
    case .labels(let c, _): return .truth(c.map { $0 < 0 ? 1 : 0 })
    case .number(let x): return .boolean(x.isNaN)
    case .missing: return .boolean(true)
    case .string, .boolean: return .boolean(false)
    }
  }

  func logical(_ a: ExpressionValue, _ b: ExpressionValue, isAnd: Bool) throws -> ExpressionValue {
    let what = isAnd ? "and" : "or"
    let p = try truthVector(a, what: what), q = try truthVector(b, what: what)
    var out = [Int8](repeating: 0, count: n)
    for i in 0..<n {
      let x = p[i], y = q[i]
      if isAnd {
        out[i] = (x == 0 || y == 0) ? 0 : ((x < 0 || y < 0) ? -1 : 1)
      } else {
        out[i] = (x == 1 || y == 1) ? 1 : ((x < 0 || y < 0) ? -1 : 0)
      }
    }
    return .truth(out)
  }

  // MARK: comparisons

  static func holds(_ op: FrameExpression.BinaryOperator, _ order: Int) -> Bool {
    switch op {
    case .less: return order < 0
    case .lessOrEqual: return order <= 0
    case .greater: return order > 0
    case .greaterOrEqual: return order >= 0
    case .equal: return order == 0
    default: return order != 0
    }
  }

  func isText(_ v: ExpressionValue) -> Bool {
    switch v {
    case .labels, .string: return true
    default: return false
    }
  }

  func compare(_ a: ExpressionValue, _ b: ExpressionValue, op: FrameExpression.BinaryOperator) throws -> ExpressionValue
  {
    if case .missing = a { return .missing }
    if case .missing = b { return .missing }
    if isText(a) || isText(b) { return try compareText(a, b, op: op) }
    if let x = isScalarNumber(a), let y = isScalarNumber(b) {
      return x.isNaN || y.isNaN ? .missing : .boolean(Self.holds(op, x < y ? -1 : (x > y ? 1 : 0)))
    }
    let xa = try numbers(a, what: op.rawValue), xb = try numbers(b, what: op.rawValue)
    var out = [Int8](repeating: -1, count: n)
    let p = xa.span, q = xb.span
    var o = out.mutableSpan
    switch op {
    case .less: Self.compareRows(p, q, &o, <)
    case .lessOrEqual: Self.compareRows(p, q, &o, <=)
    case .greater: Self.compareRows(p, q, &o, >)
    case .greaterOrEqual: Self.compareRows(p, q, &o, >=)
    case .equal: Self.compareRows(p, q, &o, ==)
    default: Self.compareRows(p, q, &o, !=)
    }
    return .truth(out)
  }

  /// Row-wise min or max: `x` replaces the row's value when that is missing or beaten.
  @inline(__always)
  static func fold(_ x: Double, into o: inout MutableSpan<Double>, at i: Int, isMax: Bool) {
    let cur = o[i]
    if cur.isNaN || (isMax ? x > cur : x < cur) { o[i] = x }
  }

  /// 1 or 0 where both sides are present; inlined so each operator gets its own loop.
  @inline(__always)
  static func compareRows(
    _ p: Span<Double>, _ q: Span<Double>, _ o: inout MutableSpan<Int8>, _ test: (Double, Double) -> Bool
  ) {
    for i in o.indices {
      let x = p[i], y = q[i]
      if !x.isNaN && !y.isNaN { o[i] = test(x, y) ? 1 : 0 }
    }
  }

  /// Text comparisons: a categorical column against a string decides once per level, then
  /// maps codes; two categorical columns compare their labels.
  func compareText(_ a: ExpressionValue, _ b: ExpressionValue, op: FrameExpression.BinaryOperator) throws
    -> ExpressionValue
  {
    func order(_ x: String, _ y: String) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
    switch (a, b) {
    case (.string(let x), .string(let y)): return .boolean(Self.holds(op, order(x, y)))
    case (.labels(let codes, let levels), .string(let s)), (.string(let s), .labels(let codes, let levels)):
      let flipped: Bool = { if case .string = a { return true } else { return false } }()
      let perLevel: [Int8] = levels.map { l in
        Self.holds(op, flipped ? order(s, l) : order(l, s)) ? 1 : 0
      }
      return .truth(codes.map { $0 < 0 ? -1 : perLevel[Int($0)] })
    case (.labels(let ca, let la), .labels(let cb, let lb)):
      var out = [Int8](repeating: -1, count: n)
      for i in 0..<n where ca[i] >= 0 && cb[i] >= 0 {
        out[i] = Self.holds(op, order(la[Int(ca[i])], lb[Int(cb[i])])) ? 1 : 0
      }
      return .truth(out)
    default:
      throw PSDError.data(
        "cannot compare text with a number using '\(op.rawValue)'",
        notes: ["categorical columns compare with strings: CODE_GENDER == \"F\""])
    }
  }

  // MARK: functions

  func call(_ name: String, _ args: [FrameExpression]) throws -> ExpressionValue {
    guard let arity = expressionFunctions[name] else {
      throw PSDError.unknown("function", name, candidates: expressionFunctions.keys.sorted())
    }
    guard arity.contains(args.count) else {
      let want =
        arity.lowerBound == arity.upperBound
        ? "\(arity.lowerBound)"
        : (arity.upperBound >= 64 ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)")
      throw PSDError.usage(
        "\(name) takes \(want) argument\(want == "1" ? "" : "s"), got \(args.count)",
        subject: name)
    }
    if name == "if" { return try conditional(args) }
    if name == "coalesce" { return try coalesce(args) }
    let values = try args.map { try eval($0) }
    func unary(_ f: (Double) -> Double) throws -> ExpressionValue {
      if let x = isScalarNumber(values[0]) { return .number(x.isNaN ? .nan : f(x)) }
      return .numbers(try numbers(values[0], what: name).map(f))
    }
    switch name {
    case "log": return try unary { $0 > 0 ? Foundation.log($0) : .nan }
    case "log1p": return try unary { $0 > -1 ? Foundation.log1p($0) : .nan }
    case "abs": return try unary { Swift.abs($0) }
    case "sqrt": return try unary { $0 >= 0 ? $0.squareRoot() : .nan }
    case "exp": return try unary { Foundation.exp($0) }
    case "floor": return try unary { $0.rounded(.down) }
    case "ceil": return try unary { $0.rounded(.up) }
    case "round":
      let digits = values.count > 1 ? (isScalarNumber(values[1]) ?? 0) : 0
      let scale = Foundation.pow(10, digits)
      return try unary { ($0 * scale).rounded(.toNearestOrEven) / scale }
    case "pow":
      let base = try numbers(values[0], what: name), ex = try numbers(values[1], what: name)
      return .numbers((0..<n).map { Foundation.pow(base[$0], ex[$0]) })
    case "min", "max":
      // Row-wise, skipping missing arguments (pandas min(axis=1)); all missing -> missing.
      let isMax = name == "max"
      for v in values where isText(v) { _ = try numbers(v, what: name) }  // throws the text error
      var out = [Double](repeating: .nan, count: n)
      var o = out.mutableSpan
      for v in values {
        if let c = isScalarNumber(v) {
          if !c.isNaN { for i in o.indices { Self.fold(c, into: &o, at: i, isMax: isMax) } }
        } else if let x = try? numbers(v, what: name) {
          let x = x.span
          for i in o.indices where !x[i].isNaN { Self.fold(x[i], into: &o, at: i, isMax: isMax) }
        }
      }
      return .numbers(out)
    case "clip":
      // clip(x, low, high); a missing bound does not clip on that side.
      let x = try numbers(values[0], what: name)
      let lo = try numbers(values[1], what: name), hi = try numbers(values[2], what: name)
      return .numbers(
        (0..<n).map { i in
          var v = x[i]
          if !lo[i].isNaN && v < lo[i] { v = lo[i] }
          if !hi[i].isNaN && v > hi[i] { v = hi[i] }
          return v
        })
    default:
      throw PSDError.unknown("function", name, candidates: expressionFunctions.keys.sorted())
    }
  }

  /// The first non-missing argument per row; text arguments give a categorical result.
  func coalesce(_ args: [FrameExpression]) throws -> ExpressionValue {
    let values = try args.map { try eval($0) }
    if values.contains(where: isText) {
      let cats = try values.map { try labels($0, what: "coalesce") }
      return mergeLabels(cats) { row, parts in parts.firstIndex { $0.codes[row] >= 0 } }
    }
    var out = [Double](repeating: .nan, count: n)
    for v in values {
      let x = try numbers(v, what: "coalesce")
      for i in 0..<n where out[i].isNaN { out[i] = x[i] }
    }
    return .numbers(out)
  }

  /// if(cond, a, b): a where cond holds, b where it is false, missing where cond is missing.
  func conditional(_ args: [FrameExpression]) throws -> ExpressionValue {
    let cond = try truthVector(try eval(args[0]), what: "if")
    let a = try eval(args[1]), b = try eval(args[2])
    if isText(a) || isText(b) {
      let parts = [try labels(a, what: "if"), try labels(b, what: "if")]
      return mergeLabels(parts) { row, _ in cond[row] < 0 ? nil : (cond[row] == 1 ? 0 : 1) }
    }
    if case .truth = a, case .truth = b {
      let p = try truthVector(a, what: "if"), q = try truthVector(b, what: "if")
      return .truth((0..<n).map { cond[$0] < 0 ? -1 : (cond[$0] == 1 ? p[$0] : q[$0]) })
    }
    let x = try numbers(a, what: "if"), y = try numbers(b, what: "if")
    return .numbers((0..<n).map { cond[$0] < 0 ? .nan : (cond[$0] == 1 ? x[$0] : y[$0]) })
  }

  func labels(_ v: ExpressionValue, what: String) throws -> (codes: [Int32], levels: [String]) {
    switch v {
    case .labels(let c, let l): return (c, l)
    case .string(let s): return ([Int32](repeating: 0, count: n), [s])
    case .missing: return ([Int32](repeating: -1, count: n), [])
    default: throw PSDError.data("'\(what)' cannot mix text and numbers in its results")
    }
  }

  /// Builds one categorical vector taking, per row, the code from the part `pick` chooses.
  func mergeLabels(
    _ parts: [(codes: [Int32], levels: [String])],
    pick: (Int, [(codes: [Int32], levels: [String])]) -> Int?
  ) -> ExpressionValue {
    var levels: [String] = []
    var index: [String: Int32] = [:]
    let maps: [[Int32]] = parts.map { part in
      part.levels.map { l in
        if let c = index[l] { return c }
        let c = Int32(levels.count)
        index[l] = c
        levels.append(l)
        return c
      }
    }
    var codes = [Int32](repeating: -1, count: n)
    for i in 0..<n {
      guard let p = pick(i, parts) else { continue }
      let c = parts[p].codes[i]
      if c >= 0 { codes[i] = maps[p][Int(c)] }
    }
    return .labels(codes: codes, levels: levels)
  }
}

extension ExpressionValue {
  /// The value as a column of `rows` rows (scalars repeat).
  package func column(named name: String, rows: Int) -> Column {
    switch self {
    case .numbers(let x): return .float(name, x)
    case .truth(let t): return .bool(name, t)
    case .labels(let c, let l): return .category(name, codes: c, levels: l)
    case .number(let x): return .float(name, [Double](repeating: x, count: rows))
    case .boolean(let b): return .bool(name, [Int8](repeating: b ? 1 : 0, count: rows))
    case .string(let s): return .category(name, codes: [Int32](repeating: 0, count: rows), levels: [s])
    case .missing: return .float(name, [Double](repeating: .nan, count: rows))
    }
  }
}

import PSDCore
import PSDData

/// `replace X COL V with missing`: sentinels to missing (or any value to another).
enum ReplaceCommand {
  static let spec = CommandSpec(
    name: "replace", topic: "features",
    usage: [
      "replace FRAME COL VALUE with missing", "replace FRAME [COL1, COL2] VALUE with NEW",
      "replace FRAME COL missing with VALUE"
    ],
    summary: "replace a value (a sentinel such as 365243 or \"XNA\") in columns, e.g. with missing",
    details:
      "Numbers for numeric columns, quoted text for categorical ones. A categorical level that empties is removed.",
    examples: [
      "app = replace app DAYS_EMPLOYED 365243 with missing",
      "app = replace app CODE_GENDER \"XNA\" with missing"
    ],
    keywords: ["with"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (frame, name) = try c.frame()
    let columns = try c.columns(of: frame, named: name, "the column(s)")
    let value = try replaceValue(c, "the value to replace")
    try c.expectKeyword("with")
    let replacement = try replaceValue(c, "the new value (or missing)")
    let replaced = try frame.replace(columns: columns, value: value, with: replacement, frameName: name)
    if case .missing = replacement {
      let made = try columns.reduce(0) {
        $0 + (try replaced.column($1).missingCount) - (try frame.column($1).missingCount)
      }
      c.resultNote = "\(Format.count(made)) value\(made == 1 ? "" : "s") made missing"
    }
    c.result(
      .frame(c.traced(replaced, .replace(columns: columns, value: value, with: replacement), from: [(frame, name)])))
  }

  static func replaceValue(_ c: CommandContext, _ what: String) throws -> ReplaceValue {
    let e = try c.take(what)
    switch e.kind {
    case .number(let v): return .number(v)
    case .unary("-", let inner):
      if case .number(let v) = inner.kind { return .number(-v) }
    case .string(let s): return .string(s)
    case .missing: return .missing
    case .bool(let b): return .number(b ? 1 : 0)
    case .name(let n):
      // `sentinel = 365243` then `replace app DAYS_EMPLOYED sentinel with missing`.
      switch c.session.value(named: n) {
      case .number(let v)?: return .number(v)
      case .string(let s)?: return .string(s)
      case .missing?: return .missing
      default: break
      }
    default: break
    }
    throw c.error("replace: expected \(what): a number, a quoted text or missing; found \(e.text)", at: e)
  }
}

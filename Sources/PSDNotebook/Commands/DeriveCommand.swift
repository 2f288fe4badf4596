import PSDData

/// `derive X NEW = EXPR [NEW2 = EXPR2 ...]`: new columns from expressions, left to right.
enum DeriveCommand {
  static let spec = CommandSpec(
    name: "derive", topic: "features",
    usage: ["derive FRAME NEW = EXPR", "derive FRAME A = EXPR B = EXPR ..."],
    summary: "add (or replace) columns computed from expressions",
    details: """
      Expressions: + - * /, comparisons, and or not, `is missing`, log abs sqrt exp min max clip \
      coalesce if(cond, a, b) (also log1p floor ceil round pow). Evaluated a column at a time. \
      Division by zero, log of a non-positive number and sqrt of a negative give missing. Later \
      assignments see earlier ones.
      """,
    examples: [
      "app = derive app CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL",
      "ins = derive ins DPD = max(DAYS_ENTRY_PAYMENT - DAYS_INSTALMENT, 0)"
    ],
    acceptsFreeOptions: true,
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    var (frame, name) = try c.frame()
    let assignments = c.freeOptions
    if assignments.isEmpty {
      throw c.error("derive: expected NEW = EXPR after the frame", notes: ["usage: " + spec.usage[0]])
    }
    let input = frame
    var derived: [DerivedColumn] = []
    for a in assignments {
      try c.control.checkCancelled()
      for w in c.session.unknownLevelWarnings(a.value, in: frame) { c.warn(w) }
      let expression = try c.session.frameExpression(a.value, in: frame)
      frame = try frame.derive(a.name, expression, frameName: name)
      derived.append(DerivedColumn(name: a.name, expression: expression))
    }
    c.result(.frame(c.traced(frame, .derive(derived), from: [(input, name)])))
  }
}

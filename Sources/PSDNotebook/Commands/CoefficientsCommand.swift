import PSDModels

/// `coefficients M limit=20`: a logistic model's coefficients, largest effect first.
enum CoefficientsCommand {
  static let spec = CommandSpec(
    name: "coefficients", topic: "models",
    usage: ["coefficients MODEL limit=20"],
    summary: "a logistic model's intercept and coefficients, largest first",
    details: "Coefficients are on the standardised scale (log-odds per standard deviation, comparable across inputs); `per unit` divides by the input's standard deviation. Terms: numbers, `COL (missing)` indicators and `COL=level` one-hot levels.",
    options: [OptionSpec("limit", "N", "rows to show (default 20; 0 = all)")],
    examples: ["coefficients lr limit=15"],
    run: run)

  static func run(_ c: CommandContext) throws {
    let (model, name) = try c.model()
    guard case .logistic(let l) = model.estimator else {
      throw c.error("'\(name)' is a \(model.kindName) model; coefficients are for logistic models", notes: ["for trees, see explain \(name)"])
    }
    let limit = try c.int("limit", default: 20)
    let names = l.termNames(model.features)
    let order = l.coefficients.indices.sorted {
      abs(l.coefficients[$0]) != abs(l.coefficients[$1]) ? abs(l.coefficients[$0]) > abs(l.coefficients[$1]) : $0 < $1
    }
    let shown = limit > 0 ? Array(order.prefix(limit)) : order
    let width = max(9, shown.map { names[$0].count }.max() ?? 9)
    c.print(Format.pad("term", width) + "  " + Format.pad("coef", 10, right: true) + "  " + Format.pad("per unit", 12, right: true))
    c.print(Format.pad("intercept", width) + "  " + Format.pad(Format.fixed(l.intercept), 10, right: true))
    for t in shown {
      let perUnit = l.coefficients[t] / l.terms[t].scale
      c.print(Format.pad(names[t], width) + "  " + Format.pad(Format.fixed(l.coefficients[t]), 10, right: true)
              + "  " + Format.pad(Format.number(perUnit, digits: 4), 12, right: true))
    }
    if shown.count < order.count { c.print("(\(order.count - shown.count) more; limit=0 shows all)") }
  }
}

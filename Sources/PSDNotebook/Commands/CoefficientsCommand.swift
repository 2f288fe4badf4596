import PSDCore
import PSDModels

/// `coefficients M [on FRAME] limit=20`: a logistic model's coefficients, largest effect first;
/// with the training frame, their standard errors, z statistics and p-values.
enum CoefficientsCommand {
  static let spec = CommandSpec(
    name: "coefficients", topic: "models",
    usage: ["coefficients MODEL limit=20", "coefficients MODEL on TRAIN_FRAME limit=20"],
    summary:
      "a logistic model's intercept and coefficients, largest first; with on FRAME, standard errors, z and p-values",
    details: """
      Coefficients are on the standardised scale (log-odds per standard deviation, comparable across inputs); \
      `per unit` divides by the input's standard deviation. Terms: numbers, `COL (missing)` indicators and \
      `COL=level` one-hot levels. With `on FRAME` (the rows the model was trained on), each coefficient gets \
      its standard error from the observed information at the fit — the Hessian of the penalised, weighted \
      log-likelihood, Σ w·p(1−p)·z·zᵀ + l2·I, inverted — and a Wald test: z = coef / SE, two-sided p-value. \
      With the default l2=1 the penalty shrinks coefficients and errors a little; train with l2=0 for the \
      textbook (unpenalised) errors.
      """,
    options: [OptionSpec("limit", .integer(.atLeast(0)), default: 20, "rows to show, 0 = all")],
    examples: ["coefficients lr limit=15", "coefficients lr on tr"],
    keywords: ["on"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, name) = try c.model()
    guard case .logistic(let l) = model.estimator else {
      throw c.error(
        "'\(name)' is a \(model.kindName) model; coefficients are for logistic models",
        notes: ["for trees, see explain \(name)"])
    }
    var inference: CoefficientInference? = nil
    if c.keyword("on") {
      let (frame, frameName) = try c.frame("the frame the model was trained on")
      let x = try FeatureMatrix.aligned(frame, to: model.features)
      let labels = try FeatureMatrix.targetLabels(frame, target: model.target, frameName: frameName)
      var options = LogisticOptions()
      options.balanceWeights = model.summary["balance"] == "weights"
      options.scalePos = model.summary["scale_pos"].flatMap(Double.init) ?? 1
      let l2 = model.summary["l2"].flatMap(Double.init) ?? options.l2
      inference = try l.inference(x, labels: labels, weights: LogisticTrainer.rowWeights(labels, options), l2: l2)
      c.print(
        "standard errors from the observed information on \(frameName) (\(Format.count(x.rowCount)) rows, l2 \(Format.number(l2))); p-values of Wald tests, two-sided"
      )
    }
    let limit = try c.intValue("limit")
    let names = l.termNames(model.features)
    let order = l.coefficients.indices.sorted {
      abs(l.coefficients[$0]) != abs(l.coefficients[$1]) ? abs(l.coefficients[$0]) > abs(l.coefficients[$1]) : $0 < $1
    }
    let shown = limit > 0 ? Array(order.prefix(limit)) : order
    let width = max(9, shown.map { names[$0].count }.max() ?? 9)
    func tests(_ row: CoefficientInference.Row?) -> String {
      guard let row else { return "" }
      return "  " + Format.pad(Format.fixed(row.standardError), 8, right: true) + "  "
        + Format.pad(Format.fixed(row.z, 2), 7, right: true)
        + "  " + Format.pad(pValue(row.pValue), 7, right: true)
    }
    var header =
      Format.pad("term", width) + "  " + Format.pad("coef", 10, right: true) + "  "
      + Format.pad("per unit", 12, right: true)
    if inference != nil {
      header +=
        "  " + Format.pad("SE", 8, right: true) + "  " + Format.pad("z", 7, right: true) + "  "
        + Format.pad("p", 7, right: true)
    }
    c.print(header)
    c.print(
      Format.pad("intercept", width) + "  " + Format.pad(Format.fixed(l.intercept), 10, right: true)
        + (inference == nil ? "" : "  " + Format.pad("", 12) + tests(inference?.intercept)))
    for t in shown {
      let perUnit = l.coefficients[t] / l.terms[t].scale
      c.print(
        Format.pad(names[t], width) + "  " + Format.pad(Format.fixed(l.coefficients[t]), 10, right: true)
          + "  " + Format.pad(Format.number(perUnit, digits: 4), 12, right: true) + tests(inference?.terms[t]))
    }
    if shown.count < order.count { c.print("(\(order.count - shown.count) more; limit=0 shows all)") }
  }

  /// p-values below 0.0001 as "<0.0001", so a tiny value does not read as zero.
  static func pValue(_ p: Double) -> String { p < 0.0001 ? "<0.0001" : Format.fixed(p) }
}

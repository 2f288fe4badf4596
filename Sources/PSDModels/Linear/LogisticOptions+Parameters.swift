extension LogisticOptions: ParameterizedOptions {
  /// The parameters `train logistic` and `cv logistic` take (and `train scorecard` for its
  /// regression), declared once: the notebook's options, their checks, help and docs come from
  /// this table; defaults are the struct's.
  package static let parameters: [ModelParameter<LogisticOptions>] = [
    .number("l2", \.l2, .atLeast(0), "L2 penalty on the standardised coefficients (1/C)"),
    ModelParameter(
      name: "balance", kind: .choice(["none", "weights"]), summary: "class imbalance: class weights n/(2·n_class)",
      get: { .choice($0.balanceWeights ? "weights" : "none") },
      set: { if case .choice(let s) = $1 { $0.balanceWeights = s == "weights" } }),
    .number("scale_pos", \.scalePos, .above(0), "weight of a default row (multiplies balance=weights)"),
    .integer("iterations", \.iterations, .atLeast(1), "most L-BFGS iterations"),
    .number("tolerance", \.tolerance, .above(0), "gradient size that counts as converged")
  ]
}

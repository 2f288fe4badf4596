import Foundation
import PSDCore

/// Standard errors, z statistics and p-values of a logistic model's coefficients (standardised
/// scale), from the observed information at the fit: the Hessian of the penalised, weighted
/// negative log-likelihood, Σ wᵢ pᵢ(1 − pᵢ) zᵢ zᵢᵀ + l2·I (the intercept unpenalised). For the
/// logit link the observed and expected information coincide. Wald tests: z = β / SE,
/// p = P(|Z| ≥ |z|). With an L2 penalty these are the usual penalised-likelihood approximations
/// (the penalty shrinks both β and SE); with class weights, rows count with their weight.
package struct CoefficientInference: Sendable {
  package struct Row: Sendable, Equatable {
    package var standardError: Double
    package var z: Double
    package var pValue: Double
  }
  package var intercept: Row
  /// One per term, in the model's term order.
  package var terms: [Row]
  package var rows: Int
}

extension LogisticModel {
  /// Inference from the rows the model was fitted on (`x` aligned to its features), each row
  /// weighted by `weights` (nil = 1). Fails when the information matrix is singular.
  package func inference(_ x: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, l2: Double) throws
    -> CoefficientInference
  {
    precondition(labels.count == x.rowCount)
    let p = terms.count + 1
    let raw = rawScores(x)
    // Rows in blocks over the cores, summed in block order: the result does not depend on timing.
    // The block count is fixed by the row count (not the core count), so neither does it depend
    // on the machine.
    let blocks = max(1, min(16, x.rowCount / 256))
    let partial = Parallel.map(blocks) { b in
      var h = [Double](repeating: 0, count: p * p)
      var z = [Double](repeating: 1, count: p)
      for row in Parallel.chunkRange(b, of: blocks, count: x.rowCount) {
        for (t, term) in terms.enumerated() { z[t + 1] = term.standardised(x.columns[term.feature][row]) }
        let pd = sigmoid(raw[row])
        let w = (weights?[row] ?? 1) * pd * (1 - pd)
        if w == 0 { continue }
        for i in 0..<p {
          let wi = w * z[i]
          for j in 0...i { h[i * p + j] += wi * z[j] }
        }
      }
      return h
    }
    var information = [Double](repeating: 0, count: p * p)
    for h in partial { for k in 0..<(p * p) { information[k] += h[k] } }
    for i in 0..<p {
      for j in 0..<i { information[j * p + i] = information[i * p + j] }
      if i > 0 { information[i * p + i] += l2 }
    }
    guard case .inverse(let covariance) = choleskyInverse(information, size: p) else {
      throw PSDError.data(
        "the information matrix is singular (collinear terms without an L2 penalty); "
          + "standard errors are undefined: train with l2= above 0 or drop the collinear columns")
    }
    func row(_ k: Int, _ beta: Double) -> CoefficientInference.Row {
      let se = max(covariance[k * p + k], 0).squareRoot()
      let z = se > 0 ? beta / se : .nan
      return .init(standardError: se, z: z, pValue: twoSidedNormalP(z))
    }
    return CoefficientInference(
      intercept: row(0, intercept),
      terms: coefficients.indices.map { row($0 + 1, coefficients[$0]) },
      rows: x.rowCount)
  }
}

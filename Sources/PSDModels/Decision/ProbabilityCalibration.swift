import Foundation

/// A map from a model's raw probability to a calibrated probability of default, fitted on
/// held-out data by `calibrate` (so a model trained with class weights still reports a PD that
/// means what it says). Stored with the model.
package enum ProbabilityCalibration: Sendable, Equatable, Codable {
  /// Platt scaling: p' = 1 / (1 + exp(-(a * logit(p) + b))).
  case platt(a: Double, b: Double)
  /// Isotonic regression: a non-decreasing step function through (x[i], y[i]), x sorted;
  /// interpolated linearly between knots, clamped outside.
  case isotonic(x: [Double], y: [Double])

  package func apply(_ p: Double) -> Double {
    switch self {
    case .platt(let a, let b):
      let q = min(max(p, 1e-15), 1 - 1e-15)
      let z = a * log(q / (1 - q)) + b
      return 1 / (1 + exp(-z))
    case .isotonic(let x, let y):
      guard let first = x.first, let last = x.last else { return p }
      if p <= first { return y[0] }
      if p >= last { return y[y.count - 1] }
      var lo = 0, hi = x.count - 1
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if x[mid] <= p { lo = mid } else { hi = mid }
      }
      let span = x[hi] - x[lo]
      if span <= 0 { return y[hi] }
      return y[lo] + (y[hi] - y[lo]) * (p - x[lo]) / span
    }
  }
}

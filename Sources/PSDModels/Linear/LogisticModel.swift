import Foundation
import PSDCore

/// A fitted logistic regression over standardised inputs. Each input feature expands into
/// terms: a numeric feature gives its standardised value (missing imputed by the training mean,
/// so 0 after standardising) and, when it had missing values in training, a missing-indicator
/// term; a categorical feature gives one indicator term per level plus one for missing.
/// A category level unseen in training is read as missing.
package struct LogisticModel: Sendable {
  package struct Term: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
      case value
      case missingIndicator
      /// 1 when the feature's code equals the level (-1: the missing level).
      case level(Int32)
    }
    package var feature: Int
    package var kind: Kind
    /// Standardisation: term = (raw - mean) / scale.
    package var mean: Double
    package var scale: Double

    package init(feature: Int, kind: Kind, mean: Double, scale: Double) {
      self.feature = feature
      self.kind = kind
      self.mean = mean
      self.scale = scale
    }

    /// The term's raw (unstandardised) input for a feature value x (NaN = missing).
    @inline(__always)
    func raw(_ x: Double) -> Double {
      switch kind {
      case .value: return x.isNaN ? mean : x
      case .missingIndicator: return x.isNaN ? 1 : 0
      case .level(let code):
        if x.isNaN { return code < 0 ? 1 : 0 }
        return Int32(x) == code ? 1 : 0
      }
    }

    @inline(__always)
    func standardised(_ x: Double) -> Double { (raw(x) - mean) / scale }
  }

  package var intercept: Double
  package var terms: [Term]
  package var coefficients: [Double]
  package var featureCount: Int
  /// Solver outcome, shown after training.
  package var converged: Bool
  package var iterations: Int

  package init(
    intercept: Double, terms: [Term], coefficients: [Double], featureCount: Int,
    converged: Bool, iterations: Int
  ) {
    self.intercept = intercept
    self.terms = terms
    self.coefficients = coefficients
    self.featureCount = featureCount
    self.converged = converged
    self.iterations = iterations
  }

  /// One row's raw score split into the intercept and one contribution per input feature
  /// (the sum of its terms). base + sum(perFeature), added in feature order, is exactly the
  /// raw score `rawScores` reports.
  package func contributions(_ m: FeatureMatrix, row: Int) -> (base: Double, perFeature: [Double]) {
    var per = [Double](repeating: 0, count: featureCount)
    for (t, term) in terms.enumerated() {
      per[term.feature] += coefficients[t] * term.standardised(m.columns[term.feature][row])
    }
    return (intercept, per)
  }

  package func rawScores(_ m: FeatureMatrix) -> [Double] {
    (0..<m.rowCount).map { row in
      let c = contributions(m, row: row)
      var raw = c.base
      for v in c.perFeature { raw += v }
      return raw
    }
  }

  /// A display name for each term: "AMT_CREDIT", "AMT_CREDIT (missing)", "NAME_CONTRACT_TYPE=Cash loans".
  package func termNames(_ features: [FeatureSpec]) -> [String] {
    terms.map { term in
      let spec = features[term.feature]
      switch term.kind {
      case .value: return spec.name
      case .missingIndicator: return "\(spec.name) (missing)"
      case .level(let code):
        return code < 0 ? "\(spec.name)=(missing)" : "\(spec.name)=\(spec.levels?[Int(code)] ?? String(code))"
      }
    }
  }
}

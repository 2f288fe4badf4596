import Foundation
import PSDCore
import PSDData

/// How a logistic regression is trained.
package struct LogisticOptions: Sendable, Equatable {
  /// L2 penalty on the (standardised) coefficients, as scikit-learn's 1/C: the objective is
  /// sum of weighted log-losses + l2/2 * |beta|^2 (the intercept is not penalised).
  package var l2 = 1.0
  /// Class weights n / (2 n_class) when true.
  package var balanceWeights = false
  package var scalePos = 1.0
  /// L-BFGS iterations at most, and the gradient size (per unit of weight) that counts as converged.
  package var iterations = 500
  package var tolerance = 1e-6
  package init() {}
}

/// Logistic regression fitted by L-BFGS on a standardised design matrix.
package enum LogisticTrainer {
  package static func train(
    _ x: FeatureMatrix, labels: [Bool], options: LogisticOptions = LogisticOptions(),
    control: TaskControl = .none
  ) throws -> LogisticModel {
    // The ranges are LogisticOptions.parameters': one declaration for the trainer and the notebook.
    try LogisticOptions.validate(options)
    let n = x.rowCount
    let terms = try makeTerms(x)
    let p = terms.count

    // Design matrix, row-major, single precision (the solver sums in double).
    let design = UnsafeMutablePointer<Float>.allocate(capacity: max(1, n * p))
    defer { design.deallocate() }
    // Terms in contiguous ranges, one per core: each cell is written once, by one worker.
    Parallel.forEachChunk(p) { _, range in
      for t in range {
        let term = terms[t]
        let column = x.columns[term.feature]
        for row in 0..<n { design[row * p + t] = Float(term.standardised(column[row])) }
      }
    }

    let weights = rowWeights(labels, options)
    let totalWeight = weights.reduce(0, +)
    let lambda = options.l2 / totalWeight

    // Objective per unit of weight: mean weighted log-loss + lambda/2 |beta|^2. Parameters:
    // [intercept, beta...].
    let objective = Objective(
      design: design, n: n, p: p, labels: labels, weights: weights,
      totalWeight: totalWeight, lambda: lambda)
    var theta = [Double](repeating: 0, count: p + 1)
    let rate = min(
      max(weights.enumerated().reduce(0.0) { $0 + (labels[$1.offset] ? $1.element : 0) } / totalWeight, 1e-12),
      1 - 1e-12)
    theta[0] = log(rate / (1 - rate))
    let result = try LBFGS.minimize(
      &theta, tolerance: options.tolerance, maxIterations: options.iterations,
      control: control
    ) { objective.evaluate($0, gradient: &$1) }
    return LogisticModel(
      intercept: theta[0], terms: terms, coefficients: Array(theta[1...]),
      featureCount: x.features.count, converged: result.converged, iterations: result.iterations)
  }

  /// Each row's weight in the fit: scale_pos on defaults, times class weights n / (2 n_class).
  package static func rowWeights(_ labels: [Bool], _ options: LogisticOptions) -> [Double] {
    let n = labels.count
    let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    var wPos = options.scalePos, wNeg = 1.0
    if options.balanceWeights {
      wPos *= Double(n) / (2 * Double(max(1, positives)))
      wNeg *= Double(n) / (2 * Double(max(1, n - positives)))
    }
    return labels.map { $0 ? wPos : wNeg }
  }

  /// Inputs to the model: standardised values, missing indicators and one-hot levels. Constant
  /// inputs are left out (they carry nothing). A feature that cannot be standardised (an infinite
  /// value, or values so large the variance overflows) is an error naming it, never left out
  /// silently.
  static func makeTerms(_ x: FeatureMatrix) throws -> [LogisticModel.Term] {
    var terms: [LogisticModel.Term] = []
    let n = Double(max(1, x.rowCount))
    for (f, spec) in x.features.enumerated() {
      let column = x.columns[f]
      var missing = 0
      if let levels = spec.levels {
        var counts = [Int](repeating: 0, count: levels.count)
        for v in column {
          if v.isNaN { missing += 1 } else if Int(v) >= 0 && Int(v) < levels.count { counts[Int(v)] += 1 }
        }
        for (code, c) in counts.enumerated() where c > 0 && Double(c) < n {
          terms.append(indicator(f, .level(Int32(code)), Double(c) / n))
        }
        if missing > 0 && Double(missing) < n { terms.append(indicator(f, .level(-1), Double(missing) / n)) }
        continue
      }
      var sum = 0.0
      for v in column { if v.isNaN { missing += 1 } else { sum += v } }
      let present = column.count - missing
      if present == 0 { continue }
      let mean = sum / Double(present)
      var ss = 0.0
      for v in column where !v.isNaN { ss += (v - mean) * (v - mean) }
      let sd = (ss / n).squareRoot()
      if !(mean.isFinite && sd.isFinite) {
        let infinite = column.filter { $0.isInfinite }.count
        let why =
          infinite > 0
          ? "has \(infinite) infinite value\(infinite == 1 ? "" : "s")"
          : "has values too large to standardise (its variance overflows)"
        throw PSDError.data(
          "feature '\(spec.name)' \(why): a logistic model cannot use it",
          notes: [
            "set them to missing (derive with if(...)), exclude the feature, or train gbdt, which ranks them as the largest values"
          ],
          subject: spec.name)
      }
      if sd > 0 { terms.append(.init(feature: f, kind: .value, mean: mean, scale: sd)) }
      if missing > 0 { terms.append(indicator(f, .missingIndicator, Double(missing) / n)) }
    }
    return terms
  }

  private static func indicator(_ f: Int, _ kind: LogisticModel.Term.Kind, _ fraction: Double) -> LogisticModel.Term {
    .init(feature: f, kind: kind, mean: fraction, scale: max((fraction * (1 - fraction)).squareRoot(), 1e-12))
  }

  /// Loss and gradient over the design matrix, split across cores by row blocks and summed in
  /// block order, so the result does not depend on timing. `@unchecked Sendable`: `design` is
  /// written once before the solver starts and only read afterwards.
  struct Objective: @unchecked Sendable {
    let design: UnsafeMutablePointer<Float>
    let n: Int, p: Int
    let labels: [Bool], weights: [Double]
    let totalWeight: Double, lambda: Double

    /// Row blocks of the sums: a fixed partition (not the core count), so the floating-point
    /// result is the same on every machine.
    static let blocks = 16

    func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
      let blocks = Self.blocks
      let partial = Parallel.map(blocks) { b -> (loss: Double, gradient: [Double]) in
        var grad = [Double](repeating: 0, count: p + 1)
        var loss = 0.0
        theta.withUnsafeBufferPointer { th in
          grad.withUnsafeMutableBufferPointer { g in
            for row in Parallel.chunkRange(b, of: blocks, count: n) {
              let xr = design + row * p
              var z = th[0]
              for j in 0..<p { z += th[j + 1] * Double(xr[j]) }
              let w = weights[row]
              // log(1 + e^z) - y z, computed without overflow.
              let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
              loss += w * (softplus - (labels[row] ? z : 0))
              let r = w * (sigmoid(z) - (labels[row] ? 1 : 0))
              g[0] += r
              for j in 0..<p { g[j + 1] += r * Double(xr[j]) }
            }
          }
        }
        return (loss, grad)
      }
      var loss = 0.0
      for j in 0...p { gradient[j] = 0 }
      for b in 0..<blocks {
        loss += partial[b].loss
        for j in 0...p { gradient[j] += partial[b].gradient[j] }
      }
      loss /= totalWeight
      for j in 0...p { gradient[j] /= totalWeight }
      for j in 1...max(1, p) where j <= p {
        loss += 0.5 * lambda * theta[j] * theta[j]
        gradient[j] += lambda * theta[j]
      }
      return loss
    }
  }
}

/// Limited-memory BFGS with a backtracking (Armijo) line search.
enum LBFGS {
  struct Result { var converged: Bool; var iterations: Int; var value: Double }

  static func minimize(
    _ x: inout [Double], tolerance: Double, maxIterations: Int, memory: Int = 10,
    control: TaskControl,
    _ f: ([Double], inout [Double]) -> Double
  ) throws -> Result {
    let d = x.count
    var g = [Double](repeating: 0, count: d)
    var fx = f(x, &g)
    var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
    let dot = { (a: [Double], b: [Double]) -> Double in
      var t = 0.0
      for i in 0..<a.count { t += a[i] * b[i] }
      return t
    }
    let norm = { (a: [Double]) in a.reduce(0) { max($0, abs($1)) } }
    var iteration = 0
    while iteration < maxIterations {
      if norm(g) <= tolerance { return Result(converged: true, iterations: iteration, value: fx) }
      try control.checkCancelled()
      iteration += 1
      // Two-loop recursion: direction = -H g.
      var q = g
      var alpha = [Double](repeating: 0, count: s.count)
      for k in stride(from: s.count - 1, through: 0, by: -1) {
        alpha[k] = rho[k] * dot(s[k], q)
        for i in 0..<d { q[i] -= alpha[k] * y[k][i] }
      }
      if let ls = s.last, let ly = y.last {
        let gamma = dot(ls, ly) / dot(ly, ly)
        for i in 0..<d { q[i] *= gamma }
      } else {
        let scale = 1 / max(norm(g), 1e-12)
        for i in 0..<d { q[i] *= min(1, scale) }
      }
      for k in 0..<s.count {
        let beta = rho[k] * dot(y[k], q)
        for i in 0..<d { q[i] += s[k][i] * (alpha[k] - beta) }
      }
      var direction = q.map { -$0 }
      var slope = dot(direction, g)
      if slope >= 0 {
        // Not a descent direction: restart from steepest descent.
        s.removeAll(); y.removeAll(); rho.removeAll()
        direction = g.map { -$0 }
        slope = dot(direction, g)
      }
      var step = 1.0
      var xNew = x, gNew = g, fNew = fx
      var accepted = false
      for _ in 0..<40 {
        for i in 0..<d { xNew[i] = x[i] + step * direction[i] }
        fNew = f(xNew, &gNew)
        if fNew <= fx + 1e-4 * step * slope { accepted = true; break }
        step *= 0.5
      }
      if !accepted { return Result(converged: norm(g) <= tolerance * 10, iterations: iteration, value: fx) }
      var sk = [Double](repeating: 0, count: d), yk = sk
      for i in 0..<d { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i] }
      let sy = dot(sk, yk)
      if sy > 1e-12 {
        s.append(sk); y.append(yk); rho.append(1 / sy)
        if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
      }
      let decrease = fx - fNew
      x = xNew; g = gNew; fx = fNew
      control.report(
        "training logistic", done: Double(iteration), total: Double(maxIterations),
        detail: String(format: "loss %.6f", fx))
      if decrease >= 0 && decrease < 1e-15 * max(1, abs(fx)) && norm(g) <= tolerance * 10 {
        return Result(converged: true, iterations: iteration, value: fx)
      }
    }
    return Result(converged: norm(g) <= tolerance, iterations: iteration, value: fx)
  }
}

extension CreditModel {
  package static func trainLogistic(
    on frame: DataFrame, target: String, exclude: [String] = [],
    options: LogisticOptions = LogisticOptions(), frameName: String? = nil,
    control: TaskControl = .none
  ) throws -> CreditModel {
    let (x, labels) = try FeatureMatrix.training(frame, target: target, exclude: exclude, frameName: frameName)
    let model = try LogisticTrainer.train(x, labels: labels, options: options, control: control)
    var summary: [String: String] = [:]
    summary["terms"] = String(model.terms.count)
    summary["l2"] = String(options.l2)
    summary["rows"] = String(frame.rowCount)
    summary["features"] = String(x.features.count)
    summary["converged"] = model.converged ? "yes" : "no"
    summary["iterations"] = String(model.iterations)
    // Read back by `coefficients M on FRAME` to weigh rows as the fit did.
    summary["balance"] = options.balanceWeights ? "weights" : "none"
    summary["scale_pos"] = String(options.scalePos)
    return CreditModel(estimator: .logistic(model), target: target, features: x.features, summary: summary)
  }
}

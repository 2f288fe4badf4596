import Foundation

extension ProbabilityCalibration {
  /// Isotonic regression by pool-adjacent-violators: the non-decreasing step function of the
  /// model's probability that best fits the observed defaults (least squares). Rows with the same
  /// probability are pooled first, so ties get one calibrated value. Each pooled block keeps its
  /// lowest and highest probability as knots; between blocks `apply` interpolates linearly.
  package static func fitIsotonic(probabilities: [Double], labels: [Bool]) -> ProbabilityCalibration {
    precondition(probabilities.count == labels.count)
    // A NaN probability has no place on the curve (and would never end the tie walk).
    let order = probabilities.indices.filter { !probabilities[$0].isNaN }
      .sorted { probabilities[$0] < probabilities[$1] }
    // Blocks on a stack: (lowest x, highest x, sum of y, weight).
    var lo: [Double] = [], hi: [Double] = [], sum: [Double] = [], weight: [Double] = []
    var i = 0
    while i < order.count {
      let x = probabilities[order[i]]
      var s = 0.0, w = 0.0
      while i < order.count && probabilities[order[i]] == x {
        s += labels[order[i]] ? 1 : 0
        w += 1
        i += 1
      }
      lo.append(x); hi.append(x); sum.append(s); weight.append(w)
      // Pool while the new block's mean is below the previous one's.
      while sum.count > 1 {
        let k = sum.count - 1
        if sum[k - 1] / weight[k - 1] <= sum[k] / weight[k] { break }
        hi[k - 1] = hi[k]; sum[k - 1] += sum[k]; weight[k - 1] += weight[k]
        lo.removeLast(); hi.removeLast(); sum.removeLast(); weight.removeLast()
      }
    }
    var xs: [Double] = [], ys: [Double] = []
    for k in sum.indices {
      let y = sum[k] / weight[k]
      xs.append(lo[k]); ys.append(y)
      if hi[k] > lo[k] { xs.append(hi[k]); ys.append(y) }
    }
    return .isotonic(x: xs, y: ys)
  }

  /// Platt scaling on the model's log-odds: p' = σ(a·logit(p) + b), a and b minimising the
  /// log-loss on the calibration rows, found by Newton's method with step halving (the problem
  /// is a two-parameter logistic regression, convex). A tiny ridge keeps the Hessian invertible
  /// when the classes are separable.
  package static func fitPlatt(probabilities: [Double], labels: [Bool]) -> ProbabilityCalibration {
    precondition(probabilities.count == labels.count)
    let z = probabilities.map { p -> Double in
      let q = min(max(p, 1e-15), 1 - 1e-15)
      return log(q / (1 - q))
    }
    let y = labels.map { $0 ? 1.0 : 0.0 }
    let ridge = 1e-9 * Double(max(1, y.count))
    func loss(_ a: Double, _ b: Double) -> Double {
      var l = 0.0
      for i in z.indices {
        let t = a * z[i] + b
        // log(1 + e^t) − y·t, computed without overflow.
        l += (t > 0 ? t + log1p(exp(-t)) : log1p(exp(t))) - y[i] * t
      }
      return l + 0.5 * ridge * (a * a + b * b)
    }
    var a = 1.0, b = 0.0
    var current = loss(a, b)
    for _ in 0..<100 {
      var ga = ridge * a, gb = ridge * b, haa = ridge, hab = 0.0, hbb = ridge
      for i in z.indices {
        let p = 1 / (1 + exp(-(a * z[i] + b)))
        let r = p - y[i]
        let w = p * (1 - p)
        ga += r * z[i]; gb += r
        haa += w * z[i] * z[i]; hab += w * z[i]; hbb += w
      }
      let det = haa * hbb - hab * hab
      guard det > 0 else { break }
      let da = (hbb * ga - hab * gb) / det
      let db = (haa * gb - hab * ga) / det
      var step = 1.0
      var next = loss(a - da, b - db)
      while next > current && step > 1e-10 {
        step /= 2
        next = loss(a - step * da, b - step * db)
      }
      if next > current { break }
      a -= step * da; b -= step * db
      let improvement = current - next
      current = next
      if improvement < 1e-12 * max(1, abs(current)) { break }
    }
    return .platt(a: a, b: b)
  }
}

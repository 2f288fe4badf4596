import Foundation
import PSDCore
import PSDData

/// Histogram gradient boosting for binary log-loss.
package enum GBDTTrainer {
  /// Trains on `x` (rows) with `labels` (true = default). With `validation`, reports its AUC
  /// after every tree and stops after `options.stop` trees without improvement, keeping the best;
  /// `validationAUC` is told that AUC after every tree (the tuner averages these curves over folds).
  package static func train(
    _ x: FeatureMatrix, labels: [Bool], options: GBDTOptions,
    validation: (FeatureMatrix, [Bool])? = nil,
    control: TaskControl = .none,
    validationAUC: ((Double) -> Void)? = nil
  ) throws -> BoostedTrees {
    try validate(options)
    precondition(labels.count == x.rowCount)
    var generator = ModelRandom(seed: options.seed)

    // Rows used for training: all, or every default plus as many non-defaults drawn at random.
    var used: [Int]? = nil
    if options.balance == .undersample {
      // Keep the smaller class whole (defaults, in credit data) and as many of the other.
      let positives = labels.indices.filter { labels[$0] }
      let negatives = labels.indices.filter { !labels[$0] }
      let (small, large) = positives.count <= negatives.count ? (positives, negatives) : (negatives, positives)
      if large.count > small.count {
        let keep = generator.sample(small.count, of: large.count).map { large[$0] }
        used = (small + keep).sorted()
      }
    }
    let n = used?.count ?? x.rowCount
    let y: [Bool] = used.map { $0.map { labels[$0] } } ?? labels
    let positiveCount = y.reduce(0) { $0 + ($1 ? 1 : 0) }
    if positiveCount == 0 || positiveCount == n {
      throw PSDError.data("the training rows hold only one class; a model needs both defaults and non-defaults")
    }

    // Class weights.
    var positiveWeight = options.scalePos, negativeWeight = 1.0
    if options.balance == .weights {
      positiveWeight *= Double(n) / (2 * Double(positiveCount))
      negativeWeight *= Double(n) / (2 * Double(n - positiveCount))
    }
    let weighted = positiveWeight != 1 || negativeWeight != 1
    let weights = y.map { $0 ? positiveWeight : negativeWeight }

    let data = BinnedMatrix(
      x, rows: used, maxBins: options.maxBins, sampleRows: options.binSampleRows,
      seed: options.seed)
    defer { data.release() }
    try control.checkCancelled()
    let grower = TreeGrower(data: data, options: options, monotone: try monotoneDirections(options, x.features))

    // Start from the weighted default rate.
    var sumW = 0.0, sumWY = 0.0
    for i in 0..<n { sumW += weights[i]; if y[i] { sumWY += weights[i] } }
    let rate = min(max(sumWY / sumW, 1e-15), 1 - 1e-15)
    let baseScore = log(rate / (1 - rate))

    var scores = [Double](repeating: baseScore, count: n)
    var gradients = [SIMD2<Double>](repeating: SIMD2(0, 0), count: n)
    var validScores = validation.map { [Double](repeating: baseScore, count: $0.0.rowCount) }
    var trees: [DecisionTree] = []
    var bestAUC = -Double.infinity, bestCount = 0
    let featureCount = x.features.count
    let originalRow = { (i: Int) in used?[i] ?? i }

    for t in 0..<options.trees {
      try control.checkCancelled()
      for i in 0..<n {
        let p = sigmoid(scores[i])
        let w = weights[i]
        gradients[i] = SIMD2((y[i] ? p - 1 : p) * w, max(p * (1 - p), 1e-16) * w)
      }
      var sample: [Int32]? = nil
      if options.subsample < 1 {
        let k = max(1, Int((Double(n) * options.subsample).rounded()))
        sample = generator.sample(k, of: n).map { Int32($0) }
      }
      var features = Array(0..<featureCount)
      if options.colsample < 1 {
        let k = max(1, Int((Double(featureCount) * options.colsample).rounded()))
        features = generator.sample(k, of: featureCount)
      }
      let tree = gradients.withUnsafeBufferPointer { g in
        weights.withUnsafeBufferPointer { w in
          grower.grow(
            sample: sample, gradients: g.baseAddress!, weights: weighted ? w.baseAddress! : nil,
            features: features)
        }
      }
      trees.append(tree)

      // Training scores: in-bag rows from the leaf ranges, the rest through the tree.
      for range in grower.leafRanges {
        let value = tree.nodes[range.node].value
        for k in range.start..<(range.start + range.count) { scores[Int(grower.rows[k])] += value }
      }
      if let sample {
        var inBag = [Bool](repeating: false, count: n)
        for r in sample { inBag[Int(r)] = true }
        for i in 0..<n where !inBag[i] {
          let row = originalRow(i)
          scores[i] += tree.predict { x.columns[$0][row] }
        }
      }

      var detail = "\(t + 1) trees"
      if let (vx, vy) = validation {
        for row in 0..<vx.rowCount { validScores![row] += tree.predict { vx.columns[$0][row] } }
        let auc = rocAUC(scores: validScores!, labels: vy) ?? 0.5
        validationAUC?(auc)
        detail += String(format: ", validation AUC %.4f", auc)
        if auc > bestAUC {
          bestAUC = auc
          bestCount = t + 1
        } else if t + 1 - bestCount >= options.stop {
          break
        }
      }
      control.report("training gbdt", done: Double(t + 1), total: Double(options.trees), detail: detail)
    }

    if validation != nil {
      trees.removeLast(trees.count - bestCount)
      return BoostedTrees(trees: trees, baseScore: baseScore, bestIteration: bestCount, bestValidationAUC: bestAUC)
    }
    return BoostedTrees(trees: trees, baseScore: baseScore)
  }

  /// The constraint of each feature (+1, -1 or 0) from `options.monotone`'s names.
  static func monotoneDirections(_ o: GBDTOptions, _ features: [FeatureSpec]) throws -> [Int8]? {
    if o.monotone.isEmpty { return nil }
    var directions = [Int8](repeating: 0, count: features.count)
    for (name, direction) in o.monotone.sorted(by: { $0.key < $1.key }) {
      guard let f = features.firstIndex(where: { $0.name == name }) else {
        throw PSDError.unknown("feature", name, in: "the model's features", candidates: features.map(\.name))
      }
      if features[f].levels != nil {
        throw PSDError.usage(
          "monotone: '\(name)' is a category column; constraints apply to numeric features",
          subject: "monotone")
      }
      guard direction == 1 || direction == -1 else {
        throw PSDError.usage(
          "monotone: '\(name)' must be 1 (increasing) or -1 (decreasing), not \(direction)",
          subject: "monotone")
      }
      directions[f] = Int8(direction)
    }
    return directions
  }

  static func validate(_ o: GBDTOptions) throws {
    // The ranges are GBDTOptions.parameters': one declaration for the trainer and the notebook.
    try GBDTOptions.validate(o)
  }

}

extension CreditModel {
  /// Trains a GBDT on a frame: every column but the target and `exclude` is a feature.
  package static func trainGBDT(
    on frame: DataFrame, target: String, exclude: [String] = [],
    options: GBDTOptions = GBDTOptions(), validation: DataFrame? = nil,
    frameName: String? = nil, control: TaskControl = .none
  ) throws -> CreditModel {
    let (x, labels) = try FeatureMatrix.training(frame, target: target, exclude: exclude, frameName: frameName)
    var valid: (FeatureMatrix, [Bool])? = nil
    if let validation {
      valid = (
        try FeatureMatrix.aligned(validation, to: x.features),
        try FeatureMatrix.targetLabels(validation, target: target)
      )
    }
    let trees = try GBDTTrainer.train(x, labels: labels, options: options, validation: valid, control: control)
    var summary: [String: String] = [:]
    summary["trees"] = String(trees.trees.count)
    summary["rate"] = String(options.rate)
    summary["leaves"] = String(options.leaves)
    summary["rows"] = String(frame.rowCount)
    summary["features"] = String(x.features.count)
    summary["balance"] = options.balance.rawValue
    if !options.monotone.isEmpty {
      summary["monotone"] = options.monotone.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(
        separator: ",")
    }
    if let auc = trees.bestValidationAUC { summary["validation_auc"] = String(format: "%.4f", auc) }
    return CreditModel(estimator: .gbdt(trees), target: target, features: x.features, summary: summary)
  }
}

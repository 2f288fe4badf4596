import Foundation
import PSDCore

extension LightGBMModelFile {
  /// A psd GBDT as LightGBM text (version v4): lightgbm's `Booster(model_file=...)` loads it and
  /// predicts the same raw scores bit for bit. psd's base score is added to tree 0's leaves, as
  /// LightGBM folds its initial score; `base + leaf` and `leaf + base` are the same double, and
  /// both predictors then add the trees in order. Category features are written as pandas
  /// categoricals (their levels in `pandas_categorical`), so pandas frames map labels to codes.
  package static func encode(_ model: CreditModel) throws -> String {
    guard case .gbdt(let boosted) = model.estimator else {
      throw PSDError(.model, "only gbdt models can be written in LightGBM's format (this one is \(model.kindName))")
    }
    guard !boosted.trees.isEmpty else { throw PSDError(.model, "the model has no trees to write") }
    if let bad = model.features.first(where: { $0.name.isEmpty || $0.name.contains(where: { $0.isWhitespace }) }) {
      throw PSDError(
        .model, "feature '\(bad.name)' has a name LightGBM cannot store (no spaces allowed)",
        notes: ["rename the column before training"])
    }
    if model.calibration != nil {
      throw PSDError(
        .model, "the model is calibrated, and LightGBM's format has no place for a calibration",
        notes: ["save the model before calibrating it, or save it as .psdm"])
    }
    let features = model.features
    var categorical = Set(features.indices.filter { features[$0].isCategorical })
    for tree in boosted.trees {
      for node in tree.nodes where !node.isLeaf && node.categoriesLeft != nil { categorical.insert(Int(node.feature)) }
    }
    if categorical.contains(where: { !features[$0].isCategorical })
      && categorical.contains(where: { features[$0].isCategorical })
    {
      throw PSDError(
        .model,
        "the model mixes category columns and numbers split as categories; LightGBM's file cannot say which is which")
    }

    var blocks: [String] = []
    for (t, tree) in boosted.trees.enumerated() {
      blocks.append("Tree=\(t)\n" + treeText(tree, base: t == 0 ? boosted.baseScore : 0, features: features) + "\n\n")
    }

    // Feature ranges from the thresholds (LightGBM only shows them; it predicts without them).
    var low = [Double](repeating: .infinity, count: features.count)
    var high = [Double](repeating: -.infinity, count: features.count)
    for tree in boosted.trees {
      for node in tree.nodes where !node.isLeaf && node.categoriesLeft == nil {
        low[Int(node.feature)] = min(low[Int(node.feature)], node.threshold)
        high[Int(node.feature)] = max(high[Int(node.feature)], node.threshold)
      }
    }
    let infos = features.indices.map { f -> String in
      if categorical.contains(f) {
        let count = features[f].levels?.count ?? 0
        return count > 0 ? (0..<count).map(String.init).joined(separator: ":") : "-1"
      }
      return low[f] <= high[f] ? "[\(number(low[f])):\(number(high[f]))]" : "none"
    }

    var out = """
      tree
      version=v4
      num_class=1
      num_tree_per_iteration=1
      label_index=0
      max_feature_idx=\(features.count - 1)
      objective=binary sigmoid:1
      feature_names=\(features.map(\.name).joined(separator: " "))
      feature_infos=\(infos.joined(separator: " "))
      tree_sizes=\(blocks.map { String($0.utf8.count) }.joined(separator: " "))


      """
    for block in blocks { out += block }
    out += "end of trees\n\n"
    let (gains, _) = boosted.importance(featureCount: features.count)
    out += "feature_importances:\n"
    for f in features.indices.sorted(by: { gains[$0] > gains[$1] }) where gains[f] > 0 {
      out += "\(features[f].name)=\(number(gains[f]))\n"
    }
    out += "\nparameters:\n[boosting: gbdt]\n[objective: binary]\n"
    for key in ["rate", "leaves"] where model.summary[key] != nil {
      out += "[\(key == "rate" ? "learning_rate" : "num_leaves"): \(model.summary[key]!)]\n"
    }
    out += "[categorical_feature: \(categorical.sorted().map(String.init).joined(separator: ","))]\n"
    out += "end of parameters\n\n"
    let levels = categorical.sorted().compactMap { features[$0].levels }
    if levels.isEmpty {
      out += "pandas_categorical:null\n"
    } else {
      let json = try JSONSerialization.data(withJSONObject: levels, options: [.withoutEscapingSlashes])
      out += "pandas_categorical:" + String(decoding: json, as: UTF8.self) + "\n"
    }
    return out
  }

  /// One tree's block (without its `Tree=k` line); `base` is added to every value.
  static func treeText(_ tree: DecisionTree, base: Double, features: [FeatureSpec]) -> String {
    let nodes = tree.nodes
    // LightGBM numbers internal nodes 0... and leaves ~0, ~1, ... (each in psd's node order).
    var internalIndex = [Int](repeating: -1, count: nodes.count)
    var leafIndex = [Int](repeating: -1, count: nodes.count)
    var internals: [Int] = [], leaves: [Int] = []
    for (k, node) in nodes.enumerated() {
      if node.isLeaf {
        leafIndex[k] = leaves.count; leaves.append(k)
      } else {
        internalIndex[k] = internals.count; internals.append(k)
      }
    }
    func child(_ k: Int32) -> String {
      nodes[Int(k)].isLeaf ? String(~leafIndex[Int(k)]) : String(internalIndex[Int(k)])
    }
    var thresholds: [String] = [], decision: [String] = [], left: [String] = [], right: [String] = []
    var boundaries = [0], bits: [UInt32] = []
    for k in internals {
      let node = nodes[k]
      var l = node.left, r = node.right
      if var codes = node.categoriesLeft {
        // LightGBM sends a missing category right: when psd sends it left, the bitset lists the
        // other codes and the children swap, which decides every code and NaN the same way.
        if node.defaultLeft {
          let all = Int32(features[Int(node.feature)].levels?.count ?? Int((codes.max() ?? 0) + 1))
          codes = (0..<all).filter { !codes.contains($0) }
          swap(&l, &r)
        }
        var words = [UInt32](repeating: 0, count: Int(codes.max() ?? 0) / 32 + 1)
        for c in codes where c >= 0 { words[Int(c) / 32] |= 1 << UInt32(c % 32) }
        thresholds.append(String(boundaries.count - 1))
        bits += words
        boundaries.append(bits.count)
        decision.append("1")
      } else {
        thresholds.append(number(node.threshold))
        // Missing type NaN (8) or Zero (4), plus 2 when missing values go left.
        decision.append(String((node.zeroAsMissing ? 4 : 8) | (node.defaultLeft ? 2 : 0)))
      }
      left.append(child(l))
      right.append(child(r))
    }
    func joined(_ items: [String]) -> String { items.joined(separator: " ") }
    let leafNodes = leaves.map { nodes[$0] }, internalNodes = internals.map { nodes[$0] }
    var lines: [String] = []
    lines.append("num_leaves=\(leaves.count)")
    lines.append("num_cat=\(boundaries.count - 1)")
    lines.append("split_feature=" + joined(internalNodes.map { String($0.feature) }))
    lines.append("split_gain=" + joined(internalNodes.map { number($0.gain) }))
    lines.append("threshold=" + joined(thresholds))
    lines.append("decision_type=" + joined(decision))
    lines.append("left_child=" + joined(left))
    lines.append("right_child=" + joined(right))
    lines.append("leaf_value=" + joined(leafNodes.map { number($0.value + base) }))
    lines.append("leaf_weight=" + joined(leafNodes.map { number($0.cover) }))
    lines.append("leaf_count=" + joined(leafNodes.map { String(Int($0.cover.rounded())) }))
    lines.append("internal_value=" + joined(internalNodes.map { number($0.value + base) }))
    lines.append("internal_weight=" + joined(internalNodes.map { number($0.cover) }))
    lines.append("internal_count=" + joined(internalNodes.map { String(Int($0.cover.rounded())) }))
    if boundaries.count > 1 {
      lines.append("cat_boundaries=" + joined(boundaries.map { String($0) }))
      lines.append("cat_threshold=" + joined(bits.map { String($0) }))
    }
    lines += ["is_linear=0", "shrinkage=1"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The shortest text that reads back as the same double (what LightGBM's parser needs).
  static func number(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
  }
}

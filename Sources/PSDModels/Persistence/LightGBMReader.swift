import Foundation
import PSDCore

/// LightGBM's text model format (`model.txt`, version v4, as `Booster.save_model` writes it),
/// read into a psd GBDT that predicts exactly what LightGBM's predictor does. Format notes:
/// Docs/modelling.md ("Models from LightGBM").
package enum LightGBMModelFile {
  /// Reads a model file; `displayName` is how messages name it (the path as the user wrote it).
  package static func load(from path: String, displayName: String? = nil, target: String = "TARGET") throws
    -> CreditModel
  {
    let name = displayName ?? path
    guard let data = FileManager.default.contents(atPath: path) else {
      if FileManager.default.fileExists(atPath: path) { throw PSDError.io("cannot read '\(name)'") }
      throw PSDError.io("no file '\(name)'")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw PSDError(.model, "'\(name)' is not a LightGBM text model (it is not UTF-8 text)")
    }
    return try decode(text, name: name, target: target)
  }

  /// Parses the text of a model file. Refuses, naming the field, what psd cannot reproduce exactly.
  package static func decode(_ text: String, name: String = "model.txt", target: String = "TARGET") throws
    -> CreditModel
  {
    func refuse(_ why: String, notes: [String] = []) -> PSDError {
      PSDError(.model, "'\(name)' \(why)", notes: notes)
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    guard lines.first == "tree" else {
      throw refuse(
        "is not a LightGBM text model (its first line is not 'tree')",
        notes: ["psd reads the text format Booster.save_model writes; a .psdm file loads without format="])
    }
    // Header: key=value lines up to the first tree. Values may hold '=' (feature names).
    var header: [String: String] = [:]
    var i = 1
    while i < lines.count, !lines[i].hasPrefix("Tree=") {
      if let eq = lines[i].firstIndex(of: "=") {
        header[String(lines[i][..<eq])] = String(lines[i][lines[i].index(after: eq)...])
      } else if lines[i] == "end of trees" {
        break
      } else if !lines[i].isEmpty {
        header[String(lines[i])] = ""  // a flag such as average_output
      }
      i += 1
    }
    guard let version = header["version"] else { throw refuse("has no version= line") }
    guard version == "v4" else {
      throw refuse(
        "is LightGBM model version \(version); psd reads version v4 (lightgbm 4.x)",
        notes: ["load it with lightgbm 4 and save it again"])
    }
    if let k = header["num_class"], k != "1" {
      throw refuse("is a multiclass model (num_class=\(k)); psd reads binary models (one probability of default)")
    }
    if let k = header["num_tree_per_iteration"], k != "1" {
      throw refuse("has \(k) trees per iteration (num_tree_per_iteration=\(k)); psd reads binary models")
    }
    if header["average_output"] != nil {
      throw refuse("is a random forest (average_output, boosting=rf); psd reads boosted models (gbdt, goss, dart)")
    }
    if header["linear_tree"] != nil {
      throw refuse("has linear trees (linear_tree); psd reads models whose leaves are constants")
    }
    let objective = (header["objective"] ?? "").split(separator: " ")
    guard objective.first == "binary" else {
      let found = objective.first.map(String.init) ?? "none"
      throw refuse(
        "has objective=\(found); psd reads binary classifiers (objective=binary)",
        notes: ["train the model with objective='binary'"])
    }
    for part in objective.dropFirst() where part.hasPrefix("sigmoid:") {
      guard Double(part.dropFirst("sigmoid:".count)) == 1 else {
        throw refuse("uses \(part); psd reads models with sigmoid:1 (LightGBM's default)")
      }
    }
    guard let featureNames = header["feature_names"]?.split(separator: " ").map(String.init),
      !featureNames.isEmpty
    else {
      throw refuse("has no feature_names= line")
    }
    if let m = header["max_feature_idx"], Int(m) != featureNames.count - 1 {
      throw refuse("is corrupted: max_feature_idx=\(m) but \(featureNames.count) feature names")
    }

    // Trees: "Tree=k" then key=value lines up to a blank line.
    var trees: [DecisionTree] = []
    var categoricalUsed = Set<Int>()
    while i < lines.count, lines[i] != "end of trees" {
      guard lines[i].hasPrefix("Tree=") else { i += 1; continue }
      let index = trees.count
      var fields: [String: Substring] = [:]
      i += 1
      while i < lines.count, !lines[i].isEmpty, !lines[i].hasPrefix("Tree=") {
        if let eq = lines[i].firstIndex(of: "=") {
          fields[String(lines[i][..<eq])] = lines[i][lines[i].index(after: eq)...]
        }
        i += 1
      }
      do {
        trees.append(try tree(fields, featureCount: featureNames.count, categorical: &categoricalUsed))
      } catch let e as TreeFailure {
        switch e {
        case .linear:
          throw refuse("has linear trees (tree \(index): is_linear=1); psd reads models whose leaves are constants")
        case .bad(let why): throw refuse("is corrupted in tree \(index): \(why)")
        }
      }
    }
    if trees.isEmpty { throw refuse("has no trees") }

    // Which features are categorical: the saved parameters say, else the feature ranges.
    let parameters = parameterSection(lines)
    var categorical = Set<Int>()
    if let list = parameters["categorical_feature"], !list.isEmpty {
      for item in list.split(separator: ",") {
        let key = item.trimmingCharacters(in: .whitespaces)
        if let k = Int(key.hasPrefix("name:") ? "" : key), k >= 0, k < featureNames.count {
          categorical.insert(k)
        } else if let k = featureNames.firstIndex(of: key.hasPrefix("name:") ? String(key.dropFirst(5)) : key) {
          categorical.insert(k)
        }
      }
    } else if let infos = header["feature_infos"]?.split(separator: " "), infos.count == featureNames.count {
      for (k, info) in infos.enumerated() where !info.hasPrefix("[") && info != "none" { categorical.insert(k) }
    }
    categorical.formUnion(categoricalUsed)

    // pandas_categorical: the labels of each pandas category column, in feature order.
    var features = featureNames.map { FeatureSpec(name: $0) }
    if let levels = try pandasCategorical(lines, name: name), !levels.isEmpty {
      let columns = categorical.sorted()
      guard levels.count == columns.count else {
        throw refuse(
          "lists \(levels.count) pandas categories (pandas_categorical) for \(columns.count) categorical features",
          notes: ["psd cannot tell which features they belong to"])
      }
      for (k, list) in zip(columns, levels) { features[k].levels = list }
    }

    let boosted = BoostedTrees(trees: trees, baseScore: 0)
    var summary: [String: String] = [
      "source": "lightgbm", "trees": String(trees.count),
      "features": String(features.count)
    ]
    if let leaves = parameters["num_leaves"] { summary["leaves"] = leaves }
    if let rate = parameters["learning_rate"] { summary["rate"] = rate }
    return CreditModel(estimator: .gbdt(boosted), target: target, features: features, summary: summary)
  }

  enum TreeFailure: Error {
    case linear
    case bad(String)
  }

  /// One tree block → psd nodes (root first, children after their parent).
  static func tree(_ f: [String: Substring], featureCount: Int, categorical: inout Set<Int>) throws -> DecisionTree {
    func numbers<T: LosslessStringConvertible>(_ key: String, _ count: Int, as: T.Type) throws -> [T] {
      guard count > 0 else { return [] }
      guard let text = f[key] else { throw TreeFailure.bad("no \(key)") }
      let items = text.split(separator: " ")
      guard items.count == count else { throw TreeFailure.bad("\(key) has \(items.count) values, expected \(count)") }
      return try items.map {
        guard let v = T(String($0)) else { throw TreeFailure.bad("\(key) holds '\($0)'") }
        return v
      }
    }
    if let linear = f["is_linear"], linear != "0" { throw TreeFailure.linear }
    guard let leafCount = f["num_leaves"].flatMap({ Int($0) }), leafCount >= 1 else {
      throw TreeFailure.bad("no num_leaves")
    }
    let leafValue = try numbers("leaf_value", leafCount, as: Double.self)
    if leafCount == 1 {
      var leaf = TreeNode()
      leaf.value = leafValue[0]
      return DecisionTree(nodes: [leaf])
    }
    let n = leafCount - 1
    let splitFeature = try numbers("split_feature", n, as: Int.self)
    let threshold = try numbers("threshold", n, as: Double.self)
    let decisionType = try numbers("decision_type", n, as: Int.self)
    let leftChild = try numbers("left_child", n, as: Int.self)
    let rightChild = try numbers("right_child", n, as: Int.self)
    // Counts are the cover LightGBM's own TreeSHAP weighs the branches by.
    let leafCover = try numbers("leaf_count", leafCount, as: Double.self)
    let internalCover = try numbers("internal_count", n, as: Double.self)
    let gain = f["split_gain"] != nil ? try numbers("split_gain", n, as: Double.self) : [Double](repeating: 0, count: n)
    let catCount = f["num_cat"].flatMap { Int($0) } ?? 0
    // At most one bitset per split (a damaged count must not overflow `catCount + 1`).
    guard catCount >= 0, catCount <= n else { throw TreeFailure.bad("num_cat \(catCount) out of range") }
    let boundaries = catCount > 0 ? try numbers("cat_boundaries", catCount + 1, as: Int.self) : []
    let bitWords: [UInt32]
    if catCount > 0 {
      guard let last = boundaries.last, last >= 0 else { throw TreeFailure.bad("bad cat_boundaries") }
      bitWords = try numbers("cat_threshold", last, as: UInt32.self)
    } else {
      bitWords = []
    }

    // Breadth-first: each node's children get indices after it (what .psdm files require).
    var nodes: [TreeNode] = []
    var queue: [Int] = [0]  // LightGBM child references: >= 0 internal, < 0 leaf ~c
    var head = 0
    while head < queue.count {
      let ref = queue[head]
      head += 1
      var node = TreeNode()
      if ref < 0 {
        let leaf = ~ref
        guard leaf < leafCount else { throw TreeFailure.bad("leaf \(leaf) out of range") }
        node.value = leafValue[leaf]
        node.cover = leafCover[leaf]
        nodes.append(node)
        continue
      }
      guard ref < n, queue.count < 2 * leafCount else { throw TreeFailure.bad("node \(ref) out of range") }
      let feature = splitFeature[ref]
      guard feature >= 0, feature < featureCount else { throw TreeFailure.bad("split_feature \(feature) out of range") }
      node.feature = Int32(feature)
      node.cover = internalCover[ref]
      node.gain = gain[ref]
      let d = decisionType[ref]
      if d & 1 != 0 {
        // Categorical: the bitset's codes go left; NaN and negative values go right.
        // The threshold indexes the bitsets; a NaN or huge one must not trap in the conversion.
        guard let k = Int(exactly: threshold[ref]), k >= 0, k < catCount, boundaries[k] >= 0,
          boundaries[k] <= boundaries[k + 1],
          boundaries[k + 1] <= bitWords.count
        else {
          throw TreeFailure.bad("categorical split \(ref) points outside cat_threshold")
        }
        var codes: [Int32] = []
        for (w, word) in bitWords[boundaries[k]..<boundaries[k + 1]].enumerated() {
          for bit in 0..<32 where word & (1 << UInt32(bit)) != 0 { codes.append(Int32(w * 32 + bit)) }
        }
        node.categoriesLeft = codes
        node.defaultLeft = false
        categorical.insert(feature)
      } else {
        node.threshold = threshold[ref]
        switch (d >> 2) & 3 {
        case 0:  // None: NaN is read as 0, so it goes where 0 goes.
          node.defaultLeft = 0 <= threshold[ref]
        case 1:  // Zero: NaN becomes 0, and 0 takes the default side.
          node.zeroAsMissing = true
          node.defaultLeft = d & 2 != 0
        default:  // NaN
          node.defaultLeft = d & 2 != 0
        }
      }
      let position = nodes.count
      nodes.append(node)
      nodes[position].left = Int32(queue.count)
      queue.append(leftChild[ref])
      nodes[position].right = Int32(queue.count)
      queue.append(rightChild[ref])
    }
    // An internal node's value: the cover-weighted mean of its leaves (the file's
    // internal_value has 6 digits only).
    for k in nodes.indices.reversed() where !nodes[k].isLeaf {
      let l = nodes[Int(nodes[k].left)], r = nodes[Int(nodes[k].right)]
      let w = l.cover + r.cover
      nodes[k].value = w > 0 ? (l.value * l.cover + r.value * r.cover) / w : (l.value + r.value) / 2
    }
    return DecisionTree(nodes: nodes)
  }

  /// `[key: value]` lines between "parameters:" and "end of parameters".
  static func parameterSection(_ lines: [Substring]) -> [String: String] {
    guard let start = lines.firstIndex(of: "parameters:") else { return [:] }
    var out: [String: String] = [:]
    for line in lines[(start + 1)...] {
      if line == "end of parameters" { break }
      guard line.hasPrefix("["), line.hasSuffix("]"), let colon = line.firstIndex(of: ":") else { continue }
      let key = line[line.index(after: line.startIndex)..<colon]
      let value = line[line.index(after: colon)..<line.index(before: line.endIndex)]
      out[String(key)] = value.trimmingCharacters(in: .whitespaces)
    }
    return out
  }

  /// The `pandas_categorical:` JSON: one list of labels per pandas category column.
  static func pandasCategorical(_ lines: [Substring], name: String) throws -> [[String]]? {
    guard let line = lines.last(where: { $0.hasPrefix("pandas_categorical:") }) else { return nil }
    let json = line.dropFirst("pandas_categorical:".count)
    if json == "null" || json.isEmpty { return nil }
    guard let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]),
      let lists = parsed as? [[Any]]
    else {
      throw PSDError(.model, "'\(name)' has a pandas_categorical line that is not a JSON list of lists")
    }
    return try lists.map { list in
      try list.map { item in
        if let s = item as? String { return s }
        throw PSDError(
          .model, "'\(name)' has pandas categories that are not text (\(item))",
          notes: ["psd matches categories by their label; recode them as text before training"])
      }
    }
  }
}

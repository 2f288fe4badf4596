import PSDCore
import PSDModels

/// A psd model as one SQL expression over a table's columns, so a warehouse scores rows in place.
/// It computes what psd computes, in the same order of float8 operations:
/// - GBDT: base score + tree 1 + tree 2 + …, each tree a nested CASE. A NULL value (or a category
///   level the model never saw) follows the split's learned default direction. Every literal is
///   a float8 (`'…'::float8`), written with the shortest digits that read back exactly; untyped
///   literals would make PostgreSQL compare in numeric, ~18× slower.
/// - logistic: intercept + Σ per feature of coefficient · (raw − mean) / scale over its terms.
/// - the PD: psd's two-sided sigmoid, then the calibration (Platt or isotonic) when one is set.
package enum ModelSQL {
  package enum Output: String, Sendable, CaseIterable {
    /// Log-odds of default.
    case raw
    /// Probability of default (after calibration).
    case pd
  }

  package static func expression(_ model: CreditModel, output: Output = .pd) throws -> String {
    let raw: String
    switch model.estimator {
    case .gbdt(let b):
      // A zero-as-missing split (LightGBM import) would need 0 and NULL folded together per split.
      guard !model.usesZeroAsMissing else {
        throw PSDError.usage(
          "sql: this model treats zero as missing (a LightGBM zero_as_missing model); psd cannot write it as SQL yet",
          notes: ["score it in memory: collect the table, then score"])
      }
      raw = gbdt(b, model.features)
    case .logistic(let l): raw = logistic(l, model.features)
    case .scorecard:
      throw PSDError.usage(
        "sql: scorecards are not written as SQL yet; gbdt and logistic models are",
        notes: ["score it in memory: collect the table, then score"])
    }
    if output == .raw { return raw }
    // A scalar subquery names the raw score once (the sigmoid needs it three times).
    var pd =
      "(SELECT CASE WHEN psd_raw >= 0 THEN 1 / (1 + exp(-LEAST(psd_raw, 700))) ELSE exp(GREATEST(psd_raw, -700)) / (1 + exp(GREATEST(psd_raw, -700))) END FROM (SELECT \(raw) AS psd_raw OFFSET 0) AS psd_s)"
    if let calibration = model.calibration { pd = calibrated(pd, calibration) }
    return pd
  }

  /// A feature's column by its warehouse name (shortened past 63 bytes, as psd names the columns
  /// it makes), unqualified so the expression fits any table.
  static func column(_ spec: FeatureSpec) -> String { SQL.identifier(SQL.physicalName(spec.name)) }

  static func gbdt(_ b: BoostedTrees, _ features: [FeatureSpec]) -> String {
    var terms = [SQL.float8(b.baseScore)]
    for tree in b.trees { terms.append("(" + node(tree, 0, features) + ")") }
    return "(" + terms.joined(separator: " + ") + ")"
  }

  static func node(_ tree: DecisionTree, _ i: Int, _ features: [FeatureSpec]) -> String {
    let n = tree.nodes[i]
    if n.isLeaf { return SQL.float8(n.value) }
    let spec = features[Int(n.feature)]
    let x = column(spec)
    let left = node(tree, Int(n.left), features), right = node(tree, Int(n.right), features)
    if let codes = n.categoriesLeft, let levels = spec.levels {
      // Known levels go their way; NULL and unseen levels fall to ELSE, the default direction.
      let inLeft = Set(codes.map(Int.init))
      let leftLevels = levels.indices.filter { inLeft.contains($0) }.map { SQL.literal(levels[$0]) }
      let rightLevels = levels.indices.filter { !inLeft.contains($0) }.map { SQL.literal(levels[$0]) }
      func member(_ list: [String]) -> String {
        list.isEmpty ? "false" : "(\(x))::text IN (\(list.joined(separator: ", ")))"
      }
      return n.defaultLeft
        ? "CASE WHEN \(member(rightLevels)) THEN \(right) ELSE \(left) END"
        : "CASE WHEN \(member(leftLevels)) THEN \(left) ELSE \(right) END"
    }
    // NULL makes the comparison NULL, which falls to ELSE: the default direction.
    return n.defaultLeft
      ? "CASE WHEN \(x) > \(SQL.float8(n.threshold)) THEN \(right) ELSE \(left) END"
      : "CASE WHEN \(x) <= \(SQL.float8(n.threshold)) THEN \(left) ELSE \(right) END"
  }

  static func logistic(_ l: LogisticModel, _ features: [FeatureSpec]) -> String {
    // Per feature, its terms' contributions summed in term order, then added to the intercept in
    // feature order: the order psd adds them in.
    var perFeature = [[String]](repeating: [], count: l.featureCount)
    for (t, term) in l.terms.enumerated() {
      let spec = features[term.feature]
      let x = column(spec)
      let rawValue: String
      switch term.kind {
      case .value: rawValue = "COALESCE((\(x))::float8, \(SQL.float8(term.mean)))"
      case .missingIndicator: rawValue = "(CASE WHEN \(x) IS NULL THEN 1 ELSE 0 END)::float8"
      case .level(let code):
        let known = (spec.levels ?? []).map(SQL.literal).joined(separator: ", ")
        let missing = known.isEmpty ? "\(x) IS NULL" : "(\(x) IS NULL OR (\(x))::text NOT IN (\(known)))"
        rawValue =
          code < 0
          ? "(CASE WHEN \(missing) THEN 1 ELSE 0 END)::float8"
          : "(CASE WHEN (\(x))::text = \(SQL.literal(spec.levels![Int(code)])) THEN 1 ELSE 0 END)::float8"
      }
      perFeature[term.feature].append(
        "\(SQL.float8(l.coefficients[t])) * ((\(rawValue) - \(SQL.float8(term.mean))) / \(SQL.float8(term.scale)))")
    }
    var sum = SQL.float8(l.intercept)
    for terms in perFeature where !terms.isEmpty {
      sum = "(\(sum) + (\(terms.joined(separator: " + "))))"
    }
    return sum
  }

  static func calibrated(_ p: String, _ c: ProbabilityCalibration) -> String {
    switch c {
    case .platt(let a, let b):
      return
        "(SELECT 1 / (1 + exp(-(\(SQL.float8(a)) * ln(psd_q / (1 - psd_q)) + \(SQL.float8(b))))) FROM (SELECT LEAST(GREATEST(\(p), '1e-15'::float8), 1 - '1e-15'::float8) AS psd_q OFFSET 0) AS psd_c)"
    case .isotonic(let x, let y):
      guard let first = x.first, let last = x.last else { return p }
      var cases = [
        "WHEN psd_p <= \(SQL.float8(first)) THEN \(SQL.float8(y[0]))",
        "WHEN psd_p >= \(SQL.float8(last)) THEN \(SQL.float8(y[y.count - 1]))"
      ]
      for k in 0..<(x.count - 1) {
        let span = x[k + 1] - x[k]
        let value =
          span <= 0
          ? SQL.float8(y[k + 1])
          : "\(SQL.float8(y[k])) + (\(SQL.float8(y[k + 1])) - \(SQL.float8(y[k]))) * (psd_p - \(SQL.float8(x[k]))) / (\(SQL.float8(x[k + 1])) - \(SQL.float8(x[k])))"
        cases.append("WHEN psd_p < \(SQL.float8(x[k + 1])) THEN \(value)")
      }
      return "(SELECT CASE \(cases.joined(separator: " ")) END FROM (SELECT \(p) AS psd_p OFFSET 0) AS psd_c)"
    }
  }
}

extension RemoteFrame {
  /// The frame's rows with one more column: the model's expression, computed in the warehouse.
  package func scored(
    _ model: CreditModel, output: ModelSQL.Output = .pd, column: String = "PD",
    control: TaskControl = .none
  ) throws -> RemoteFrame {
    for feature in model.features where !columnNames.contains(feature.name) {
      var e = PSDError.unknown("column", feature.name, in: source, candidates: columnNames)
      e.message = "the model needs column '\(feature.name)', which '\(source)' does not have"
      throw e
    }
    if columnNames.contains(column) {
      throw PSDError.usage(
        "'\(source)' already has a column '\(column)'", notes: ["name the score column with column=NAME"])
    }
    // The expression names features by their warehouse names; a frame whose long columns came
    // from elsewhere (a query with its own aliases) would not match them.
    for feature in model.features {
      guard try self.column(feature.name).sqlName != SQL.physicalName(feature.name) else { continue }
      throw PSDError.data(
        "the model's feature '\(feature.name)' is named differently in the warehouse",
        notes: ["long names are stored as their first bytes and a hash; build the frame with psd's aggregate or join"],
        subject: feature.name)
    }
    var longNames = self.longNames
    let sqlName = SQL.physicalName(column)
    if sqlName != column { longNames[sqlName] = column }
    let sql =
      "(SELECT q.*, \(try ModelSQL.expression(model, output: output)) AS \(SQL.identifier(sqlName)) FROM \(relation) AS q)"
    return try RemoteFrame.describe(
      warehouse, relation: sql, source: "\(source) scored", longNames: longNames, control: control)
  }
}

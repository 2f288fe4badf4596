import PSDCore
import PSDModels

extension ScoringService {
  /// `GET /v1/clients/{id}`: the client's model features with labels and units (never the
  /// outcome, never other columns).
  package func profile(id: String) throws -> ClientProfile {
    let row = try clientRow(id)
    let m = clients!.rows.matrix
    return ClientProfile(
      clientId: id,
      features: model.features.enumerated().map { f, spec in
        let (label, unit) = FeatureLabels.describe(spec.name)
        return ProfileFeature(
          feature: spec.name, label: label, unit: unit, value: FeatureValues.json(m.columns[f][row], spec))
      })
  }

  /// `GET /v1/clients/{id}/explanation`: every feature's contribution and the base value; they
  /// add up to the client's raw score (exact TreeSHAP for trees).
  package func explanation(id: String) throws -> ExplanationResponse {
    let row = try clientRow(id)
    let m = clients!.rows.matrix.gather([row])
    let c = try contributions(m)
    let e = explainClient(
      model: model, matrix: m, row: 0, contributions: c.row(0), base: c.base, labels: nil,
      percentilesFor: 0)
    let pd = model.probabilities(m)[0]
    let method: String
    switch model.estimator {
    case .gbdt: method = "TreeSHAP (path-dependent, exact); contributions in log-odds of default"
    case .logistic:
      method = "logistic: coefficient × standardised input per feature; contributions in log-odds of default"
    case .scorecard:
      method =
        "scorecard: coefficient × WoE of the client's bin per characteristic; contributions in log-odds of default"
    }
    return ExplanationResponse(
      clientId: id, method: method, baseValue: e.base, baseProbability: e.basePD, rawScore: e.raw,
      probabilityDefault: pd, decision: model.isRefused(pd: pd) ? "refused" : "granted", threshold: e.threshold,
      contributions: e.contributions.map { item in
        Contribution(
          feature: item.name, label: FeatureLabels.describe(item.name).label,
          value: FeatureValues.json(m.columns[item.feature][0], model.features[item.feature]),
          contribution: item.logOdds)
      },
      modelSha256: sha256)
  }

  /// `GET /v1/clients/{id}/comparison?feature=F&cohort=all|C1,C2`: the feature's distribution by
  /// class among all loaded clients, or a cohort of clients like this one (same level of each
  /// categorical cohort feature, same decile of each numeric one), with the client's place in it.
  package func comparison(id: String, feature: String?, cohort: String?) throws -> Comparison {
    let names = model.features.map(\.name)
    guard let feature, !feature.isEmpty else {
      throw ServiceError.invalid([FieldError("feature", "required: one of the model's features (see /v1/model)")])
    }
    var errors: [FieldError] = []
    let f = names.firstIndex(of: feature)
    if f == nil { errors.append(ServiceError.unknownName("feature", feature, field: "feature", among: names)) }
    let by =
      (cohort == nil || cohort == "all" || cohort == "")
      ? []
      : cohort!.split(separator: ",").map {
        String($0).trimmingCharacters(in: .whitespaces)
      }
    var byIndex: [Int] = []
    for name in by {
      if let i = names.firstIndex(of: name) {
        byIndex.append(i)
      } else {
        errors.append(ServiceError.unknownName("cohort feature", name, field: "cohort", among: names + ["all"]))
      }
    }
    if !errors.isEmpty { throw ServiceError.invalid(errors) }
    let row = try clientRow(id)
    let rows = clients!.rows
    let m = rows.matrix
    let keys = byIndex.map { Cohorts.keys(m, feature: $0) }
    let members = (0..<m.rowCount).filter { r in keys.allSatisfy { $0[r] == $0[row] } }
    let labels = rows.labels
    let spec = model.features[f!]
    let column = m.columns[f!]
    let value = column[row]
    func counts(_ subset: [Int]) -> ComparisonBin {
      let bad = labels.map { l in subset.filter { l[$0] }.count }
      return ComparisonBin(
        from: nil, to: nil, level: nil, good: bad.map { subset.count - $0 }, bad: bad, total: subset.count)
    }
    let present = members.filter { !column[$0].isNaN }
    var bins: [ComparisonBin] = []
    if let levels = spec.levels {
      for (code, level) in levels.enumerated() {
        var bin = counts(present.filter { Int(column[$0]) == code })
        bin.level = level
        bins.append(bin)
      }
    } else if let lo = present.map({ column[$0] }).min(), let hi = present.map({ column[$0] }).max() {
      let k = lo == hi ? 1 : 10
      let width = (hi - lo) / Double(k)
      var groups = [[Int]](repeating: [], count: k)
      for r in present { groups[min(k - 1, width > 0 ? Int((column[r] - lo) / width) : 0)].append(r) }
      for (i, g) in groups.enumerated() {
        var bin = counts(g)
        bin.from = lo + Double(i) * width
        bin.to = i == k - 1 ? hi : lo + Double(i + 1) * width
        bins.append(bin)
      }
    }
    // Percentiles within the cohort, by the same rule as the reasons' percentiles.
    var good: Double? = nil, bad: Double? = nil, all: Double? = nil
    let cohortMatrix = FeatureMatrix(features: [spec], columns: [members.map { column[$0] }], rowCount: members.count)
    if let labels {
      let reference = ClassReference(matrix: cohortMatrix, labels: members.map { labels[$0] })
      (good, bad) = reference.percentiles(feature: 0, value: value)
    }
    if !spec.isCategorical {
      all =
        ClassReference(matrix: cohortMatrix, labels: Array(repeating: false, count: members.count))
        .percentiles(feature: 0, value: value).good
    }
    let size = counts(members)
    return Comparison(
      clientId: id, feature: feature, label: FeatureLabels.describe(feature).label,
      value: FeatureValues.json(value, spec),
      percentileGood: good, percentileBad: bad, percentileAll: all,
      cohort: .init(
        definition: by.isEmpty
          ? "all loaded clients"
          : "clients with the same " + by.joined(separator: ", ")
            + " (numeric features: the same decile)",
        by: by, size: members.count, good: size.good, bad: size.bad),
      bins: bins, missing: counts(members.filter { column[$0].isNaN }))
  }
}

/// Cohort membership: the same level (or both missing) for a categorical feature, the same decile
/// bin of all loaded clients for a numeric one (the bins PSI uses).
enum Cohorts {
  static func keys(_ m: FeatureMatrix, feature f: Int) -> [Int] {
    let column = m.columns[f]
    if m.features[f].isCategorical { return column.map { $0.isNaN ? -1 : Int($0) } }
    let edges = decileEdges(column)
    return column.map { v in v.isNaN ? -1 : edges.filter { v > $0 }.count }
  }
}

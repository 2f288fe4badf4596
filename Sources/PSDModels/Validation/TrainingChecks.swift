import PSDCore
import PSDData

/// Guard rails for a training run: warnings, never errors (the analyst may know better).
package enum TrainingChecks {
  /// Single-feature AUC from which a feature is reported as a probable leak.
  package static let leakAUC = 0.99
  /// Features that look like identifiers: an `ID` name (`SK_ID_CURR`, `CLIENT_ID`), or whole
  /// numbers / labels that differ on every row. Continuous measures are unique per row too, so
  /// only integers and categories count.
  package static func idLikeFeatures(_ frame: DataFrame, features: [FeatureSpec]) -> [String] {
    features.compactMap { spec -> String? in
      let parts = spec.name.uppercased().split(separator: "_")
      if parts == ["ID"] || parts.last == "ID" || (parts.count >= 2 && parts[0] == "SK" && parts[1] == "ID") {
        return spec.name
      }
      guard let column = frame[spec.name], frame.rowCount >= 20 else { return nil }
      switch column.data {
      case .category(let codes, let levels):
        return levels.count == frame.rowCount && !codes.contains(-1) ? spec.name : nil
      case .int(let values, let valid):
        return valid == nil && Set(values).count == values.count ? spec.name : nil
      default:
        return nil
      }
    }
  }

  /// Numeric features that alone separate the classes almost perfectly (AUC ≥ `leakAUC`,
  /// either direction): usually the target in disguise.
  package static func leakingFeatures(_ m: FeatureMatrix, labels: [Bool]) -> [(name: String, auc: Double)] {
    let rows = 0..<m.rowCount
    var out: [(String, Double)] = []
    for (f, spec) in m.features.enumerated() where spec.levels == nil {
      var scores: [Double] = [], ys: [Bool] = []
      for r in rows where !m.columns[f][r].isNaN {
        scores.append(m.columns[f][r])
        ys.append(labels[r])
      }
      // A feature present on few rows can look perfect by chance.
      guard scores.count >= max(20, rows.count / 2), let auc = rocAUC(scores: scores, labels: ys) else { continue }
      let separation = max(auc, 1 - auc)
      if separation >= leakAUC { out.append((spec.name, separation)) }
    }
    return out
  }
}

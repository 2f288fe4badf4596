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
  /// either direction): usually the target in disguise. `sorted`: the same matrix's values by
  /// class, when the caller has them already.
  package static func leakingFeatures(
    _ m: FeatureMatrix, labels: [Bool], sorted: ClassSortedValues? = nil
  ) -> [(name: String, auc: Double)] {
    let sorted = sorted ?? ClassSortedValues(m, labels: labels)
    return sorted.perFeature.enumerated().compactMap { f, classes in
      // A feature present on few rows can look perfect by chance.
      guard let (good, bad) = classes, good.count + bad.count >= max(20, m.rowCount / 2),
        let auc = rocAUC(sortedNegatives: good, sortedPositives: bad)
      else { return nil }
      let separation = max(auc, 1 - auc)
      return separation >= leakAUC ? (m.features[f].name, separation) : nil
    }
  }
}

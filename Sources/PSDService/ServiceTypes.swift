/// The API's response bodies. Property names are camelCase here and snake_case on the wire
/// (`ServiceJSON.encoder`). Doubles that can be undefined (a missing value, an empty class) are
/// optionals, sent as null.

package struct HealthResponse: Codable, Sendable {
  package struct ModelSummary: Codable, Sendable {
    package var name: String; package var sha256: String; package var created: String?
  }
  package var status: String
  package var model: ModelSummary
  package var uptimeS: Double
}

package struct ReadyResponse: Codable, Sendable {
  package var ready: Bool
  package var clients: Int
  package var referenceRows: Int
}

/// One feature's part in a decision, ready for a person: the readable label, the client's value
/// in its own units, and where that value sits among good and bad clients.
package struct Reason: Codable, Sendable, Equatable {
  package var feature: String
  package var label: String
  package var value: JSONValue
  /// Contribution to the log-odds of default (exact TreeSHAP for trees).
  package var contribution: Double
  /// "raises_risk" (towards refusal) or "lowers_risk".
  package var direction: String
  /// Percentile (0–100) among good / bad reference clients; for a category, the share of each
  /// class with the same level.
  package var percentileGood: Double?
  package var percentileBad: Double?
  package var sentence: String
}

package struct ScoreResponse: Codable, Sendable {
  package var clientId: String?
  package var probabilityDefault: Double
  package var decision: String
  package var threshold: Double
  /// PD − threshold: negative when granted.
  package var margin: Double
  package var band: String
  package var reasons: [Reason]
  /// What is unusual about the application (a value outside the training range, a row outside
  /// the training population, a side-table level never seen): scored all the same.
  package var warnings: [String]
  package var modelSha256: String
}

package struct BatchResponse: Codable, Sendable {
  package var count: Int
  package var results: [ScoreResponse]
  package var modelSha256: String
}

package struct FeatureDescription: Codable, Sendable {
  package struct Range: Codable, Sendable { package var min: Double; package var max: Double }
  package var name: String
  package var label: String
  package var unit: String?
  /// "number" or "category".
  package var type: String
  package var categories: [String]?
  /// Range among the reference rows (training reference, else the loaded clients).
  package var trainingRange: Range?
}

package struct Band: Codable, Sendable, Equatable {
  package var name: String
  package var from: Double
  package var to: Double
}

package struct ModelInfo: Codable, Sendable {
  package struct Costs: Codable, Sendable { package var falseNegative: Double; package var falsePositive: Double }
  package var name: String
  package var sha256: String
  package var created: String?
  package var estimator: String
  package var target: String
  package var threshold: Double
  package var decisionRule: String
  package var costs: Costs?
  package var calibration: String
  package var validation: [String: Double]
  package var baseRate: Double?
  package var baseRateSource: String?
  package var bands: [Band]
  package var training: [String: String]
  package var features: [FeatureDescription]
  /// For a model with a feature recipe: what a raw application is made of (`application` and
  /// each side table's records), with every column's type and whether the recipe reads it.
  package var rawApplication: [RawInputTable]?
}

/// One input table of the recipe as a request carries it.
package struct RawInputTable: Codable, Sendable {
  package struct Column: Codable, Sendable {
    package var name: String
    /// "number", "integer", "boolean" or "category".
    package var type: String
    /// The recipe reads it: send it (null for a missing value). Other columns may be left out.
    package var required: Bool
    /// The levels the recipe or the model knows (another level is a 422); nil when any text goes.
    package var categories: [String]?
  }
  /// The request's key: `application` for the applications table, else the table's name.
  package var key: String
  /// The recipe's name for the table (`score m with NAME=...`).
  package var table: String
  /// "object" (the application's own fields) or "array" (records).
  package var shape: String
  package var columns: [Column]
}

package struct ProfileFeature: Codable, Sendable {
  package var feature: String
  package var label: String
  package var unit: String?
  package var value: JSONValue
}

package struct ClientProfile: Codable, Sendable {
  package var clientId: String
  package var features: [ProfileFeature]
}

package struct Contribution: Codable, Sendable {
  package var feature: String
  package var label: String
  package var value: JSONValue
  package var contribution: Double
}

package struct ExplanationResponse: Codable, Sendable {
  package var clientId: String
  package var method: String
  package var baseValue: Double
  package var baseProbability: Double
  package var rawScore: Double
  package var probabilityDefault: Double
  package var decision: String
  package var threshold: Double
  package var contributions: [Contribution]
  package var modelSha256: String
}

package struct GlobalImportance: Codable, Sendable {
  package var feature: String
  package var label: String
  package var meanAbsContribution: Double?
  package var gain: Double?
  package var splits: Int?
}

package struct GlobalExplanation: Codable, Sendable {
  package var method: String
  package var rows: Int
  package var features: [GlobalImportance]
}

package struct ComparisonBin: Codable, Sendable {
  package var from: Double?
  package var to: Double?
  package var level: String?
  package var good: Int?
  package var bad: Int?
  package var total: Int
}

package struct Comparison: Codable, Sendable {
  package struct Cohort: Codable, Sendable {
    package var definition: String
    package var by: [String]
    package var size: Int
    package var good: Int?
    package var bad: Int?
  }
  package var clientId: String
  package var feature: String
  package var label: String
  package var value: JSONValue
  package var percentileGood: Double?
  package var percentileBad: Double?
  package var percentileAll: Double?
  package var cohort: Cohort
  package var bins: [ComparisonBin]
  package var missing: ComparisonBin
}

package struct WhatIfResponse: Codable, Sendable {
  package struct Change: Codable, Sendable {
    package var feature: String; package var from: JSONValue; package var to: JSONValue
  }
  package struct Moved: Codable, Sendable {
    package var feature: String
    package var before: Double
    package var after: Double
    package var change: Double
  }
  package var before: ScoreResponse
  package var after: ScoreResponse
  package var deltaProbability: Double
  package var decisionChanged: Bool
  package var changes: [Change]
  /// Features whose value changed without being named in `changes`: re-derived by the recipe
  /// from the changed raw fields (CREDIT_INCOME after AMT_CREDIT, a side-table aggregate, ...).
  package var rederived: [Change]
  package var moved: [Moved]
}

package struct DriftFeature: Codable, Sendable {
  package var feature: String
  package var psi: Double
  package var bins: Int
  package var band: String
}

package struct DriftResponse: Codable, Sendable {
  package var referenceRows: Int
  package var currentRows: Int
  package var stable: Int
  package var moderate: Int
  package var major: Int
  package var features: [DriftFeature]
}

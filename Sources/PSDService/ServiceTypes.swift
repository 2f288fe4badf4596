/// The API's response bodies. Property names are camelCase here and snake_case on the wire
/// (`ServiceJSON.encoder`). Doubles that can be undefined (a missing value, an empty class) are
/// optionals, sent as null.

public struct HealthResponse: Codable, Sendable {
  public struct ModelSummary: Codable, Sendable { public var name: String; public var sha256: String; public var created: String? }
  public var status: String
  public var model: ModelSummary
  public var uptimeS: Double
}

public struct ReadyResponse: Codable, Sendable {
  public var ready: Bool
  public var clients: Int
  public var referenceRows: Int
}

/// One feature's part in a decision, ready for a person: the readable label, the client's value
/// in its own units, and where that value sits among good and bad clients.
public struct Reason: Codable, Sendable, Equatable {
  public var feature: String
  public var label: String
  public var value: JSONValue
  /// Contribution to the log-odds of default (exact TreeSHAP for trees).
  public var contribution: Double
  /// "raises_risk" (towards refusal) or "lowers_risk".
  public var direction: String
  /// Percentile (0–100) among good / bad reference clients; for a category, the share of each
  /// class with the same level.
  public var percentileGood: Double?
  public var percentileBad: Double?
  public var sentence: String
}

public struct ScoreResponse: Codable, Sendable {
  public var clientId: String?
  public var probabilityDefault: Double
  public var decision: String
  public var threshold: Double
  /// PD − threshold: negative when granted.
  public var margin: Double
  public var band: String
  public var reasons: [Reason]
  /// What is unusual about the application (a value outside the training range, a row outside
  /// the training population, a side-table level never seen): scored all the same.
  public var warnings: [String]
  public var modelSha256: String
}

public struct BatchResponse: Codable, Sendable {
  public var count: Int
  public var results: [ScoreResponse]
  public var modelSha256: String
}

public struct FeatureDescription: Codable, Sendable {
  public struct Range: Codable, Sendable { public var min: Double; public var max: Double }
  public var name: String
  public var label: String
  public var unit: String?
  /// "number" or "category".
  public var type: String
  public var categories: [String]?
  /// Range among the reference rows (training reference, else the loaded clients).
  public var trainingRange: Range?
}

public struct Band: Codable, Sendable, Equatable {
  public var name: String
  public var from: Double
  public var to: Double
}

public struct ModelInfo: Codable, Sendable {
  public struct Costs: Codable, Sendable { public var falseNegative: Double; public var falsePositive: Double }
  public var name: String
  public var sha256: String
  public var created: String?
  public var estimator: String
  public var target: String
  public var threshold: Double
  public var decisionRule: String
  public var costs: Costs?
  public var calibration: String
  public var validation: [String: Double]
  public var baseRate: Double?
  public var baseRateSource: String?
  public var bands: [Band]
  public var training: [String: String]
  public var features: [FeatureDescription]
  /// For a model with a feature recipe: what a raw application is made of (`application` and
  /// each side table's records), with every column's type and whether the recipe reads it.
  public var rawApplication: [RawInputTable]?
}

/// One input table of the recipe as a request carries it.
public struct RawInputTable: Codable, Sendable {
  public struct Column: Codable, Sendable {
    public var name: String
    /// "number", "integer", "boolean" or "category".
    public var type: String
    /// The recipe reads it: send it (null for a missing value). Other columns may be left out.
    public var required: Bool
    /// The levels the recipe or the model knows (another level is a 422); nil when any text goes.
    public var categories: [String]?
  }
  /// The request's key: `application` for the applications table, else the table's name.
  public var key: String
  /// The recipe's name for the table (`score m with NAME=...`).
  public var table: String
  /// "object" (the application's own fields) or "array" (records).
  public var shape: String
  public var columns: [Column]
}

public struct ProfileFeature: Codable, Sendable {
  public var feature: String
  public var label: String
  public var unit: String?
  public var value: JSONValue
}

public struct ClientProfile: Codable, Sendable {
  public var clientId: String
  public var features: [ProfileFeature]
}

public struct Contribution: Codable, Sendable {
  public var feature: String
  public var label: String
  public var value: JSONValue
  public var contribution: Double
}

public struct ExplanationResponse: Codable, Sendable {
  public var clientId: String
  public var method: String
  public var baseValue: Double
  public var baseProbability: Double
  public var rawScore: Double
  public var probabilityDefault: Double
  public var decision: String
  public var threshold: Double
  public var contributions: [Contribution]
  public var modelSha256: String
}

public struct GlobalImportance: Codable, Sendable {
  public var feature: String
  public var label: String
  public var meanAbsContribution: Double?
  public var gain: Double?
  public var splits: Int?
}

public struct GlobalExplanation: Codable, Sendable {
  public var method: String
  public var rows: Int
  public var features: [GlobalImportance]
}

public struct ComparisonBin: Codable, Sendable {
  public var from: Double?
  public var to: Double?
  public var level: String?
  public var good: Int?
  public var bad: Int?
  public var total: Int
}

public struct Comparison: Codable, Sendable {
  public struct Cohort: Codable, Sendable {
    public var definition: String
    public var by: [String]
    public var size: Int
    public var good: Int?
    public var bad: Int?
  }
  public var clientId: String
  public var feature: String
  public var label: String
  public var value: JSONValue
  public var percentileGood: Double?
  public var percentileBad: Double?
  public var percentileAll: Double?
  public var cohort: Cohort
  public var bins: [ComparisonBin]
  public var missing: ComparisonBin
}

public struct WhatIfResponse: Codable, Sendable {
  public struct Change: Codable, Sendable { public var feature: String; public var from: JSONValue; public var to: JSONValue }
  public struct Moved: Codable, Sendable {
    public var feature: String
    public var before: Double
    public var after: Double
    public var change: Double
  }
  public var before: ScoreResponse
  public var after: ScoreResponse
  public var deltaProbability: Double
  public var decisionChanged: Bool
  public var changes: [Change]
  /// Features whose value changed without being named in `changes`: re-derived by the recipe
  /// from the changed raw fields (CREDIT_INCOME after AMT_CREDIT, a side-table aggregate, ...).
  public var rederived: [Change]
  public var moved: [Moved]
}

public struct DriftFeature: Codable, Sendable {
  public var feature: String
  public var psi: Double
  public var bins: Int
  public var band: String
}

public struct DriftResponse: Codable, Sendable {
  public var referenceRows: Int
  public var currentRows: Int
  public var stable: Int
  public var moderate: Int
  public var major: Int
  public var features: [DriftFeature]
}

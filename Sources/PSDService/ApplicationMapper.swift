import PSDCore
import PSDModels

/// A new application posted as the model's feature columns (`{"features": {...}}`). A raw
/// application with its side tables goes through the model's recipe instead (`RawApplication`,
/// `RecipeMapper`).
package struct PostedApplication: Sendable, Equatable {
  package var fields: [String: JSONValue]

  package init(fields: [String: JSONValue]) {
    self.fields = fields
  }
}

/// Posted feature columns → the model's feature row (one Double per `model.features` entry, in
/// order; NaN = missing; a categorical feature holds its level's code). Every route that scores
/// feature columns (score, scores, whatif) goes through `ScoringService.mapper`. A raw
/// application (`application` + side-table records) goes through the other seam,
/// `ScoringService.recipe` (`RecipeMapper`: the model's feature recipe, then the Scorer).
package protocol ApplicationMapper: Sendable {
  /// The feature row, or a 422 with one error per bad field. `path` prefixes field names in
  /// errors ("features", "applications[3].features").
  func featureRow(_ application: PostedApplication, model: CreditModel, path: String) throws(ServiceError) -> [Double]
}

/// Posted fields are the model's feature columns, by name, typed by the model's FeatureSpec:
/// a number (or null) for a numeric feature, one of the training levels (or null) for a
/// categorical one. Every feature must be present (null says "missing"): an omitted field is
/// more often a caller's bug than a missing value. Side-table records are refused: turning them
/// into features needs a recipe.
package struct FeatureColumnMapper: ApplicationMapper {
  package init() {}

  package func featureRow(_ application: PostedApplication, model: CreditModel, path: String) throws(ServiceError)
    -> [Double]
  {
    var errors: [FieldError] = []
    let names = model.features.map(\.name)
    let known = Set(names)
    for name in application.fields.keys.sorted() where !known.contains(name) {
      errors.append(ServiceError.unknownName("feature", name, field: "\(path).\(name)", among: names))
    }
    var row = [Double](repeating: .nan, count: model.features.count)
    for (f, spec) in model.features.enumerated() {
      let field = "\(path).\(spec.name)"
      guard let value = application.fields[spec.name] else {
        errors.append(FieldError(field, "required: send null for a missing value"))
        continue
      }
      switch FeatureValueReader.read(value, as: spec) {
      case .success(let v): row[f] = v
      case .failure(let message): errors.append(FieldError(field, message.text))
      }
    }
    if !errors.isEmpty { throw ServiceError.invalid(errors) }
    return row
  }
}

/// One posted value read as a model input, or why not.
enum FeatureValueReader {
  struct Message: Error { var text: String }

  static func read(_ value: JSONValue, as spec: FeatureSpec) -> Result<Double, Message> {
    if let levels = spec.levels {
      switch value {
      case .null: return .success(.nan)
      case .string(let s):
        if let code = levels.firstIndex(of: s) { return .success(Double(code)) }
        var text = "unknown category '\(s)'"
        if let best = Suggestions.closest(to: s, among: levels) { text += "; did you mean '\(best)'?" }
        let shown = levels.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
        text += " (expected one of \(shown)\(levels.count > 8 ? ", … \(levels.count - 8) more" : ""), or null)"
        return .failure(Message(text: text))
      default:
        return .failure(Message(text: "expected a category (a string) or null, found \(value.kindName)"))
      }
    }
    switch value {
    case .null: return .success(.nan)
    case .number(let d) where d.isFinite: return .success(d)
    default: return .failure(Message(text: "expected a number or null, found \(value.kindName)"))
    }
  }
}

import Foundation
import PSDCore

/// An input table handed to a recipe replay: rows already in memory (a session's frame, one
/// application's own rows), or a CSV file read only when the recipe reaches its load step and
/// freed after the last step that reads it. Files let a full-scale batch hold one raw side
/// table at a time instead of all seven (issue 14: peak memory below polars').
package enum RecipeTable: Sendable {
  case frame(DataFrame)
  /// `displayName`: how messages name the file (the path as the user typed it).
  case file(path: String, displayName: String)
}

extension FeatureRecipe {
  /// The column names in the header of an input's file, read without its rows (so every
  /// table's missing columns are reported together, before any table is loaded).
  func headerColumns(_ input: RecipeInput, path: String, displayName: String) throws -> [String] {
    var separator = CSVReadOptions().separator
    if case .load(_, let sep, _) = steps[input.steps[0]].operation { separator = sep }
    return try CSVReader.headerNames(path: path, displayName: displayName, separator: separator)
  }
}

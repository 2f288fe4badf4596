import Foundation

/// The one JSON encoder of the API: snake_case keys, NaN and infinities never reach the wire
/// (optionals carry undefined numbers as null).
public enum ServiceJSON {
  public static func encode<T: Encodable>(_ value: T, sorted: Bool = false) throws -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = sorted ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
    return try encoder.encode(value)
  }
}

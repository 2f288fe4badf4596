import Foundation

/// The one JSON encoder of the API: snake_case keys, NaN and infinities never reach the wire
/// (optionals carry undefined numbers as null). Keys are sorted: the same answer is the same bytes.
package enum ServiceJSON {
  package static func encode<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
  }
}

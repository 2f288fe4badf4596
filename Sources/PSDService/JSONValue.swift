import Foundation

/// Any JSON value, decoded as posted. Requests are decoded into this first and validated by hand
/// so that every bad field gets its own message (a typed Codable decode stops at the first one).
package enum JSONValue: Sendable, Equatable, Codable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  package init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .bool(let b): try c.encode(b)
    case .number(let d): if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
    case .string(let s): try c.encode(s)
    case .array(let a): try c.encode(a)
    case .object(let o): try c.encode(o)
    }
  }

  /// The JSON type's name, for messages ("expected a number, found a string").
  package var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  package var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }

  /// Parses a request body. Anything that is not JSON is a 400.
  package static func parse(_ bytes: some Collection<UInt8>) throws(ServiceError) -> JSONValue {
    if bytes.isEmpty { throw ServiceError.badRequest("the request body is empty: expected a JSON object") }
    let parsed =
      bytes.withContiguousStorageIfAvailable { b in try? JSONParser.parse(b) }
      ?? Array(bytes).withUnsafeBufferPointer { b in try? JSONParser.parse(b) }
    guard let parsed else { throw ServiceError.badRequest("the request body is not valid JSON") }
    return parsed
  }
}

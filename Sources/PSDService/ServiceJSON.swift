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

extension ServiceJSON {
  /// `encode(score)`, byte for byte (sorted snake_case keys, nil left out, a whole Double without
  /// ".0"), written directly: JSONEncoder's boxing, key conversion and sorting were ~5 % of a
  /// score's CPU. A string with a control character goes through JSONEncoder, whose escapes
  /// this does not copy.
  package static func encode(score s: ScoreResponse) throws -> [UInt8] {
    var w = Writer()
    w.raw("{\"band\":")
    w.string(s.band)
    if let id = s.clientId {
      w.raw(",\"client_id\":")
      w.string(id)
    }
    w.raw(",\"decision\":")
    w.string(s.decision)
    w.raw(",\"margin\":")
    w.number(s.margin)
    w.raw(",\"model_sha256\":")
    w.string(s.modelSha256)
    w.raw(",\"probability_default\":")
    w.number(s.probabilityDefault)
    w.raw(",\"reasons\":[")
    for (i, r) in s.reasons.enumerated() {
      w.raw(i == 0 ? "{\"contribution\":" : ",{\"contribution\":")
      w.number(r.contribution)
      w.raw(",\"direction\":")
      w.string(r.direction)
      w.raw(",\"feature\":")
      w.string(r.feature)
      w.raw(",\"label\":")
      w.string(r.label)
      if let p = r.percentileBad {
        w.raw(",\"percentile_bad\":")
        w.number(p)
      }
      if let p = r.percentileGood {
        w.raw(",\"percentile_good\":")
        w.number(p)
      }
      w.raw(",\"sentence\":")
      w.string(r.sentence)
      w.raw(",\"value\":")
      switch r.value {
      case .number(let d) where d.isFinite: w.number(d)
      case .string(let t): w.string(t)
      case .bool(let b): w.raw(b ? "true" : "false")
      case .null, .number: w.raw("null")
      case .array, .object: return Array(try encode(s))
      }
      w.raw("}")
    }
    w.raw("],\"threshold\":")
    w.number(s.threshold)
    w.raw(",\"warnings\":[")
    for (i, text) in s.warnings.enumerated() {
      if i > 0 { w.raw(",") }
      w.string(text)
    }
    w.raw("]}")
    guard w.plain else { return Array(try encode(s)) }
    return w.bytes
  }

  private struct Writer {
    var bytes: [UInt8] = []
    /// False once a value needs what JSONEncoder does differently (a control character, a
    /// number that is not finite): the caller encodes with JSONEncoder instead.
    var plain = true

    init() { bytes.reserveCapacity(2048) }

    mutating func raw(_ s: StaticString) {
      bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func string(_ s: String) {
      bytes.append(UInt8(ascii: "\""))
      for b in s.utf8 {
        switch b {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
        case 0..<0x20: plain = false
        default: bytes.append(b)
        }
      }
      bytes.append(UInt8(ascii: "\""))
    }

    /// Swift's shortest round-trip text, "1" for 1.0: what JSONEncoder writes.
    mutating func number(_ d: Double) {
      guard d.isFinite else {
        plain = false
        return
      }
      var text = d.description
      if text.hasSuffix(".0") { text.removeLast(2) }
      bytes.append(contentsOf: text.utf8)
    }
  }
}

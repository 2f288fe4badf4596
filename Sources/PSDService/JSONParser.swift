/// A strict RFC 8259 reader for request bodies, straight from the bytes to `JSONValue`.
/// JSONDecoder through `JSONValue`'s Codable init cost ~0.5 ms for a 121-field application (every
/// number first failed a Bool decode, an error each); this reads it in a few microseconds.
/// Anything JSONDecoder refuses is refused here too: bad syntax, invalid UTF-8 or escapes, lone
/// surrogates, numbers a Double cannot hold, nesting deeper than `maxDepth`. What JSONDecoder
/// lets through is let through too (a request it read must read the same): a trailing comma in an
/// object or an array, and a duplicate key, which keeps its first value.
struct JSONParser {
  /// Deeper documents are refused (recursion must never exhaust a server thread's stack).
  static let maxDepth = 512

  struct Failure: Error {}

  private let bytes: UnsafeBufferPointer<UInt8>
  private var i = 0

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The one value the bytes hold (leading and trailing whitespace allowed).
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
    var p = JSONParser(bytes)
    p.skipSpace()
    let value = try p.value(depth: 0)
    p.skipSpace()
    guard p.i == bytes.count else { throw Failure() }
    return value
  }

  private mutating func skipSpace() {
    while i < bytes.count {
      switch bytes[i] {
      case 0x20, 0x09, 0x0A, 0x0D: i += 1
      default: return
      }
    }
  }

  private mutating func value(depth: Int) throws(Failure) -> JSONValue {
    guard i < bytes.count, depth < Self.maxDepth else { throw Failure() }
    switch bytes[i] {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    default: return .number(try number())
    }
  }

  private mutating func literal(_ word: StaticString) throws(Failure) {
    let n = word.utf8CodeUnitCount
    guard bytes.count - i >= n else { throw Failure() }
    let w = word.utf8Start
    for k in 0..<n where bytes[i + k] != w[k] { throw Failure() }
    i += n
  }

  private mutating func object(depth: Int) throws(Failure) -> JSONValue {
    i += 1
    var out: [String: JSONValue] = [:]
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
      i += 1
      return .object(out)
    }
    while true {
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Failure() }
      let key = try string()
      skipSpace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Failure() }
      i += 1
      skipSpace()
      let v = try value(depth: depth)
      if out[key] == nil { out[key] = v }
      skipSpace()
      guard i < bytes.count else { throw Failure() }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
          i += 1
          return .object(out)
        }
      } else if bytes[i] == UInt8(ascii: "}") {
        i += 1
        return .object(out)
      } else {
        throw Failure()
      }
    }
  }

  private mutating func array(depth: Int) throws(Failure) -> JSONValue {
    i += 1
    var out: [JSONValue] = []
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
      i += 1
      return .array(out)
    }
    while true {
      out.append(try value(depth: depth))
      skipSpace()
      guard i < bytes.count else { throw Failure() }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
          i += 1
          return .array(out)
        }
      } else if bytes[i] == UInt8(ascii: "]") {
        i += 1
        return .array(out)
      } else {
        throw Failure()
      }
    }
  }

  /// A string from its opening quote. Unescaped runs are checked as UTF-8 by `String(validating:)`.
  private mutating func string() throws(Failure) -> String {
    i += 1
    let start = i
    // Fast path: no escape before the closing quote.
    while i < bytes.count {
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        i += 1
        guard let s else { throw Failure() }
        return s
      }
      if b == UInt8(ascii: "\\") { break }
      guard b >= 0x20 else { throw Failure() }
      i += 1
    }
    var utf8 = Array(bytes[start..<i])
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "\""):
        i += 1
        guard let s = String(validating: utf8, as: UTF8.self) else { throw Failure() }
        return s
      case UInt8(ascii: "\\"):
        i += 1
        guard i < bytes.count else { throw Failure() }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(e)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = UInt32(try hex4())
          if (0xD800..<0xDC00).contains(scalar) {
            // A high surrogate must be followed by an escaped low one.
            guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
              throw Failure()
            }
            i += 2
            let low = UInt32(try hex4())
            guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let u = Unicode.Scalar(scalar) else { throw Failure() }
          utf8.append(contentsOf: UTF8.encode(u)!)
        default: throw Failure()
        }
      default:
        guard b >= 0x20 else { throw Failure() }
        utf8.append(b)
        i += 1
      }
    }
    throw Failure()
  }

  private mutating func hex4() throws(Failure) -> UInt16 {
    guard bytes.count - i >= 4 else { throw Failure() }
    var v: UInt16 = 0
    for _ in 0..<4 {
      let b = bytes[i]
      let d: UInt8
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
      default: throw Failure()
      }
      v = v << 4 | UInt16(d)
      i += 1
    }
    return v
  }

  /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as the nearest Double; a value a Double cannot
  /// hold (1e400) is refused, as JSONDecoder refuses it.
  private mutating func number() throws(Failure) -> Double {
    let start = i
    var negative = false
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
      negative = true
      i += 1
    }
    guard i < bytes.count, isDigit(bytes[i]) else { throw Failure() }
    var mantissa: UInt64 = 0
    var digits = 0
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
    } else {
      while i < bytes.count, isDigit(bytes[i]) {
        if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] - UInt8(ascii: "0")) }
        digits += 1
        i += 1
      }
    }
    var plain = true
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      plain = false
      i += 1
      guard i < bytes.count, isDigit(bytes[i]) else { throw Failure() }
      while i < bytes.count, isDigit(bytes[i]) { i += 1 }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      plain = false
      i += 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard i < bytes.count, isDigit(bytes[i]) else { throw Failure() }
      while i < bytes.count, isDigit(bytes[i]) { i += 1 }
    }
    // Whole numbers up to 2^53 are exact as Doubles; anything else goes through the correctly
    // rounded text conversion.
    if plain, digits <= 15 {
      let d = Double(mantissa)
      return negative ? -d : d
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    guard let d = Double(text), d.isFinite else { throw Failure() }
    return d
  }

  private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}

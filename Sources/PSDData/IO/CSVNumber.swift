#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a field's text is, as far as type inference cares.
enum CSVFieldKind: UInt8 {
  case int, float, bool, text
}

/// Number recognition and conversion for CSV fields. The fast path is Clinger's: a decimal
/// with at most 19 significant digits whose mantissa is below 2^53 and whose power of ten is
/// within ±22 converts exactly with one multiply or divide. Everything else goes to strtod on a
/// NUL-terminated copy (strtod costs ~100 ns per call here, the fast path a few ns).
enum CSVNumber {
  /// Exact powers of ten 1e0...1e22 (all representable in a Double).
  @usableFromInline static let powersOfTen: [Double] = (0...22).map { e in
    var v = 1.0
    for _ in 0..<e { v *= 10 }
    return v
  }

  /// Classifies `p[0..<n]` (n > 0) and, for numbers, converts it. `int` is set for `.int`,
  /// `double` for `.float`, `bool` for `.bool`. Integers that overflow Int64 are text (kept
  /// exact as labels, never rounded to a float).
  /// `pow10` must point at `powersOfTen` (passed in so the hot loop does not touch a global).
  @inline(__always)
  static func classify(
    _ p: UnsafePointer<UInt8>, _ n: Int, pow10: UnsafePointer<Double>,
    int: inout Int64, double: inout Double, bool: inout Int8
  ) -> CSVFieldKind {
    var i = 0
    var negative = false
    let first = p[0]
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      i = 1
    }
    var mantissa: UInt64 = 0
    var significant = 0
    var exp10 = 0
    var truncated = false
    let intStart = i
    while i < n {
      let d = p[i] &- 48
      if d >= 10 { break }
      if significant < 19 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        if mantissa != 0 { significant += 1 }
      } else {
        exp10 += 1
        if d != 0 { truncated = true }
      }
      i += 1
    }
    var sawDigits = i > intStart
    if i == n {
      // Only digits: an integer unless it does not fit.
      guard sawDigits else { return .text }
      if significant < 19 {
        let v = Int64(mantissa)
        int = negative ? -v : v
        return .int
      }
      if exp10 == 0 {
        if !negative && mantissa <= UInt64(Int64.max) { int = Int64(mantissa); return .int }
        if negative && mantissa <= UInt64(Int64.max) + 1 {
          int = mantissa == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mantissa)
          return .int
        }
      }
      // Beyond 64 bits: as a float, 20-digit ids 10000000000000000000 and ...007 would merge.
      // As text the column is categorical and every id stays exact.
      return .text
    }
    if p[i] == UInt8(ascii: ".") {
      i += 1
      let fracStart = i
      while i < n {
        let d = p[i] &- 48
        if d >= 10 { break }
        if significant < 19 {
          mantissa = mantissa &* 10 &+ UInt64(d)
          if mantissa != 0 { significant += 1 }
          exp10 -= 1
        } else if d != 0 {
          truncated = true
        }
        i += 1
      }
      sawDigits = sawDigits || i > fracStart
    }
    if !sawDigits { return wordKind(p, n, double: &double, bool: &bool) }
    if i < n && (p[i] | 0x20) == UInt8(ascii: "e") {
      i += 1
      var expNegative = false
      if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
        expNegative = p[i] == UInt8(ascii: "-")
        i += 1
      }
      let expStart = i
      var e = 0
      while i < n {
        let d = p[i] &- 48
        if d >= 10 { break }
        if e < 100_000 { e = e * 10 + Int(d) }
        i += 1
      }
      if i == expStart { return .text }
      exp10 += expNegative ? -e : e
    }
    if i != n { return .text }
    if mantissa == 0 && !truncated {
      double = negative ? -0.0 : 0.0
      return .float
    }
    if truncated || mantissa >= (1 << 53) || exp10 < -22 || exp10 > 22 {
      double = slowDouble(p, n)
      return .float
    }
    var v = Double(mantissa)
    v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10]
    double = negative ? -v : v
    return .float
  }

  /// inf, infinity, nan (any case, optional sign) are floats; true/false are booleans.
  static func wordKind(
    _ p: UnsafePointer<UInt8>, _ n: Int, double: inout Double,
    bool: inout Int8
  ) -> CSVFieldKind {
    guard n <= 9 else { return .text }
    var lower: [UInt8] = []
    lower.reserveCapacity(n)
    for i in 0..<n { lower.append(p[i] | (p[i] >= 65 && p[i] <= 90 ? 0x20 : 0)) }
    var sign = 1.0
    var word = lower[...]
    if let f = word.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
      sign = f == UInt8(ascii: "-") ? -1 : 1
      word = word.dropFirst()
    }
    if word.elementsEqual("inf".utf8) || word.elementsEqual("infinity".utf8) {
      double = sign * .infinity
      return .float
    }
    if word.elementsEqual("nan".utf8) {
      double = .nan
      return .float
    }
    if lower.elementsEqual("true".utf8) { bool = 1; return .bool }
    if lower.elementsEqual("false".utf8) { bool = 0; return .bool }
    return .text
  }

  /// strtod on a NUL-terminated copy; the text was already checked to be a decimal number.
  static func slowDouble(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double {
    if n < 64 {
      return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buf in
        let base = buf.baseAddress!
        UnsafeMutableRawPointer(base).copyMemory(from: p, byteCount: n)
        base[n] = 0
        return strtod(base, nil)
      }
    }
    let buf = UnsafeMutablePointer<CChar>.allocate(capacity: n + 1)
    defer { buf.deallocate() }
    UnsafeMutableRawPointer(buf).copyMemory(from: p, byteCount: n)
    buf[n] = 0
    return strtod(buf, nil)
  }
}

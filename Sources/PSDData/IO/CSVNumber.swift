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
      // 17-digit shortest forms (0.18571324120786722) land here: exact in integers when the
      // power of five fits 64 bits, else strtod.
      if !truncated, let v = exactDouble(mantissa, exp10) {
        double = negative ? -v : v
      } else {
        double = slowDouble(p, n)
      }
      return .float
    }
    var v = Double(mantissa)
    v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10]
    double = negative ? -v : v
    return .float
  }

  /// inf, infinity, nan (any case, optional sign) are floats; true/false are booleans.
  /// Compared in place, byte by byte: a boolean column (psd saves them as true/false) sends
  /// every one of its fields here.
  static func wordKind(
    _ p: UnsafePointer<UInt8>, _ n: Int, double: inout Double,
    bool: inout Int8
  ) -> CSVFieldKind {
    guard n <= 9 else { return .text }
    /// Whether bytes `from..<n` spell `word` (lowercase ASCII) in any case.
    func spells(_ word: StaticString, from: Int) -> Bool {
      guard word.utf8CodeUnitCount == n - from else { return false }
      let letters = word.utf8Start
      for i in from..<n {
        let c = p[i]
        if (c >= 65 && c <= 90 ? c | 0x20 : c) != letters[i - from] { return false }
      }
      return true
    }
    if spells("true", from: 0) { bool = 1; return .bool }
    if spells("false", from: 0) { bool = 0; return .bool }
    let signed = p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")
    let from = signed ? 1 : 0
    if spells("inf", from: from) || spells("infinity", from: from) {
      double = p[0] == UInt8(ascii: "-") ? -.infinity : .infinity
      return .float
    }
    if spells("nan", from: from) {
      double = .nan
      return .float
    }
    return .text
  }

  /// 5^0 ... 5^27, every power of five below 2^64.
  static let powersOfFive: [UInt64] = (0...27).map { e in
    var v: UInt64 = 1
    for _ in 0..<e { v *= 5 }
    return v
  }

  /// `mantissa` × 10^`exp10` (mantissa > 0) correctly rounded, for |exp10| ≤ 27; nil beyond.
  /// 10^k = 5^k × 2^k, and scaling by a power of two is exact, so only m × 5^k or m / 5^k must
  /// be rounded: the top 64 bits of that integer (at least 62 of them significant), with every
  /// lower bit or remainder folded into the lowest bit, round to 53 bits exactly as the whole
  /// would (the folded bit lies far below the rounding position and only breaks exact ties).
  static func exactDouble(_ mantissa: UInt64, _ exp10: Int) -> Double? {
    guard exp10 >= -27 && exp10 <= 27 else { return nil }
    let five = powersOfFive[abs(exp10)]
    if exp10 >= 0 {
      let (high, low) = mantissa.multipliedFullWidth(by: five)
      if high == 0 { return Double(sign: .plus, exponent: exp10, significand: Double(low)) }
      let shift = high.leadingZeroBitCount
      let top = shift == 0 ? high : (high << shift) | (low >> (64 - shift))
      let sticky: UInt64 = (low << shift) != 0 ? 1 : 0
      return Double(sign: .plus, exponent: 64 - shift + exp10, significand: Double(top | sticky))
    }
    // m × 2^s / 5^k with s chosen so the quotient lies in [2^62, 2^64): it fits one 64-bit
    // division of a 128-bit dividend.
    let k = -exp10
    let bits = 64 - mantissa.leadingZeroBitCount
    let fiveBits = 64 - five.leadingZeroBitCount
    let s = 63 + fiveBits - bits
    let high = s >= 64 ? mantissa << (s - 64) : (s == 0 ? 0 : mantissa >> (64 - s))
    let low = s >= 64 ? 0 : mantissa << s
    let (quotient, remainder) = five.dividingFullWidth((high: high, low: low))
    let sticky: UInt64 = remainder != 0 ? 1 : 0
    return Double(sign: .plus, exponent: -s - k, significand: Double(quotient | sticky))
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

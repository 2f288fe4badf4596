/// Shortest round-trip text of a `Double`, written straight into a byte buffer: the same bytes
/// as `Double.description` for every value (`1.0`, `0.1`, `1e-05`, `1e+16`, `-0.0`, `inf`,
/// `5e-324`), without making a String.
///
/// The digits are the shortest decimal that reads back as the same double; among several of that
/// length, the one closest to the double's exact value. Like `Double.description`, the text is in
/// exponent form (`d.ddde±XX`, at least two exponent digits) when the value is at least 1e-4's
/// decimal position away (first digit below 10^-4) or its magnitude is above 2^53, and in plain
/// decimal form with at least one fraction digit (`100.0`, `0.00012`) otherwise.
///
/// How the digits are found, fastest first:
/// * integral values up to 2^53: the integer's digits and `.0`;
/// * values that are a short decimal (`x · 10^d` rounds to an integer `y` below 10^15 and
///   `y / 10^d` gives `x` back exactly): at most one decimal of 15 or fewer significant digits
///   lies in a double's rounding interval, so `y`'s digits are the shortest;
/// * everything else: the Schubfach method (R. Giulietti, "The Schubfach way to render doubles",
///   2020): with `v = c · 2^q`, scale the interval's centre and both ends by a 126-bit
///   approximation of 10^-k (k = floor(log10 2^q)) to get the 16–17 digit candidates `s` and
///   `s + 1` with exact in/out tests for the interval ends, try the one-digit-shorter multiples of
///   ten first, and otherwise pick the closer candidate (ties to even).
/// * the two smallest subnormals (no three-digit candidate exists) and NaN use `description`.
///
/// `ShortestDouble.tables` is built once at first use (exact big-integer arithmetic, about a
/// millisecond) and never freed.
struct ShortestDouble {
  /// Longest text written: `-1.7976931348623157e+308` and `-2.2250738585072014e-308` are 24 bytes.
  static let maxLength = 24
  /// Bytes past the text that `write` may overwrite with scratch: a buffer needs room for
  /// `maxLength + slack` bytes at the write position.
  static let slack = 24

  /// The lookup tables, made once.
  static let tables = Tables()

  let t: Tables

  init() { t = ShortestDouble.tables }

  final class Tables: @unchecked Sendable {  // immutable after init; the pointers are never freed
    /// g(k) = floor(10^-k · 2^-r) + 1 in [2^125, 2^126], k in kMin...kMax, as (g >> 63, g mod 2^63).
    let g: UnsafeMutablePointer<UInt64>
    /// "00" "01" ... "99", two bytes each (read as one UInt16).
    let pairs: UnsafeMutablePointer<UInt16>
    /// 10^0 ... 10^19.
    let pow10: UnsafeMutablePointer<UInt64>

    static let kMin = -324, kMax = 292

    init() {
      let count = Tables.kMax - Tables.kMin + 1
      g = .allocate(capacity: 2 * count)
      pairs = .allocate(capacity: 100)
      pow10 = .allocate(capacity: 20)
      for i in 0..<100 {
        withUnsafeMutableBytes(of: &pairs[i]) { b in
          b[0] = UInt8(48 + i / 10)
          b[1] = UInt8(48 + i % 10)
        }
      }
      var p: UInt64 = 1
      for i in 0..<20 {
        pow10[i] = p
        if i < 19 { p *= 10 }
      }
      // k <= 0: 10^-k is the integer 10^n; its top 126 bits (or it shifted up to 126 bits).
      var power = BigUInt(1)
      for n in 0...(-Tables.kMin) {
        setG(k: -n, top126(power))
        power.multiply(by: 10)
      }
      // k > 0: floor(2^1300 / 10^k) (repeated exact division by 10), then its top 126 bits:
      // floor(floor(a / b) / c) = floor(a / (b c)), so these are the top bits of 2^1300 / 10^k.
      var quotient = BigUInt(powerOfTwo: 1300)
      for k in 1...Tables.kMax {
        quotient.divide(by: 10)
        setG(k: k, top126(quotient))
      }
    }

    private func setG(k: Int, _ beta: (hi: UInt64, lo: UInt64)) {
      // g = beta + 1, split into 63-bit halves.
      var lo = beta.lo &+ 1
      var hi = beta.hi
      if lo == 0 { hi += 1 }
      hi = (hi << 1) | (lo >> 63)
      lo &= (1 << 63) - 1
      let i = 2 * (k - Tables.kMin)
      g[i] = hi
      g[i + 1] = lo
    }

    /// floor(x · 2^(126 - bitLength(x))): the leading 126 bits of x, as a 128-bit (hi, lo).
    private func top126(_ x: BigUInt) -> (hi: UInt64, lo: UInt64) {
      let shift = x.bitLength - 126
      var hi: UInt64 = 0, lo: UInt64 = 0
      for i in 0..<126 {
        let source = i + shift
        guard source >= 0, x.bit(source) else { continue }
        if i < 64 { lo |= 1 << UInt64(i) } else { hi |= 1 << UInt64(i - 64) }
      }
      return (hi, lo)
    }
  }

  /// Minimal unsigned big integer for building the table (little-endian 32-bit limbs).
  struct BigUInt {
    var limbs: [UInt32]

    init(_ value: UInt32) { limbs = [value] }

    init(powerOfTwo n: Int) {
      limbs = [UInt32](repeating: 0, count: n / 32 + 1)
      limbs[n / 32] = 1 << UInt32(n % 32)
    }

    var bitLength: Int {
      var top = limbs.count - 1
      while top > 0 && limbs[top] == 0 { top -= 1 }
      return top * 32 + (32 - limbs[top].leadingZeroBitCount)
    }

    func bit(_ i: Int) -> Bool {
      let limb = i / 32
      return limb < limbs.count && (limbs[limb] >> UInt32(i % 32)) & 1 == 1
    }

    mutating func multiply(by m: UInt32) {
      var carry: UInt64 = 0
      for i in limbs.indices {
        let x = UInt64(limbs[i]) * UInt64(m) + carry
        limbs[i] = UInt32(truncatingIfNeeded: x)
        carry = x >> 32
      }
      if carry > 0 { limbs.append(UInt32(carry)) }
    }

    mutating func divide(by d: UInt32) {
      var remainder: UInt64 = 0
      for i in limbs.indices.reversed() {
        let x = (remainder << 32) | UInt64(limbs[i])
        limbs[i] = UInt32(x / UInt64(d))
        remainder = x % UInt64(d)
      }
    }
  }

  // MARK: - Writing

  /// Writes `x`'s text at `out` (room for `maxLength + slack` bytes) and returns the byte count.
  @inline(__always)
  func write(_ x: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let magnitude = x.magnitude
    var p = out
    if x.sign == .minus {
      p.pointee = 45  // "-"
      p += 1
    }
    // Integral values up to 2^53 (plain decimal form): the integer and ".0".
    if magnitude <= 0x1p53 && Double(Int64(magnitude)) == magnitude {  // (signed: one instruction)
      let n = writeInteger(UInt64(Int64(magnitude)), to: p)
      p[n] = 46  // "."
      p[n + 1] = 48  // "0"
      return p + n + 2 - out
    }
    if !magnitude.isFinite { return writeSpecial(x, to: out) }
    var digits: UInt64 = 0
    var exponent = 0  // value = digits · 10^exponent
    if !shortDecimal(magnitude, &digits, &exponent) {
      if !schubfach(magnitude, &digits, &exponent) { return writeSpecial(x, to: out) }
    }
    return p + layout(digits, exponent, large: magnitude > 0x1p53, to: p) - out
  }

  /// `magnitude` as y · 10^-4 with y < 10^15 when such a decimal reads back as `magnitude`
  /// (`layout` drops the trailing zeros, so 0.5 comes out as 5 · 10^-1). One candidate and one
  /// division: below 10^11 a double's rounding interval is narrower than 10^-4, so at most one
  /// decimal with at most 4 fraction digits reads back as it, and when one with fewer digits does,
  /// it is that decimal (its digits followed by zeros). x · 10^4 < 10^15 is off by under 0.2 from
  /// that decimal's y, so rounding it finds y.
  @inline(__always)
  private func shortDecimal(_ magnitude: Double, _ digits: inout UInt64, _ exponent: inout Int) -> Bool {
    guard magnitude < 1e11 && magnitude >= 1e-4 else { return false }
    let y = Double(Int64(magnitude * 1e4 + 0.5))  // (an instruction each way; round() is a call)
    guard y / 1e4 == magnitude && y < 1e15 else { return false }
    digits = UInt64(y)
    exponent = -4
    return true
  }

  /// NaN (never written by the CSV writer), infinities and the tiny subnormals: `description`.
  @inline(never)
  private func writeSpecial(_ x: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    for b in x.description.utf8 {
      out[n] = b
      n += 1
    }
    return n
  }

  @inline(__always)
  private func multiplyHigh(_ a: UInt64, _ b: UInt64) -> UInt64 {
    a.multipliedFullWidth(by: b).high
  }

  /// Rounds to odd: floor((g1 · 2^63 + g0) · cp / 2^127), with the lowest bit set when the
  /// product is not exact (the paper's rop).
  @inline(__always)
  private func roundToOdd(_ g1: UInt64, _ g0: UInt64, _ cp: UInt64) -> UInt64 {
    let x1 = multiplyHigh(g0, cp)
    let y0 = g1 &* cp
    let y1 = multiplyHigh(g1, cp)
    let z = (y0 >> 1) &+ x1
    let vbp = y1 &+ (z >> 63)
    let mask63: UInt64 = (1 << 63) - 1
    return vbp | (((z & mask63) &+ mask63) >> 63)
  }

  /// floor(log10(2^e)), floor(log10(3/4 · 2^e)), floor(log2(10^e)) for the exponents of doubles.
  @inline(__always) private func floorLog10Pow2(_ e: Int) -> Int { (e &* 661_971_961_083) >> 41 }
  @inline(__always) private func floorLog10ThreeQuartersPow2(_ e: Int) -> Int {
    (e &* 661_971_961_083 &- 274_743_187_321) >> 41
  }
  @inline(__always) private func floorLog2Pow10(_ e: Int) -> Int { (e &* 913_124_641_741) >> 38 }

  /// The shortest (then closest) decimal digits of a positive finite double; false for the
  /// smallest subnormals, whose candidates have fewer than three digits.
  @inline(__always)
  private func schubfach(_ v: Double, _ digits: inout UInt64, _ exponent: inout Int) -> Bool {
    let bits = v.bitPattern
    let fraction = bits & ((1 << 52) - 1)
    let biased = Int(bits >> 52)
    let c: UInt64, q: Int
    if biased == 0 {
      c = fraction
      q = -1074
    } else {
      c = fraction | (1 << 52)
      q = biased - 1075
    }
    let out: UInt64 = c & 1  // the interval's ends belong to it when c is even
    let cb = c << 2
    let cbr = cb + 2
    let cbl: UInt64
    let k: Int
    if c != 1 << 52 || q == -1074 {
      cbl = cb - 2
      k = floorLog10Pow2(q)
    } else {
      // At a power of two the interval below is half as wide.
      cbl = cb - 1
      k = floorLog10ThreeQuartersPow2(q)
    }
    let h = q + floorLog2Pow10(-k) + 2
    let i = 2 * (k - Tables.kMin)
    let g1 = t.g[i], g0 = t.g[i + 1]
    let vb = roundToOdd(g1, g0, cb << UInt64(h))
    let vbl = roundToOdd(g1, g0, cbl << UInt64(h))
    let vbr = roundToOdd(g1, g0, cbr << UInt64(h))
    let s = vb >> 2
    guard s >= 100 else { return false }
    // One digit shorter: the multiples of ten around s.
    let sp10 = s / 10 * 10
    let tp10 = sp10 + 10
    let upin = vbl + out <= sp10 << 2
    let wpin = (tp10 << 2) + out <= vbr
    if upin != wpin {
      digits = upin ? sp10 : tp10
      exponent = k
      return true
    }
    let tt = s + 1
    let uin = vbl + out <= s << 2
    let win = (tt << 2) + out <= vbr
    if uin != win {
      digits = uin ? s : tt
      exponent = k
      return true
    }
    // Both in: the closer one, ties to even.
    let twice = (s + tt) << 1
    digits = vb < twice || (vb == twice && s & 1 == 0) ? s : tt
    exponent = k
    return true
  }

  /// Number of decimal digits of `x` (> 0).
  @inline(__always)
  private func digitCount(_ x: UInt64) -> Int {
    let bits = 64 - x.leadingZeroBitCount
    let n = (bits &* 1233) >> 12
    return x >= t.pow10[n] ? n + 1 : n
  }

  /// Two digits ("00"..."99") at `p`.
  @inline(__always)
  private func writePair(_ r: UInt32, _ p: UnsafeMutablePointer<UInt8>) {
    UnsafeMutableRawPointer(p).storeBytes(of: t.pairs[Int(r)], as: UInt16.self)
  }

  /// Exactly eight digits of `v` (< 10^8, leading zeros kept) at `p`: two independent halves.
  @inline(__always)
  private func writeEight(_ v: UInt32, _ p: UnsafeMutablePointer<UInt8>) {
    let a = v / 10_000, b = v % 10_000
    writePair(a / 100, p)
    writePair(a % 100, p + 2)
    writePair(b / 100, p + 4)
    writePair(b % 100, p + 6)
  }

  /// Writes the digits of `x` ending just before `end`.
  @inline(__always)
  private func writeDigits(_ x: UInt64, end: UnsafeMutablePointer<UInt8>) {
    var x = x
    var e = end
    while x >= 100_000_000 {
      e -= 8
      writeEight(UInt32(truncatingIfNeeded: x % 100_000_000), e)
      x /= 100_000_000
    }
    var y = UInt32(truncatingIfNeeded: x)
    while y >= 100 {
      e -= 2
      writePair(y % 100, e)
      y /= 100
    }
    if y >= 10 {
      writePair(y, e - 2)
    } else {
      e[-1] = UInt8(48 + y)
    }
  }

  /// Writes the decimal digits of `x` and returns their count.
  @inline(__always)
  func writeInteger(_ x: UInt64, to out: UnsafeMutablePointer<UInt8>) -> Int {
    if x < 10 {
      out[0] = UInt8(48 + x)
      return 1
    }
    let n = digitCount(x)
    writeDigits(x, end: out + n)
    return n
  }

  /// Writes digits · 10^exponent (digits > 0, trailing zeros allowed) in `description`'s layout.
  @inline(__always)
  private func layout(_ digits: UInt64, _ exponent: Int, large: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
    var f = digits
    var e = exponent
    while f % 10 == 0 {
      f /= 10
      e += 1
    }
    let n = digitCount(f)
    let point = e + n  // value = 0.DIGITS · 10^point
    if point < -3 || large {
      // d[.ddd]e±XX
      writeDigits(f, end: out + 1 + n)
      out[0] = out[1]
      var at = 1
      if n > 1 {
        out[1] = 46  // "."
        at = n + 1
      }
      out[at] = 101  // "e"
      var x = point - 1
      if x < 0 {
        out[at + 1] = 45
        x = -x
      } else {
        out[at + 1] = 43
      }
      at += 2
      if x >= 100 {
        out[at] = UInt8(48 + x / 100)
        x %= 100
        at += 1
      }
      writePair(UInt32(x), out + at)
      return at + 2
    }
    if point <= 0 {
      // 0.000ddd
      out[0] = 48
      out[1] = 46
      var at = 2
      for _ in 0..<(-point) {
        out[at] = 48
        at += 1
      }
      writeDigits(f, end: out + at + n)
      return at + n
    }
    if point >= n {
      // ddd000.0
      writeDigits(f, end: out + n)
      var at = n
      for _ in 0..<(point - n) {
        out[at] = 48
        at += 1
      }
      out[at] = 46
      out[at + 1] = 48
      return at + 2
    }
    // ddd.ddd: the digits, then the fraction digits (at most 16) moved one place right as one
    // 16-byte block (the bytes past the end are scratch: callers leave `slack` bytes of room).
    writeDigits(f, end: out + n)
    let tail = UnsafeRawPointer(out + point).loadUnaligned(as: SIMD16<UInt8>.self)
    UnsafeMutableRawPointer(out + point + 1).storeBytes(of: tail, as: SIMD16<UInt8>.self)
    out[point] = 46
    return n + 1
  }
}

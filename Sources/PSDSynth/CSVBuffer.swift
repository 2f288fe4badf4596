// A growable byte buffer that writes CSV rows without building a String per field.
// Numbers are formatted by hand in the same text forms as the real Home Credit files:
// integers as `-9461`, integer-valued floats as `-3648.0`, other floats with the shortest
// decimal form of their grid (`0.0247`, `24700.5`), missing values as empty fields.

struct CSVBuffer {
  var bytes: [UInt8] = []
  private var atRowStart = true

  init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  var count: Int { bytes.count }

  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    atRowStart = true
  }

  @inline(__always)
  private mutating func separator() {
    if atRowStart { atRowStart = false } else { bytes.append(0x2C) }
  }

  @inline(__always)
  mutating func endRow() {
    bytes.append(0x0A)
    atRowStart = true
  }

  /// An empty field: a missing value.
  @inline(__always)
  mutating func missing() { separator() }

  mutating func header(_ names: [String]) {
    for name in names { separator(); bytes.append(contentsOf: Array(name.utf8)) }
    endRow()
  }

  @inline(__always)
  mutating func level(_ encoded: [UInt8]) {
    separator()
    bytes.append(contentsOf: encoded)
  }

  @inline(__always)
  mutating func int(_ value: Int) {
    separator()
    appendDigits(value)
  }

  /// An integer-valued float, written like `-3648.0`.
  @inline(__always)
  mutating func floatInt(_ value: Int) {
    separator()
    appendDigits(value)
    bytes.append(0x2E); bytes.append(0x30)
  }

  /// A float rounded to `decimals` places, trailing zeros trimmed but at least one decimal kept.
  mutating func fixed(_ value: Double, _ decimals: Int) {
    separator()
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    var scaled = Int64((value * Double(scale)).rounded())
    if scaled < 0 {
      bytes.append(0x2D)
      scaled = -scaled
    }
    let whole = scaled / scale
    var frac = scaled % scale
    appendDigits(Int(whole))
    bytes.append(0x2E)
    if frac == 0 {
      bytes.append(0x30)
      return
    }
    var width = decimals
    while frac % 10 == 0 { frac /= 10; width -= 1 }
    // leading zeros of the fraction
    var digits = 1
    var probe = frac
    while probe >= 10 { probe /= 10; digits += 1 }
    for _ in 0..<(width - digits) { bytes.append(0x30) }
    appendDigits(Int(frac))
  }

  /// Optional float: empty field when nil.
  @inline(__always)
  mutating func fixed(_ value: Double?, _ decimals: Int) {
    if let v = value { fixed(v, decimals) } else { missing() }
  }

  @inline(__always)
  mutating func floatInt(_ value: Int?) {
    if let v = value { floatInt(v) } else { missing() }
  }

  @inline(__always)
  private mutating func appendDigits(_ value: Int) {
    var v = value
    if v < 0 {
      bytes.append(0x2D)
      v = -v
    }
    if v < 10 {
      bytes.append(0x30 &+ UInt8(v))
      return
    }
    var tmp:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &tmp) { raw in
      while v > 0 {
        raw[n] = 0x30 &+ UInt8(v % 10)
        v /= 10
        n += 1
      }
      var i = n - 1
      while i >= 0 { bytes.append(raw[i]); i -= 1 }
    }
  }
}

/// Category levels pre-encoded as CSV bytes (double-quoted when they contain a comma).
struct EncodedLevels {
  let names: [String]
  let encoded: [[UInt8]]

  init(_ names: [String]) {
    self.names = names
    encoded = names.map { name in
      if name.contains(",") || name.contains("\"") {
        var quoted: [UInt8] = [0x22]
        for byte in name.utf8 {
          if byte == 0x22 { quoted.append(0x22) }
          quoted.append(byte)
        }
        quoted.append(0x22)
        return quoted
      }
      return Array(name.utf8)
    }
  }

  subscript(_ i: Int) -> [UInt8] { encoded[i] }
}

import Foundation

/// Short, readable numbers for axes and labels: 1.2M, 35k, 0.25, -3.6k.
public enum NumberFormat {
  private static let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]

  /// About three significant digits, with a k/M/B/T suffix from a thousand up.
  public static func compact(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    let magnitude = abs(value)
    if magnitude < 999.5 {
      if magnitude == 0 { return "0" }
      let digits = Int(floor(log10(magnitude)))
      let decimals = min(6, max(0, 2 - digits))
      return trimmed(fixed(value, decimals))
    }
    for (index, (scale, suffix)) in units.enumerated().reversed() {
      let scaled = magnitude / scale
      if scaled >= 999.5 && index > 0 { continue }      // next unit up reads better
      let decimals = scaled < 99.95 ? 1 : 0
      return (value < 0 ? "-" : "") + trimmed(fixed(scaled, decimals)) + suffix
    }
    return trimmed(fixed(value, 0))
  }

  /// Tick labels: each value with just the decimals it needs, in one shared unit so a scale
  /// reads 0, 2.5k, 5k, 7.5k rather than mixing units.
  public static func ticks(_ values: [Double]) -> [String] {
    let largest = values.map(abs).max() ?? 0
    var scale = 1.0, suffix = ""
    for (s, name) in units where largest >= s {
      scale = s
      suffix = name
      break
    }
    // "500, 1000" reads better than "0.5k, 1k": below ten thousand, a unit must not make
    // fractions of itself.
    let smallest = values.map(abs).filter { $0 > 0 }.min() ?? 0
    if scale > 1, largest < 10_000, smallest < scale { scale = 1; suffix = "" }
    return values.map { value in
      let scaled = value / scale
      if scaled == 0 { return "0" }
      var decimals = 0
      while decimals < 6 {
        let shifted = scaled * pow(10, Double(decimals))
        if abs(shifted - shifted.rounded()) < 1e-6 * max(1, abs(shifted)) { break }
        decimals += 1
      }
      return trimmed(fixed(scaled, decimals)) + suffix
    }
  }

  /// "1,234,567": counts are said in full.
  public static func grouped(_ count: Int) -> String {
    let digits = String(abs(count))
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (count < 0 ? "-" : "") + out
  }

  /// Fixed decimals, C locale, no "-0".
  public static func fixed(_ value: Double, _ decimals: Int) -> String {
    let text = String(format: "%.\(decimals)f", value)
    if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
    return text
  }

  /// "12.3 %" with one decimal, for shares.
  public static func percent(_ share: Double) -> String {
    fixed(share * 100, share * 100 < 10 ? 1 : (share * 100 >= 99.95 ? 0 : 1)) + "%"
  }

  static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var t = text
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t == "-0" ? "0" : t
  }
}

/// Round tick positions (1, 2, 2.5, 5 × 10^k steps) inside a range.
enum Ticks {
  static func step(for span: Double, count: Int) -> Double {
    let raw = span / Double(max(1, count))
    guard raw > 0, raw.isFinite else { return 1 }
    let power = pow(10, floor(log10(raw)))
    for mantissa in [1.0, 2.0, 2.5, 5.0, 10.0] where mantissa * power >= raw * 0.999_999 {
      return mantissa * power
    }
    return 10 * power
  }

  /// At most about `count` round values in [low, high].
  static func nice(_ low: Double, _ high: Double, count: Int) -> [Double] {
    guard high > low else { return [low] }
    let s = step(for: high - low, count: max(1, count))
    var values: [Double] = []
    var k = (low / s).rounded(.up)
    // Bounded: past 2^53, k + 1 == k and the loop would never end (values near 1e20).
    while k * s <= high + s * 1e-9 && values.count <= 4 * count + 4 && k + 1 != k {
      // k * s can land a hair off the round value (0.6000000000000001): print and re-read it.
      let v = Double(String(format: "%.12g", k * s)) ?? k * s
      values.append(abs(v) < s * 1e-9 ? 0 : v)
      k += 1
    }
    return values
  }
}

import Foundation

/// The one number format of psd: counts, numbers, shares, fixed decimals and chart labels, for
/// tables, charts, reports and the API alike, so the same value always reads the same way.
package enum Format {
  /// 307511 → "307,511"
  package static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }

  /// Up to `digits` significant digits, no exponent for everyday magnitudes, integers without ".0".
  package static func number(_ v: Double, digits: Int = 6) -> String {
    if v.isNaN { return "missing" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    let magnitude = abs(v)
    if magnitude >= 1e-4 && magnitude < 1e15 {
      var s = String(format: "%.\(digits)g", v)
      if s.contains("e") { s = String(format: "%.\(max(0, digits - 1))f", v) }
      return s
    }
    return String(format: "%.\(digits)g", v)
  }

  /// "1 column", "718 columns" (with the count formatted).
  package static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count(n)) \(n == 1 ? noun : (plural ?? noun + "s"))"
  }

  /// 0.0807 → "8.07 %": every share and rate psd shows, in tables, charts, messages and the API's
  /// texts. The space before % is the one style (ISO 80000); `digits` (decimals after the
  /// point) is the only choice.
  package static func percent(_ fraction: Double, digits: Int = 2) -> String {
    fraction.isNaN ? "missing" : fixed(fraction * 100, digits) + " %"
  }

  /// Fixed decimals, C locale, never "-0.00" (a rounded negative zero reads as a sign error).
  package static func fixed(_ v: Double, _ decimals: Int = 4) -> String {
    if v.isNaN { return "missing" }
    let text = String(format: "%.\(decimals)f", v)
    if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
    return text
  }

  /// Short, readable numbers for axes and labels: 1.2M, 35k, 0.25, -3.6k (about three
  /// significant digits, with a k/M/B/T suffix from a thousand up).
  package static func compact(_ value: Double) -> String {
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
      if scaled >= 999.5 && index > 0 { continue }  // next unit up reads better
      let decimals = scaled < 99.95 ? 1 : 0
      return (value < 0 ? "-" : "") + trimmed(fixed(scaled, decimals)) + suffix
    }
    return trimmed(fixed(value, 0))
  }

  private static let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]

  /// Tick labels: each value with just the decimals it needs, in one shared unit so a scale
  /// reads 0, 2.5k, 5k, 7.5k rather than mixing units.
  package static func ticks(_ values: [Double]) -> [String] {
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

  /// Without trailing zeros after the point (and without the point when nothing is left).
  package static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var t = text
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t == "-0" ? "0" : t
  }

  /// Pads with spaces to `width` terminal columns (wide characters count twice); longer text is kept.
  package static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    TextWidth.pad(s, width, right: right)
  }
}

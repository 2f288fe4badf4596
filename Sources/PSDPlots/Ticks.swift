import Foundation

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

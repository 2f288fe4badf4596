import Foundation

/// Number formatting shared by every command's output, so tables and reports agree.
public enum Format {
  /// 307511 → "307,511"
  public static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }

  /// Up to `digits` significant digits, no exponent for everyday magnitudes, integers without ".0".
  public static func number(_ v: Double, digits: Int = 6) -> String {
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
  public static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count(n)) \(n == 1 ? noun : (plural ?? noun + "s"))"
  }

  /// 0.0807 → "8.07 %"
  public static func percent(_ fraction: Double, digits: Int = 2) -> String {
    fraction.isNaN ? "missing" : String(format: "%.\(digits)f %%", fraction * 100)
  }

  /// Fixed decimals, for metric tables (0.7712).
  public static func fixed(_ v: Double, _ decimals: Int = 4) -> String {
    v.isNaN ? "missing" : String(format: "%.\(decimals)f", v)
  }

  public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let n = s.count
    if n >= width { return s }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + s : s + fill
  }
}

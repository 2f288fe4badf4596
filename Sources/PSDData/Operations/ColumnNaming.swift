/// Names built from category levels ("Industry: type 4", "currency 4") must stay usable as
/// bare column names in scripts: every run of characters other than letters, digits and `_`
/// becomes one `_`, and trailing underscores are dropped. An empty result becomes "BLANK".
package func sanitizedNamePart(_ text: String) -> String {
  // Most levels are clean already ("Active", "XNA"): kept as they are, nothing rebuilt.
  let clean = text.utf8.allSatisfy { b in
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
  }
  if clean && !text.isEmpty { return text }
  var out = ""
  var pendingUnderscore = false
  for ch in text.unicodeScalars {
    let ok = (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") || ch == "_"
    if ok {
      if pendingUnderscore && !out.isEmpty { out.append("_") }
      pendingUnderscore = false
      out.unicodeScalars.append(ch)
    } else {
      pendingUnderscore = true
    }
  }
  return out.isEmpty ? "BLANK" : out
}

/// Level name parts for a column's levels, made unique by appending _2, _3 when two levels
/// sanitize to the same text ("a b" and "a-b").
package func uniqueLevelParts(_ levels: [String]) -> [String] {
  var used: [String: Int] = [:]
  return levels.map { level in
    let base = sanitizedNamePart(level)
    if let n = used[base] {
      used[base] = n + 1
      return "\(base)_\(n + 1)"
    }
    used[base] = 1
    return base
  }
}

extension ColumnType {
  /// The type as messages say it: "categorical" rather than the enum's "category".
  var word: String { self == .category ? "categorical" : rawValue }
}

/// A number as messages show it: 365243 rather than 365243.0.
func numberText(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
}

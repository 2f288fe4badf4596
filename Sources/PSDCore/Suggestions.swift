/// "Did you mean" candidates: the closest name by edit distance, case-insensitive, within a
/// distance that grows with the word's length so short typos match and unrelated words do not.
package enum Suggestions {
  package static func closest(to word: String, among candidates: [String]) -> String? {
    let target = Array(word.lowercased().utf8)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != word {
      let lowered = candidate.lowercased()
      if lowered == word.lowercased() { return candidate }
      let d = editDistance(target, Array(lowered.utf8))
      if best == nil || d < best!.distance { best = (candidate, d) }
    }
    guard let best else { return nil }
    let allowed = max(1, min(3, target.count / 3))
    return best.distance <= allowed ? best.name : nil
  }

  /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
  package static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}

/// What Tab does with the candidates for the word before the cursor.
package enum CompletionAction: Equatable, Sendable {
  /// Insert this text at the cursor (the rest of a unique match plus its terminator, or the
  /// longer common prefix of several matches).
  case insert(String)
  /// Nothing more can be inserted: show these candidates.
  case list([String])
  /// No candidate: beep.
  case none
}

package enum CompletionPlan {
  /// Characters that end a word for completion purposes (a column reference `x.COL` is one word).
  static let separators: Set<Character> = [
    " ", "\t", "=", "(", ")", "[", "]", "{", "}", ",", ":", ";", "\"", "+", "*", "/", "<", ">", "!"
  ]

  /// The word that ends at the end of `before`.
  package static func currentWord(_ before: String) -> Substring {
    var start = before.endIndex
    while start > before.startIndex {
      let prev = before.index(before: start)
      if separators.contains(before[prev]) { break }
      start = prev
    }
    return before[start...]
  }

  /// Decides what Tab inserts. `before` is the line up to the cursor; candidates are whole words
  /// (`describe`), qualified (`app.AMT_CREDIT`) or unqualified after a dot (`AMT_CREDIT`).
  /// `terminator` follows a unique match (a space; a closing quote for a file path).
  package static func plan(before: String, candidates: [String], terminator: (String) -> String = wordTerminator)
    -> CompletionAction
  {
    let word = currentWord(before)
    // The typed part the candidates extend: the whole word, or what follows its last dot.
    var typed = String(word)
    var matches = candidates.filter { $0.hasPrefix(typed) }
    if matches.isEmpty, let dot = word.lastIndex(of: ".") {
      typed = String(word[word.index(after: dot)...])
      matches = candidates.filter { $0.hasPrefix(typed) }
    }
    return plan(typed: typed, matches: matches, terminator: terminator)
  }

  /// Decides what Tab inserts when every candidate in `matches` extends `typed`.
  package static func plan(typed: String, matches: [String], terminator: (String) -> String) -> CompletionAction {
    let matches = Array(Set(matches.filter { $0.hasPrefix(typed) })).sorted()
    switch matches.count {
    case 0:
      return .none
    case 1:
      let rest = String(matches[0].dropFirst(typed.count)) + terminator(matches[0])
      return rest.isEmpty ? .none : .insert(rest)
    default:
      let common = commonPrefix(matches)
      if common.count > typed.count { return .insert(String(common.dropFirst(typed.count))) }
      return .list(matches)
    }
  }

  /// A space after a completed word; nothing after `option=` or `x.`, where more follows.
  package static func wordTerminator(_ word: String) -> String {
    word.hasSuffix("=") || word.hasSuffix(".") ? "" : " "
  }

  package static func commonPrefix(_ words: [String]) -> String {
    guard var prefix = words.first else { return "" }
    for w in words.dropFirst() {
      while !w.hasPrefix(prefix) { prefix.removeLast() }
      if prefix.isEmpty { break }
    }
    return prefix
  }

  /// Candidates laid out in columns for `width` terminal columns.
  package static func columns(_ words: [String], width: Int) -> String {
    let cell = (words.map(\.count).max() ?? 0) + 2
    let perRow = max(1, width / max(cell, 1))
    var lines: [String] = []
    var row = ""
    for (i, w) in words.enumerated() {
      let last = i % perRow == perRow - 1 || i == words.count - 1
      row += last ? w : w + String(repeating: " ", count: cell - w.count)
      if i % perRow == perRow - 1 { lines.append(row); row = "" }
    }
    if !row.isEmpty { lines.append(row) }
    return lines.joined(separator: "\n")
  }
}

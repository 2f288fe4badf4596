import PSDLanguage

extension CommandSpec {
  /// The usage form closest to what was typed, for a usage error: the form sharing the most
  /// keywords (`on`, `by`, `with`, a chart kind) and options with the statement, and missing the
  /// fewest of its own; the first form on a tie. One form, not all of them: `help COMMAND`
  /// lists every form.
  package func closestUsage(to statement: Statement) -> String {
    guard usage.count > 1 else { return usage.first ?? name }
    var typedWords = Set<String>()
    for argument in statement.positionals { if let word = argument.name { typedWords.insert(word) } }
    let typedOptions = Set(statement.options.map(\.name))
    let binds = !statement.targets.isEmpty
    var best = usage[0], bestScore = Int.min
    for form in usage {
      let (words, options, bound) = Self.parts(of: form)
      var score = 0
      for w in words { score += typedWords.contains(w) ? 3 : -1 }
      for o in options { score += typedOptions.contains(o) ? 2 : -1 }
      score -= typedOptions.subtracting(options).count
      if bound == binds { score += 1 }
      if score > bestScore { best = form; bestScore = score }
    }
    return best
  }

  /// A usage form's lowercase words after the command (keywords and sub-commands; placeholders
  /// are upper case), its option names (`name=`), and whether it binds a result (`X = ...`).
  static func parts(of form: String) -> (words: [String], options: Set<String>, binds: Bool) {
    var text = Substring(form)
    var binds = false
    if let eq = form.range(of: " = "),
      form[..<eq.lowerBound].allSatisfy({ $0.isUppercase || $0 == "," || $0 == " " || $0.isNumber || $0 == "_" })
    {
      text = form[eq.upperBound...]
      binds = true
    }
    var words: [String] = [], options = Set<String>()
    let separators: Set<Character> = [" ", "[", "]", "|", "(", ")", ","]
    for token in text.split(whereSeparator: { separators.contains($0) }).dropFirst() {
      if let eq = token.firstIndex(of: "=") {
        let key = token[..<eq]
        if !key.isEmpty, key.allSatisfy({ $0.isLowercase || $0 == "_" }) { options.insert(String(key)) }
      } else if token.allSatisfy({ $0.isLowercase || $0 == "-" }) {
        words.append(String(token))
      }
    }
    return (words, options, binds)
  }
}

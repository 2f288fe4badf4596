import PSDData

extension Session {
  /// Tab-completion candidates for the word before `cursor` (a character offset into `line`):
  /// command names first on a line (after `x =`), `x.` + column names, `key=` options of the
  /// command, its keywords, and bound names. File paths inside quotes are the line editor's job.
  package func completions(line: String, cursor: Int) -> [String] {
    let prefixText = String(line.prefix(cursor))
    // The word being typed: letters, digits, _, - and . back to the last separator.
    var word = ""
    for ch in prefixText.reversed() {
      if ch.isLetter || ch.isNumber || ch == "_" || ch == "-" || ch == "." {
        word.insert(ch, at: word.startIndex)
      } else {
        break
      }
    }
    let before = String(prefixText.dropLast(word.count))
    if before.filter({ $0 == "\"" }).count % 2 == 1 { return [] }  // inside a string
    let wordsBefore = before.split(whereSeparator: { " \t,[]{}()".contains($0) }).map(String.init)

    // `x.CO` → columns of frame x; `e.a` → fields of the record e.
    if let dot = word.firstIndex(of: ".") {
      let base = String(word[..<dot])
      let partial = String(word[word.index(after: dot)...])
      let members: [String]
      switch bindings[base] {
      case .frame(let f)?: members = f.columnNames
      case .record(let r)?: members = r.fieldNames
      default: return []
      }
      return members.filter { $0.hasPrefix(partial) }.map { "\(base).\($0)" }
    }

    // The command is the first word, or the first after `targets =`.
    var commandIndex = 0
    if let eq = wordsBefore.firstIndex(of: "="), eq <= 2 || wordsBefore.prefix(eq).allSatisfy({ !$0.contains("=") }) {
      commandIndex = eq + 1
    }
    let trimmedBefore = before.trimmingCharacters(in: .whitespaces)
    let atCommand =
      wordsBefore.count == commandIndex
      && (trimmedBefore.isEmpty || trimmedBefore.hasSuffix("=") || trimmedBefore.hasSuffix(","))
    if atCommand {
      // A statement may also be a value: a bound name alone shows it, `r = fn / fp` computes one.
      return (CommandTable.names + bindings.keys.sorted()).filter { $0.hasPrefix(word) }
    }
    var candidates: [String] = []
    let spec = commandIndex < wordsBefore.count ? CommandTable.byName[wordsBefore[commandIndex]] : nil
    // `kind=le`: the values the option's declaration allows.
    if let spec, let last = wordsBefore.last, last.hasSuffix("="), before.hasSuffix("="),
      let declared = spec.option(String(last.dropLast()))
    {
      switch declared.kind {
      case .choice(let values): return values.filter { $0.hasPrefix(word) }
      case .flag: return ["true", "false"].filter { $0.hasPrefix(word) }
      default: break
      }
    }
    if let spec {
      candidates += spec.options.map { $0.name + "=" }
      candidates += spec.keywords
      // Columns of the frames named so far (bare names work where the frame is clear).
      for w in wordsBefore.dropFirst(commandIndex + 1) {
        if case .frame(let f)? = bindings[w] { candidates += f.columnNames }
      }
    }
    candidates += bindings.keys.sorted()
    var seen = Set<String>()
    return candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
  }
}

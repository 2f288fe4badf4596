import PSDNotebook

/// Tab candidates from a session: command names at the start of a statement; then bound names,
/// the command's keywords and `option=`s, `x.COL` after a frame name and a dot, and bare column
/// names of any frame the statement already mentions (`describe app by TAR` + Tab). Everything
/// comes from the command table, so completion cannot drift from what runs.
public enum NotebookCompletion {
  public static func candidates(session: Session, line: String, cursor: Int) -> [String] {
    let before = String(line.prefix(cursor))
    let word = String(CompletionPlan.currentWord(before))
    let statementStart = commandStart(before)
    let statement = String(before[statementStart...])
    let words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" })
    let atCommand = words.isEmpty || (words.count == 1 && !statement.hasSuffix(" ") && !statement.hasSuffix("\t"))
    if atCommand {
      return CommandTable.names.filter { $0.hasPrefix(word) } + ["quit"].filter { $0.hasPrefix(word) && !word.isEmpty }
    }

    // `x.CO` → columns of frame x.
    if let dot = word.lastIndex(of: ".") {
      let base = String(word[..<dot])
      guard case .frame(let frame)? = session.value(named: base) else { return [] }
      return frame.columnNames.map { base + "." + $0 }.filter { $0.hasPrefix(word) }
    }

    let command = String(words[0])
    guard let spec = CommandTable.byName[command] else { return [] }
    if command == "help" { return CommandTable.names.filter { $0.hasPrefix(word) } }

    var result: [String] = []
    result += spec.options.map { $0.name + "=" }
    result += spec.keywords
    result += session.bindings.keys.sorted()
    // Bare columns of frames named earlier in the statement.
    for w in words.dropFirst() {
      let name = w.split(separator: ".").first.map(String.init) ?? String(w)
      if case .frame(let frame)? = session.value(named: name) { result += frame.columnNames }
    }
    return result.filter { $0.hasPrefix(word) }
  }

  /// Index where the command word starts: after `name =` or `a, b =` targets, if any.
  static func commandStart(_ text: String) -> String.Index {
    var i = text.startIndex
    var sawTarget = false
    while i < text.endIndex {
      let c = text[i]
      if c == " " || c == "\t" || c == "," {
        i = text.index(after: i)
      } else if c.isLetter || c == "_" {
        while i < text.endIndex, text[i].isLetter || text[i].isNumber || text[i] == "_" { i = text.index(after: i) }
        sawTarget = true
      } else if c == "=" && sawTarget {
        let next = text.index(after: i)
        if next < text.endIndex, text[next] == "=" { return text.startIndex }
        return next
      } else {
        return text.startIndex
      }
    }
    return text.startIndex
  }
}

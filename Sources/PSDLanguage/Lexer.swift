/// Turns script text into tokens. Newlines end statements except inside `( )` and `[ ]`; inside
/// `{ }` they separate block entries. Comments run from `#` to the end of the line.
package struct Lexer {
  package let file: String
  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  private var lineStart = 0
  /// The last offset whose column was counted: columns on one long line are counted once, not
  /// from the line start for every token (quadratic on a megabyte-long line).
  private var columnMark = (offset: 0, column: 1)
  /// Open brackets, innermost last: lets the REPL ask for a continuation line.
  package private(set) var openBrackets: [Token] = []
  package private(set) var diagnostics: [Diagnostic] = []
  /// Offsets of the line ends where an unclosed bracket was given up (the parser's "expected
  /// ']'" there would say the same thing again).
  package private(set) var resyncOffsets: [Int] = []
  /// True when the text ends in a `\` continuation with no next line yet (the REPL reads one).
  package private(set) var endsInContinuation = false

  package init(_ source: String, file: String) {
    self.file = file
    self.bytes = Array(source.utf8)
  }

  /// All tokens, ending with `.end`.
  package static func tokenize(_ source: String, file: String) -> (
    tokens: [Token], diagnostics: [Diagnostic], openBrackets: [Token]
  ) {
    let lexed = tokenizeAll(source, file: file)
    return (lexed.tokens, lexed.lexer.diagnostics, lexed.lexer.openBrackets)
  }

  /// The tokens and the lexer's final state (open brackets, a trailing continuation).
  static func tokenizeAll(_ source: String, file: String) -> (tokens: [Token], lexer: Lexer) {
    var lexer = Lexer(source, file: file)
    var tokens: [Token] = []
    while true {
      let t = lexer.next()
      tokens.append(t)
      if t.kind == .end { break }
    }
    return (tokens, lexer)
  }

  private mutating func location(at offset: Int) -> SourceLocation {
    var column = 1
    var i = lineStart
    if columnMark.offset >= lineStart && columnMark.offset <= offset {
      (i, column) = columnMark
    }
    defer { columnMark = (offset, column) }
    while i < offset {
      if bytes[i] & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return SourceLocation(file: file, line: line, column: column, offset: offset)
  }

  /// After a `\` at `start`: the offset past the line end when only blanks follow it, else nil.
  private func continuationEnd(from start: Int) -> Int? {
    var j = start
    while j < bytes.count
      && (bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") || bytes[j] == UInt8(ascii: "\r"))
    {
      j += 1
    }
    if j == bytes.count { return j }
    return bytes[j] == UInt8(ascii: "\n") ? j + 1 : nil
  }

  /// True when the line starting at `start` begins, at its first column, like a statement:
  /// a name (or hyphenated command word) followed by a single `=`, a name, a string or a number.
  private func startsStatement(at start: Int) -> Bool {
    var j = start
    guard j < bytes.count, Lexer.isIdentifierStart(bytes[j]) else { return false }
    while true {
      while j < bytes.count && Lexer.isIdentifierPart(bytes[j]) { j += 1 }
      if j + 1 < bytes.count && bytes[j] == UInt8(ascii: "-") && Lexer.isIdentifierStart(bytes[j + 1]) {
        j += 1; continue
      }
      break
    }
    // `and B < 2)`, `not A)`, `A or B]`: a condition going on, not a statement.
    let operatorWords: Set<String> = ["and", "or", "not", "is"]
    if operatorWords.contains(String(decoding: bytes[start..<j], as: UTF8.self)) { return false }
    var k = j
    while k < bytes.count && (bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: "\t")) { k += 1 }
    guard k < bytes.count else { return false }
    let c = bytes[k]
    if c == UInt8(ascii: "=") { return !(k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "=")) }
    guard k > j else { return false }
    if Lexer.isIdentifierStart(c) {
      var e = k
      while e < bytes.count && Lexer.isIdentifierPart(bytes[e]) { e += 1 }
      return !operatorWords.contains(String(decoding: bytes[k..<e], as: UTF8.self))
    }
    return Lexer.isDigit(c) || c == UInt8(ascii: "\"")
  }

  private var suppressNewlines: Bool {
    guard let last = openBrackets.last else { return false }
    return last.text == "(" || last.text == "["
  }

  package mutating func next() -> Token {
    // A loop, not recursion: 20,000 unexpected characters must not overflow the stack.
    while true {
      if let token = scan() { return token }
    }
  }

  /// The next token, or nil after an unexpected character (recorded as a diagnostic).
  private mutating func scan() -> Token? {
    var sawSpace = index == lineStart
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
        index += 1
        sawSpace = true
      } else if b == UInt8(ascii: "#") {
        while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
      } else if b == UInt8(ascii: "\\"), let after = continuationEnd(from: index + 1) {
        // An explicit line continuation: `\` then only blanks to the end of the line. At the end
        // of the text (a REPL line) it asks for the next line, as a file would give it.
        index = after
        if index == bytes.count && (index == 0 || bytes[index - 1] != UInt8(ascii: "\n")) {
          endsInContinuation = true
        } else {
          line += 1
          lineStart = index
        }
        sawSpace = true
      } else if b == UInt8(ascii: "\n") {
        let loc = location(at: index)
        index += 1
        line += 1
        lineStart = index
        sawSpace = true
        if !openBrackets.isEmpty && startsStatement(at: index) {
          // A bracket left open must not swallow the rest of the script: a line that starts
          // like a statement (`name = ...`, `command argument`) at its first column starts one.
          for open in openBrackets {
            report(
              Diagnostic(
                at: open.location, "'\(open.text)' is never closed",
                notes: ["the next statement starts at line \(line); close the bracket before it"]))
          }
          openBrackets.removeAll()
          resyncOffsets.append(loc.offset)
          return Token(kind: .newline, text: "\n", location: loc, length: 1, spaceBefore: true)
        }
        if suppressNewlines { continue }
        return Token(kind: .newline, text: "\n", location: loc, length: 1, spaceBefore: true)
      } else {
        break
      }
    }
    let start = index
    let loc = location(at: start)
    guard index < bytes.count else {
      return Token(kind: .end, text: "", location: loc, length: 0, spaceBefore: true)
    }
    let b = bytes[index]
    func make(_ kind: TokenKind, _ text: String) -> Token {
      Token(kind: kind, text: text, location: loc, length: index - start, spaceBefore: sawSpace)
    }
    if Lexer.isIdentifierStart(b) {
      while index < bytes.count && Lexer.isIdentifierPart(bytes[index]) { index += 1 }
      return make(.identifier, String(decoding: bytes[start..<index], as: UTF8.self))
    }
    if Lexer.isDigit(b) || (b == UInt8(ascii: ".") && index + 1 < bytes.count && Lexer.isDigit(bytes[index + 1])) {
      let text = lexNumber(start: start)
      return make(.number, text)
    }
    if b == UInt8(ascii: "\"") { return lexString(start: start, loc: loc, sawSpace: sawSpace) }
    if b == UInt8(ascii: "`") {
      index += 1
      let nameStart = index
      while index < bytes.count && bytes[index] != UInt8(ascii: "`") && bytes[index] != UInt8(ascii: "\n") {
        index += 1
      }
      let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
      if index < bytes.count && bytes[index] == UInt8(ascii: "`") {
        index += 1
      } else {
        report(Diagnostic(at: loc, "unterminated back-quoted name", notes: ["close it with ` on the same line"]))
      }
      var token = make(.identifier, name)
      token.quoted = true
      return token
    }
    // Symbols.
    index += 1
    let two: String? = index < bytes.count ? String(decoding: [b, bytes[index]], as: UTF8.self) : nil
    if let two, ["<=", ">=", "==", "!="].contains(two) {
      index += 1
      return make(.symbol, two)
    }
    let one = String(decoding: [b], as: UTF8.self)
    switch one {
    case "(", "[", "{":
      let t = make(.symbol, one)
      openBrackets.append(t)
      return t
    case ")", "]", "}":
      let t = make(.symbol, one)
      let expected = ["(": ")", "[": "]", "{": "}"]
      if let open = openBrackets.last, expected[open.text] == one {
        openBrackets.removeLast()
      } else if let open = openBrackets.last {
        report(
          Diagnostic(
            at: loc, "'\(one)' does not match '\(open.text)' opened at \(open.location.line):\(open.location.column)"))
      } else {
        report(Diagnostic(at: loc, "unmatched '\(one)'"))
      }
      return t
    case "=", ",", ".", ":", ";", "+", "-", "*", "/", "<", ">":
      return make(.symbol, one)
    default:
      // Step over the whole UTF-8 character so the error names it.
      while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      report(Diagnostic(at: loc, "unexpected character '\(text)'"))
      return nil
    }
  }

  /// Seconds per unit of a duration literal.
  static let durationUnits: [String: Double] = ["s": 1, "m": 60, "h": 3600]

  /// The seconds a duration literal like "120s" or "2m" stands for.
  package static func durationSeconds(_ text: String) -> Double? {
    guard let unit = text.last.map(String.init), let scale = durationUnits[unit],
      let v = Double(text.dropLast())
    else { return nil }
    return v * scale
  }

  private mutating func lexNumber(start: Int) -> String {
    while index < bytes.count && Lexer.isDigit(bytes[index]) { index += 1 }
    if index < bytes.count && bytes[index] == UInt8(ascii: "."),
      !(index + 1 < bytes.count && Lexer.isIdentifierStart(bytes[index + 1]) && !Lexer.isDigit(bytes[index + 1]))
    {
      index += 1
      while index < bytes.count && Lexer.isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
      var j = index + 1
      if j < bytes.count && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) { j += 1 }
      if j < bytes.count && Lexer.isDigit(bytes[j]) {
        index = j
        while index < bytes.count && Lexer.isDigit(bytes[index]) { index += 1 }
      }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if index < bytes.count && Lexer.isIdentifierStart(bytes[index]) {
      // "3x" is neither a number nor a name.
      let from = index
      while index < bytes.count && Lexer.isIdentifierPart(bytes[index]) { index += 1 }
      let tail = String(decoding: bytes[from..<index], as: UTF8.self)
      // A duration (120s, 2m, 1h) is a number of seconds: `tune ... budget=120s`.
      if Lexer.durationUnits[tail] != nil { return text + tail }
      report(
        Diagnostic(
          at: location(at: start), "invalid number '\(text)\(tail)'",
          notes: ["names cannot start with a digit; quote column names like `1ST_COL`"]))
    }
    return text
  }

  private mutating func lexString(start: Int, loc: SourceLocation, sawSpace: Bool) -> Token {
    index += 1
    var value: [UInt8] = []
    while index < bytes.count {
      let c = bytes[index]
      if c == UInt8(ascii: "\"") {
        index += 1
        return Token(
          kind: .string, text: String(decoding: value, as: UTF8.self), location: loc,
          length: index - start, spaceBefore: sawSpace)
      }
      if c == UInt8(ascii: "\n") { break }
      if c == UInt8(ascii: "\\"), index + 1 < bytes.count {
        let e = bytes[index + 1]
        switch e {
        case UInt8(ascii: "n"): value.append(10)
        case UInt8(ascii: "t"): value.append(9)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(e)
        default: value.append(c); value.append(e)
        }
        index += 2
        continue
      }
      value.append(c)
      index += 1
    }
    report(Diagnostic(at: loc, "unterminated string", notes: ["close it with \" on the same line"]))
    return Token(
      kind: .string, text: String(decoding: value, as: UTF8.self), location: loc,
      length: index - start, spaceBefore: sawSpace)
  }

  /// Records a diagnostic; past the parser's limit they are only counted (a binary or CSV file
  /// read as a script would otherwise hold one per byte).
  private mutating func report(_ d: Diagnostic) {
    if diagnostics.count <= Parser.maxDiagnostics { diagnostics.append(d) }
  }

  static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  static func isIdentifierStart(_ b: UInt8) -> Bool {
    (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b >= 0x80
  }
  static func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
}

package enum TokenKind: Sendable, Equatable {
  case identifier  // app, AMT_CREDIT, `Spouse, partner` (back-quoted)
  case number  // 42, 0.05, 1e-05
  case string  // "path.csv" (text holds the unescaped value)
  case symbol  // = , . [ ] { } ( ) : ; + - * / < <= > >= == !=
  case newline  // ends a statement (not emitted inside ( ) or [ ])
  case end
}

package struct Token: Sendable, Equatable {
  package var kind: TokenKind
  /// Identifier name, symbol, number text, or the unescaped string value.
  package var text: String
  package var location: SourceLocation
  /// Length of the token in the source, in UTF-8 bytes.
  package var length: Int
  /// True when white space (or a line start) comes right before the token: `plot-ascii` is one
  /// command word, `a - b` is a subtraction.
  package var spaceBefore: Bool
  /// A back-quoted name (`` `true` ``, `` `missing` ``): always a name, never a keyword.
  package var quoted = false

  package func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
  package func isWord(_ w: String) -> Bool { kind == .identifier && text == w && !quoted }
}

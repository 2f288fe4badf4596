/// Where a token or syntax node starts: file name, 1-based line and column (in characters).
package struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  package var file: String
  package var line: Int
  package var column: Int
  /// UTF-8 offset into the source text, for slicing statements and carets.
  package var offset: Int

  package init(file: String, line: Int, column: Int, offset: Int) {
    self.file = file
    self.line = line
    self.column = column
    self.offset = offset
  }

  package var description: String { "\(file):\(line):\(column)" }
}

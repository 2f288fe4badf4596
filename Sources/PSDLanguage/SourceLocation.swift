/// Where a token or syntax node starts: file name, 1-based line and column (in characters).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  /// UTF-8 offset into the source text, for slicing statements and carets.
  public var offset: Int

  public init(file: String, line: Int, column: Int, offset: Int) {
    self.file = file
    self.line = line
    self.column = column
    self.offset = offset
  }

  public var description: String { "\(file):\(line):\(column)" }
}

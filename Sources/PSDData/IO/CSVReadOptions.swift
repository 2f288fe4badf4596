/// How `CSVReader` reads a file. The defaults read RFC 4180 CSV with a comma separator, where
/// only an empty field is missing and every column's type is inferred from all its values.
package struct CSVReadOptions: Sendable {
  /// More parser threads than this gain nothing (`threads=1e9` reached 18.8 GB).
  package static let maxThreads = 256
  /// The widest header read (each column costs a builder per parser thread).
  package static let maxColumns = 100_000
  /// The field separator, one ASCII byte (`,` `;` tab `|` ...).
  package var separator: UInt8
  /// Field texts that mean "missing" besides the empty field (e.g. "NA", "XNA"). Compared
  /// exactly, after unquoting.
  package var missingTokens: [String]
  /// Column types to use instead of inference, by column name. A value that does not fit a
  /// forced numeric or boolean type is an error naming the line.
  package var columnTypes: [String: ColumnType]
  /// Worker threads; 0 uses every core. Small files are always read on one thread.
  package var threads: Int
  /// Files with fewer data bytes than this are read on one thread (tests lower it to
  /// exercise the parallel path on small files).
  package var parallelThreshold: Int
  /// When true, `columnTypes` may name columns the file lacks (a recipe reading new data
  /// reports every missing column at once, after reading).
  package var typesMayNameAbsentColumns = false

  package init(
    separator: UInt8 = UInt8(ascii: ","), missingTokens: [String] = [],
    columnTypes: [String: ColumnType] = [:], threads: Int = 0,
    parallelThreshold: Int = 4 << 20
  ) {
    self.separator = separator
    self.missingTokens = missingTokens
    self.columnTypes = columnTypes
    self.threads = threads
    self.parallelThreshold = parallelThreshold
  }
}

/// A loaded frame and facts about the load the notebook reports.
package struct CSVReadResult: Sendable {
  package var frame: DataFrame
  /// Size of the file read, in bytes.
  package var byteCount: Int
  /// Chunks parsed in parallel (1 = sequential).
  package var chunkCount: Int
  /// Splits parsed before one held: 1 when the first line ends after the nominal points did;
  /// 2 after the quote-parity split; up to 3 with the one-piece read.
  package var splitTries: Int

  package init(frame: DataFrame, byteCount: Int, chunkCount: Int, splitTries: Int = 1) {
    self.frame = frame
    self.byteCount = byteCount
    self.chunkCount = chunkCount
    self.splitTries = splitTries
  }
}

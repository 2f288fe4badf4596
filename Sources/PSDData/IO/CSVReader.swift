#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PSDCore

/// Reads a CSV file into a `DataFrame`.
///
/// RFC 4180: fields may be quoted; quoted fields may hold separators, doubled quotes and line
/// breaks. Lines end in LF or CRLF; a UTF-8 byte order mark is skipped; an empty field (quoted or
/// not) is missing; blank lines are skipped in files with more than one column. Each column's
/// type is inferred from all of its values: integers, widened to floats when a decimal appears;
/// `true`/`false` booleans; anything else makes the column categorical. Invalid UTF-8 in a label
/// or header is an error (naming file, line and column), never silently replaced, so distinct
/// labels cannot merge.
///
/// Large files are split at record boundaries and parsed by one thread per core. Quotes make
/// a boundary uncertain: split points are chosen by quote parity and verified (the chunk before
/// must end exactly there); if not, the file is read again on one thread.
package enum CSVReader {
  /// `displayName`: how messages name the file (the path as the user typed it); default `path`.
  package static func read(
    path: String, displayName: String? = nil, options: CSVReadOptions = CSVReadOptions(),
    control: TaskControl = .none
  ) throws -> CSVReadResult {
    let file = try MappedFile(path: path, displayName: displayName ?? path)
    let name = file.displayName
    let pos = try headerStart(file)
    try checkEncodingAndLineEnds(file.bytes!, count: file.count, from: pos, name: name)
    let separator = options.separator
    let header = try readHeader(file, from: pos, separator: separator)
    let names = header.names
    if names.count > CSVReadOptions.maxColumns {
      throw PSDError.data(
        "'\(name)' has \(names.count) columns in its header; psd reads at most \(CSVReadOptions.maxColumns)",
        notes: ["check the separator (sep=), or split the file"])
    }
    let dataStart = header.end

    var forced = [CSVColumnState?](repeating: nil, count: names.count)
    let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    for (column, type) in options.columnTypes.sorted(by: { $0.key < $1.key }) {
      guard let c = index[column] else {
        if options.typesMayNameAbsentColumns { continue }
        throw PSDError.unknown("column", column, in: name, candidates: names)
      }
      forced[c] = CSVColumnState(type)
    }
    let missing = options.missingTokens.map { Array($0.utf8) }.filter { !$0.isEmpty }

    let dataBytes = file.count - dataStart
    let progress = CSVLoadProgress(control: control, totalBytes: file.count)
    progress.bytesDone.store(dataStart, ordering: .relaxed)
    let cores = min(CSVReadOptions.maxThreads, options.threads > 0 ? options.threads : Parallel.coreCount)
    // Below a few MB a second thread costs more than it saves.
    let chunkCount = cores > 1 && dataBytes >= options.parallelThreshold ? cores : 1
    let rowBytes = averageRecordBytes(file, from: dataStart)

    func makeChunks(_ bounds: [Int]) -> [CSVChunkParser] {
      (0..<(bounds.count - 1)).map { k in
        CSVChunkParser(
          file: file, start: bounds[k], end: bounds[k + 1], isLast: k == bounds.count - 2,
          columnCount: names.count, separator: separator, missingTokens: missing,
          forcedStates: forced,
          // The first chunk's arrays become the columns: room for every row.
          estimatedRows: Int(
            Double(k == 0 ? file.count - dataStart : bounds[k + 1] - bounds[k])
              / rowBytes * 1.05) + 64,
          progress: progress)
      }
    }

    // Splits are tried cheapest first. Each chunk's parse checks the split after it: chunk 0
    // starts where the data starts, and a chunk that parses to its end without meeting a quoted
    // field cut by that end (`.misSplit`) ends on a record boundary, where the next one starts.
    // So the first try splits at the first line end after each nominal point, reading nothing
    // ahead (the quote check was a serial pass over the whole file first, ~6 % of a load); a split inside
    // a multi-line quoted field sends it to the quote-parity split, then to one piece.
    var chunks: [CSVChunkParser] = []
    var failures: [Error?] = []
    var tried: [Int] = []
    var tries = 0
    for attempt in chunkCount > 1 ? 0..<3 : 2..<3 {
      let bounds =
        attempt == 2
        ? [dataStart, file.count]
        : splitPoints(file, from: dataStart, count: chunkCount, quoteParity: attempt == 1)
      if bounds == tried { continue }  // the parity found the same split: it would fail alike
      tried = bounds
      tries += 1
      chunks = []
      progress.bytesDone.store(dataStart, ordering: .relaxed)
      progress.stop.store(false, ordering: .relaxed)
      chunks = makeChunks(bounds)
      failures = parseAll(chunks, progress: progress)
      if let cancelled = failures.first(where: { ($0 as? PSDError)?.kind == .cancelled }) ?? nil {
        throw cancelled
      }
      // The earliest failure decides: a split inside a quoted field, or a chunk stopped by a
      // later one (whose error may stem from a bad split), means the next split; any other is
      // the file's own error.
      guard chunks.count > 1, let first = failures.firstIndex(where: { $0 != nil }),
        let reason = (failures[first] as? CSVFailure)?.reason, reason.needsSequentialRead
      else { break }
    }
    if let failure = failures.first(where: { $0 != nil }) ?? nil {
      throw describe(failure, file: file, names: names, separator: separator)
    }
    try control.checkCancelled()
    let frame = try assemble(chunks, names: names, control: control)
    return CSVReadResult(
      frame: frame, byteCount: file.count, chunkCount: chunks.count, splitTries: tries)
  }

  // MARK: - Header

  struct Header {
    var names: [String]
    var end: Int
  }

  /// Refuses what would otherwise load silently wrong: UTF-16 (its NUL bytes make valid UTF-8,
  /// so columns of NUL characters) and CR-only line ends (the whole file one header line, 0 rows).
  static func checkEncodingAndLineEnds(
    _ base: UnsafePointer<UInt8>, count n: Int, from start: Int,
    name: String
  ) throws {
    let convert = "convert it to UTF-8: iconv -f UTF-16 -t UTF-8 '\(name)' > converted.csv"
    if n >= 2 && ((base[0] == 0xFF && base[1] == 0xFE) || (base[0] == 0xFE && base[1] == 0xFF)) {
      throw PSDError.data(
        "'\(name)' is UTF-16 (it starts with a UTF-16 byte order mark); psd reads UTF-8 CSV files",
        notes: [convert])
    }
    let probe = min(n, 4096)
    if memchr(base, 0, probe) != nil {
      throw PSDError.data(
        "'\(name)' holds NUL bytes: it looks like UTF-16 without a byte order mark, or a binary file; psd reads UTF-8 CSV files",
        notes: [convert])
    }
    // The header line: a CR followed by anything but LF ends a line the old Mac way.
    var i = start
    while i < n && base[i] != 10 {
      if base[i] == 13 && i + 1 < n && base[i + 1] != 10 {
        throw PSDError.data(
          "'\(name)' ends its lines with CR only (classic Mac); psd reads LF or CRLF line ends",
          notes: ["convert it: tr '\\r' '\\n' < '\(name)' > converted.csv"])
      }
      i += 1
    }
  }

  /// The column names of a file's header, read without its rows.
  package static func headerNames(path: String, displayName: String, separator: UInt8) throws -> [String] {
    let file = try MappedFile(path: path, displayName: displayName)
    return try readHeader(file, from: headerStart(file), separator: separator).names
  }

  /// Where the header line starts: after a byte-order mark and any blank lines (tolerated).
  static func headerStart(_ file: MappedFile) throws -> Int {
    guard let base = file.bytes, file.count > 0 else {
      throw PSDError.data("'\(file.displayName)' is empty: a CSV file needs at least a header line")
    }
    var pos = 0
    if file.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 }
    while pos < file.count && (base[pos] == 10 || base[pos] == 13) { pos += 1 }
    if pos >= file.count {
      throw PSDError.data("'\(file.displayName)' is empty: a CSV file needs at least a header line")
    }
    return pos
  }

  static func readHeader(_ file: MappedFile, from start: Int, separator: UInt8) throws -> Header {
    let base = file.bytes!
    let n = file.count
    var pos = start
    var names: [String] = []
    var field: [UInt8] = []
    while true {
      field.removeAll(keepingCapacity: true)
      let fieldStart = pos
      if pos < n && base[pos] == UInt8(ascii: "\"") {
        pos += 1
        while true {
          if pos >= n {
            throw PSDError.data(
              "'\(file.displayName)' line \(file.lineNumber(at: fieldStart)): quoted header field never closes")
          }
          if base[pos] == UInt8(ascii: "\"") {
            if pos + 1 < n && base[pos + 1] == UInt8(ascii: "\"") {
              field.append(UInt8(ascii: "\""))
              pos += 2
              continue
            }
            pos += 1
            break
          }
          field.append(base[pos])
          pos += 1
        }
      } else {
        while pos < n && base[pos] != separator && base[pos] != 10
          && !(base[pos] == 13 && pos + 1 < n && base[pos + 1] == 10)
        {
          field.append(base[pos])
          pos += 1
        }
      }
      guard let text = String(validating: field, as: UTF8.self) else {
        throw PSDError.data(
          "'\(file.displayName)' line \(file.lineNumber(at: fieldStart)): header field \(names.count + 1) is not valid UTF-8"
        )
      }
      names.append(text)
      if pos < n && base[pos] == separator {
        pos += 1
        continue
      }
      if pos < n && base[pos] == 13 { pos += 1 }
      if pos < n && base[pos] == 10 {
        pos += 1
      } else if pos < n {
        throw PSDError.data(
          "'\(file.displayName)' line \(file.lineNumber(at: pos)): unexpected text after a quoted header field")
      }
      break
    }
    var seen: [String: Int] = [:]
    for (i, raw) in names.enumerated() {
      if raw.isEmpty {
        throw PSDError.data(
          "'\(file.displayName)': column \(i + 1) of the header has no name",
          notes: ["every column needs a unique name in the first line"])
      }
      if let earlier = seen[raw] {
        throw PSDError.data(
          "'\(file.displayName)': column name '\(raw)' appears twice in the header (columns \(earlier + 1) and \(i + 1))",
          subject: raw)
      }
      seen[raw] = i
    }
    return Header(names: names, end: pos)
  }

  // MARK: - Splitting

  /// Mean bytes per line over the first 64 KB of data, for the initial buffer sizes.
  static func averageRecordBytes(_ file: MappedFile, from start: Int) -> Double {
    let base = file.bytes!
    let end = min(file.count, start + 65536)
    var lines = 0
    for i in start..<end where base[i] == 10 { lines += 1 }
    guard lines > 0 else { return Double(max(1, end - start)) }
    return Double(end - start) / Double(lines)
  }

  /// Chunk bounds [b0 = start, b1, ..., bk = count], each inner bound just after a newline:
  /// with `quoteParity`, one that the count of quotes before it says is outside quotes;
  /// without, the first after the nominal point (no quote before it counted).
  static func splitPoints(
    _ file: MappedFile, from start: Int, count chunks: Int, quoteParity: Bool
  ) -> [Int] {
    let base = file.bytes!
    let n = file.count
    let quote = UInt8(ascii: "\"")
    var nominal = (0...chunks).map { start + (n - start) / chunks * $0 }
    nominal[chunks] = n
    // Quotes before each nominal point, counted per segment in parallel.
    var quotesBefore = [Int](repeating: 0, count: chunks + 1)
    if quoteParity && memchr(base + start, Int32(quote), n - start) != nil {
      let counts = Parallel.map(chunks) { k in
        ByteScan.count(quote, in: base + nominal[k], count: nominal[k + 1] - nominal[k])
      }
      for k in 0..<chunks { quotesBefore[k + 1] = quotesBefore[k] + counts[k] }
    }
    var bounds = [start]
    for k in 1..<chunks {
      var i = max(nominal[k], bounds.last!)
      var inQuotes = quotesBefore[k] % 2 == 1
      while i < n {
        let c = base[i]
        if c == quote { inQuotes.toggle() } else if c == 10 && !inQuotes { break }
        i += 1
      }
      let bound = min(n, i + 1)
      if bound > bounds.last! && bound < n { bounds.append(bound) }
    }
    bounds.append(n)
    return bounds
  }

  /// Parses every chunk (in parallel when there are several); returns each one's error.
  static func parseAll(_ chunks: [CSVChunkParser], progress: CSVLoadProgress) -> [Error?] {
    Parallel.map(chunks.count) { k -> Error? in
      do {
        try chunks[k].parse()
        return nil
      } catch {
        progress.stop.store(true, ordering: .relaxed)
        return error
      }
    }
  }

  static func describe(_ error: Error, file: MappedFile, names: [String], separator: UInt8) -> Error {
    guard let failure = error as? CSVFailure else { return error }
    let line = file.lineNumber(at: failure.offset)
    let place = "'\(file.displayName)' line \(line)"
    switch failure.reason {
    case .fieldCount(let expected):
      let found = fieldsOnRecord(file, at: failure.offset, separator: separator)
      return PSDError.data(
        "\(place): row has \(found) fields, the header has \(expected)",
        notes: ["quote fields that contain the separator"])
    case .unterminatedQuote, .misSplit, .stopped:
      return PSDError.data(
        "\(place): quoted field opened here never closes",
        notes: ["a field starting with \" must end with \" followed by a separator or line end"])
    case .textAfterQuote(let column):
      return PSDError.data(
        "\(place): unexpected text after the closing quote in column '\(names[column])'",
        notes: ["a quote inside a quoted field is written twice: \"\""])
    case .invalidUTF8(let column):
      return PSDError.data(
        "\(place): column '\(names[column])' holds text that is not valid UTF-8",
        notes: ["convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)"])
    case .notOfForcedType(let column, let type):
      return PSDError.data(
        "\(place): column '\(names[column])' was given type \(type.rawValue) but holds '\(fieldText(file, at: failure.offset))'",
        subject: names[column])
    }
  }

  /// Counts the fields of the record at `offset` (for the error message).
  static func fieldsOnRecord(_ file: MappedFile, at offset: Int, separator: UInt8) -> Int {
    guard let base = file.bytes else { return 0 }
    var fields = 1
    var inQuotes = false
    var i = offset
    while i < file.count {
      let c = base[i]
      if c == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if !inQuotes && c == 10 {
        break
      } else if !inQuotes && c == separator {
        fields += 1
      }
      i += 1
    }
    return fields
  }

  static func fieldText(_ file: MappedFile, at offset: Int) -> String {
    guard let base = file.bytes else { return "" }
    var bytes: [UInt8] = []
    var i = offset
    while i < file.count && bytes.count < 40 {
      let c = base[i]
      if c == UInt8(ascii: ",") || c == 10 || c == 13 || c == UInt8(ascii: ";") || c == 9 { break }
      bytes.append(c)
      i += 1
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: - Building the frame

  static func assemble(_ chunks: [CSVChunkParser], names: [String], control: TaskControl) throws -> DataFrame {
    let ncol = names.count
    // The column's type is the join over chunks; chunks that saw only numbers in a column
    // another chunk found labels in read that column again as labels.
    var finalStates = [CSVColumnState](repeating: .empty, count: ncol)
    for c in 0..<ncol {
      for chunk in chunks { finalStates[c] = finalStates[c].joined(chunk.builders[c].state) }
    }
    var reread = [Bool](repeating: false, count: chunks.count)
    for (k, chunk) in chunks.enumerated() {
      for c in 0..<ncol {
        let b = chunk.builders + c
        let state = b.pointee.state
        if state == finalStates[c] || state == .empty { continue }
        if finalStates[c] == .float && state == .int {
          chunk.convertToFloat(b, rows: chunk.rows)
        } else if finalStates[c] == .category {
          b.pointee.needsReparse = true
          reread[k] = true
        }
      }
    }
    if reread.contains(true) {
      let errors = Parallel.map(chunks.count) { k -> Error? in
        guard reread[k] else { return nil }
        do { try chunks[k].reparseCategories() } catch { return error }
        return nil
      }
      if let error = errors.first(where: { $0 != nil }) ?? nil { throw error }
    }
    let totalRows = chunks.reduce(0) { $0 + $1.rows }
    let build = { (c: Int) in
      buildColumn(c, name: names[c], state: finalStates[c], chunks: chunks, rows: totalRows)
    }
    let built = chunks.count > 1 && ncol > 1 ? Parallel.map(ncol, build) : (0..<ncol).map(build)
    return try DataFrame(columns: built)
  }

  /// Builds one column from its chunks: the first chunk's array is adopted (no copy) and the
  /// other chunks are appended into its spare capacity, each freed right after, so peak memory
  /// stays close to the typed columns.
  static func buildColumn(
    _ c: Int, name: String, state: CSVColumnState, chunks: [CSVChunkParser],
    rows: Int
  ) -> Column {
    /// The first chunk's array when its type matches, trimmed to its rows; else an empty one.
    func start<T>(_ adopt: (CSVColumnStorage) -> [T]?) -> [T] {
      let b = chunks[0].builders + c
      if let storage = b.pointee.takeStorage(), var array = adopt(storage) {
        array.removeLast(array.count - chunks[0].rows)
        return array
      }
      var array: [T] = []
      array.reserveCapacity(rows)
      return array
    }
    func append<T>(
      _ array: inout [T], from k: Int, ofState wanted: CSVColumnState, missing: T,
      _ values: KeyPath<CSVColumnBuilder, [T]>
    ) {
      let chunk = chunks[k]
      let b = chunk.builders + c
      if b.pointee.state == wanted {
        array.append(contentsOf: b.pointee[keyPath: values])
      } else {
        array.append(contentsOf: repeatElement(missing, count: chunk.rows))
      }
    }
    switch state {
    case .empty, .float:
      let adopted = chunks[0].builders[c].state == .float
      var values: [Double] = start { if case .doubles(let a) = $0, adopted { return a } else { return nil } }
      for k in 0..<chunks.count {
        if k > 0 || !adopted { append(&values, from: k, ofState: .float, missing: .nan, \.doubles) }
        chunks[k].builders[c].releaseStorage()
      }
      return .float(name, values)
    case .int:
      let anyMissing = chunks.contains { $0.builders[c].state == .empty || $0.builders[c].valid != nil }
      var valid: [Bool]? = nil
      if anyMissing {
        valid = [Bool](unsafeUninitializedCapacity: rows) { out, count in
          var at = 0
          for chunk in chunks {
            let b = chunk.builders + c
            let dst = UnsafeMutableRawPointer(out.baseAddress! + at)
            if b.pointee.state == .empty {
              dst.initializeMemory(as: UInt8.self, repeating: 0, count: chunk.rows)
            } else if let v = b.pointee.valid {
              dst.copyMemory(from: v, byteCount: chunk.rows)
            } else {
              dst.initializeMemory(as: UInt8.self, repeating: 1, count: chunk.rows)
            }
            at += chunk.rows
          }
          count = rows
        }
      }
      let adopted = chunks[0].builders[c].state == .int
      var values: [Int64] = start { if case .ints(let a) = $0, adopted { return a } else { return nil } }
      for k in 0..<chunks.count {
        if k > 0 || !adopted { append(&values, from: k, ofState: .int, missing: 0, \.ints) }
        chunks[k].builders[c].releaseStorage()
      }
      return .int(name, values, valid: valid)
    case .bool:
      let adopted = chunks[0].builders[c].state == .bool
      var values: [Int8] = start { if case .flags(let a) = $0, adopted { return a } else { return nil } }
      for k in 0..<chunks.count {
        if k > 0 || !adopted { append(&values, from: k, ofState: .bool, missing: -1, \.flags) }
        chunks[k].builders[c].releaseStorage()
      }
      return .bool(name, values)
    case .category:
      // Levels in first-seen order across chunks; later chunks' codes are remapped.
      var merged = CSVCategoryDictionary()
      defer { merged.free() }
      var remaps: [[Int32]] = []
      for chunk in chunks {
        let b = chunk.builders + c
        guard b.pointee.state == .category, let dict = b.pointee.dictionary else {
          remaps.append([])
          continue
        }
        var remap = [Int32](repeating: -1, count: dict.count)
        for code in 0..<dict.count {
          let bytes = dict.level(code)
          var isNew = false
          remap[code] = merged.intern(bytes.baseAddress!, bytes.count, isNew: &isNew)
        }
        remaps.append(remap)
      }
      var levels: [String] = []
      levels.reserveCapacity(merged.count)
      for code in 0..<merged.count { levels.append(String(decoding: merged.level(code), as: UTF8.self)) }
      // The first chunk's codes are already final (its levels come first).
      let adopted = chunks[0].builders[c].state == .category
      var codes: [Int32] = start { if case .codes(let a) = $0, adopted { return a } else { return nil } }
      for (k, chunk) in chunks.enumerated() {
        if k == 0 && adopted {
          chunk.builders[c].releaseStorage()
          continue
        }
        let b = chunk.builders + c
        if b.pointee.state == .category {
          let map = remaps[k]
          codes.append(contentsOf: b.pointee.codes.lazy.map { $0 < 0 ? -1 : map[Int($0)] })
        } else {
          codes.append(contentsOf: repeatElement(-1, count: chunk.rows))
        }
        b.pointee.releaseStorage()
      }
      return .category(name, codes: codes, levels: levels)
    }
  }

  // MARK: - Helpers

  /// True when p[0..<n] is well-formed UTF-8 (checked once per distinct label).
  static func isValidUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
      i += 8
    }
    while i < n && p[i] < 0x80 { i += 1 }
    if i == n { return true }
    return String(validating: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) != nil
  }
}

extension CSVFailure.Reason {
  var needsSequentialRead: Bool {
    switch self {
    case .misSplit, .stopped: return true
    default: return false
    }
  }
}

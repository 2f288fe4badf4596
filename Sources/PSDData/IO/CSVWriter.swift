#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import PSDCore

/// Writes a frame as CSV (comma separated, LF line ends, UTF-8, no BOM).
///
/// The file appears whole or not at all: the text goes to a temporary file in the same
/// directory, which is renamed over the target only after everything was written. Floats use
/// Swift's shortest round-trip text (`Double.description`: `-3648.0`, `1e-05`, `inf`), so
/// `CSVReader` reads back the same bits. Missing values are empty fields. A field is quoted
/// when it holds the separator, a quote, a line break, or leading/trailing spaces.
public enum CSVWriter {
  public static func write(_ frame: DataFrame, to path: String, separator: UInt8 = UInt8(ascii: ","),
                           control: TaskControl = .none) throws {
    // AtomicFile: the temporary file, the rename, and its rules (regular files only, symlinks
    // written through, read-only files and the session's inputs refused, cleanup on signals).
    try AtomicFile.write(to: path) { fd in
      try writeRows(frame, fd: fd, path: path, separator: separator, control: control)
    }
  }

  private static func writeRows(_ frame: DataFrame, fd: Int32, path: String, separator: UInt8,
                                control: TaskControl) throws {
    var out = OutputBuffer(fd: fd, path: path)
    for (i, column) in frame.columns.enumerated() {
      if i > 0 { out.append(separator) }
      out.appendField(Array(column.name.utf8), separator: separator)
    }
    out.append(10)
    // Per column, a raw view of its values (the frame keeps the arrays alive and unchanged
    // while we write) and, for categories, each level's bytes quoted once.
    enum Cells {
      case float(UnsafePointer<Double>)
      case int(UnsafePointer<Int64>, UnsafePointer<Bool>?)
      case bool(UnsafePointer<Int8>)
      case category(UnsafePointer<Int32>, [[UInt8]])
    }
    try withExtendedLifetime(frame) {
      let cells: [Cells] = frame.columns.map { column in
        switch column.data {
        case .float(let v): return .float(v.withUnsafeBufferPointer { $0.baseAddress! })
        case .int(let v, let valid):
          return .int(v.withUnsafeBufferPointer { $0.baseAddress! }, valid?.withUnsafeBufferPointer { $0.baseAddress! })
        case .bool(let v): return .bool(v.withUnsafeBufferPointer { $0.baseAddress! })
        case .category(let codes, let levels):
          return .category(codes.withUnsafeBufferPointer { $0.baseAddress! },
                           levels.map { OutputBuffer.encodeField(Array($0.utf8), separator: separator) })
        }
      }
      guard frame.rowCount > 0 else { return }
      // Blocks of rows are formatted on every core (text formatting of floats dominates),
      // then written in order.
      func format(_ rows: Range<Int>, into part: inout OutputBuffer) {
        for row in rows {
          for i in 0..<cells.count {
            if i > 0 { part.append(separator) }
            switch cells[i] {
            case .float(let v):
              let x = v[row]
              if !x.isNaN { part.appendASCII(x.description) }
            case .int(let v, let valid):
              if valid?[row] ?? true { part.appendInteger(v[row]) }
            case .bool(let v):
              if v[row] >= 0 { part.appendASCII(v[row] == 1 ? "true" : "false") }
            case .category(let codes, let levels):
              let c = codes[row]
              if c >= 0 { part.bytes.append(contentsOf: levels[Int(c)]) }
            }
          }
          part.append(10)
        }
      }
      let workers = max(1, min(System.coreCount, 8))
      let block = max(1, min(8192, (1 << 22) / max(1, cells.count * 12)))
      let parts = UnsafeMutableBufferPointer<OutputBuffer>.allocate(capacity: workers)
      parts.initialize(repeating: OutputBuffer(fd: fd, path: path))
      defer {
        _ = parts.deinitialize()
        parts.deallocate()
      }
      var row = 0
      while row < frame.rowCount {
        try control.checkCancelled()
        control.report("save", done: Double(row), total: Double(frame.rowCount), detail: "rows")
        let start = row
        let rowCount = frame.rowCount
        DispatchQueue.concurrentPerform(iterations: workers) { k in
          let lower = min(rowCount, start + k * block)
          let upper = min(rowCount, lower + block)
          parts[k].bytes.removeAll(keepingCapacity: true)
          format(lower..<upper, into: &parts[k])
        }
        for k in 0..<workers { out.bytes.append(contentsOf: parts[k].bytes) }
        try out.flushIfFull()
        row = min(frame.rowCount, start + workers * block)
      }
    }
    try out.flush()
  }

  /// Buffered writes straight to the descriptor.
  struct OutputBuffer {
    let fd: Int32
    let path: String
    var bytes: [UInt8] = []

    init(fd: Int32, path: String) {
      self.fd = fd
      self.path = path
      bytes.reserveCapacity(1 << 20)
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func appendASCII(_ text: String) {
      bytes.append(contentsOf: text.utf8)
    }

    mutating func appendField(_ field: [UInt8], separator: UInt8) {
      bytes.append(contentsOf: OutputBuffer.encodeField(field, separator: separator))
    }

    /// The field as written: quoted (inner quotes doubled) when it holds the separator, a
    /// quote, a line break, or leading/trailing spaces.
    static func encodeField(_ field: [UInt8], separator: UInt8) -> [UInt8] {
      let needsQuotes = field.contains { $0 == separator || $0 == 34 || $0 == 10 || $0 == 13 }
        || field.first == 32 || field.last == 32
      guard needsQuotes else { return field }
      var out: [UInt8] = [34]
      for b in field {
        if b == 34 { out.append(34) }
        out.append(b)
      }
      out.append(34)
      return out
    }

    mutating func appendInteger(_ value: Int64) {
      if value == 0 {
        bytes.append(48)
        return
      }
      var magnitude = value.magnitude
      var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, no heap
      withUnsafeMutableBytes(of: &digits) { scratch in
        var at = scratch.count
        while magnitude > 0 {
          at -= 1
          scratch[at] = UInt8(48 + magnitude % 10)
          magnitude /= 10
        }
        if value < 0 { bytes.append(45) }
        bytes.append(contentsOf: scratch[at...])
      }
    }

    mutating func flushIfFull() throws {
      if bytes.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
      try bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return }
        try AtomicFile.writeAll(fd, base, raw.count, path: path)
      }
      bytes.removeAll(keepingCapacity: true)
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    var info = stat()
    if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
      throw PSDError.io("'\(path)' is a directory; give a file name like '\(path)/frame.csv'")
    }
    if !directory.isEmpty && stat(directory, &info) != 0 {
      throw PSDError.io("cannot write '\(path)': directory '\(directory)' does not exist")
    }
    let temporary = "\(path).tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 {
      throw PSDError.io("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    var ok = false
    defer {
      if !ok {
        close(fd)
        unlink(temporary)
      }
    }
    var out = OutputBuffer(fd: fd, path: path)
    for (i, column) in frame.columns.enumerated() {
      if i > 0 { out.append(separator) }
      out.appendField(Array(column.name.utf8), separator: separator)
    }
    out.append(10)
    let columns = frame.columns
    for row in 0..<frame.rowCount {
      if row & 0xFFFF == 0 {
        try control.checkCancelled()
        control.report("save", done: Double(row), total: Double(frame.rowCount), detail: "rows")
      }
      for (i, column) in columns.enumerated() {
        if i > 0 { out.append(separator) }
        switch column.data {
        case .float(let v):
          let x = v[row]
          if !x.isNaN { out.appendASCII(x.description) }
        case .int(let v, let valid):
          if valid?[row] ?? true { out.appendASCII(String(v[row])) }
        case .bool(let v):
          if v[row] >= 0 { out.appendASCII(v[row] == 1 ? "true" : "false") }
        case .category(let codes, let levels):
          let c = codes[row]
          if c >= 0 { out.appendField(Array(levels[Int(c)].utf8), separator: separator) }
        }
      }
      out.append(10)
      try out.flushIfFull()
    }
    try out.flush()
    ok = true
    let synced = fsync(fd) == 0
    let closed = close(fd) == 0
    if !synced || !closed {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw PSDError.io("cannot write '\(path)': \(reason)")
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw PSDError.io("cannot write '\(path)': \(reason)")
    }
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
      let needsQuotes = field.contains { $0 == separator || $0 == 34 || $0 == 10 || $0 == 13 }
        || field.first == 32 || field.last == 32
      guard needsQuotes else {
        bytes.append(contentsOf: field)
        return
      }
      bytes.append(34)
      for b in field {
        if b == 34 { bytes.append(34) }
        bytes.append(b)
      }
      bytes.append(34)
    }

    mutating func flushIfFull() throws {
      if bytes.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
      var offset = 0
      while offset < bytes.count {
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 {
          if errno == EINTR { continue }
          throw PSDError.io("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        offset += n
      }
      bytes.removeAll(keepingCapacity: true)
    }
  }
}

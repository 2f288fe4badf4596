#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PSDCore

/// A read-only memory map of a whole file. The parser reads it in place (no copy into a
/// buffer) and hands parsed ranges back with `release` so the page cache, not our process,
/// holds the text: peak memory stays close to the typed columns. `@unchecked Sendable`: every
/// property is immutable after `init`, and the mapping is read-only (`release` only advises the
/// kernel, it never changes the bytes).
final class MappedFile: @unchecked Sendable {
  let path: String
  /// The name messages use (the path as the user typed it).
  let displayName: String
  let bytes: UnsafePointer<UInt8>?
  let count: Int

  init(path: String, displayName: String? = nil) throws {
    self.path = path
    self.displayName = displayName ?? path
    let shown = self.displayName
    // O_NONBLOCK: opening a FIFO must not wait for a writer (uninterruptibly); fstat then
    // refuses it. On a regular file the flag changes nothing.
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    if fd < 0 {
      let code = errno
      switch code {
      case ENOENT: throw PSDError.io("no such file '\(shown)'")
      case EACCES: throw PSDError.io("permission denied reading '\(shown)'")
      default: throw PSDError.io("cannot open '\(shown)': \(String(cString: strerror(code)))")
      }
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw PSDError.io("cannot read '\(shown)': \(String(cString: strerror(errno)))")
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw PSDError.io("'\(shown)' is a directory, not a CSV file")
    }
    if (info.st_mode & S_IFMT) != S_IFREG {
      let what = (info.st_mode & S_IFMT) == S_IFIFO ? "a FIFO (named pipe)" : "a device or socket"
      throw PSDError.io(
        "'\(shown)' is \(what), not a regular file",
        notes: ["psd maps CSV files into memory; copy the data to a file first"])
    }
    count = Int(info.st_size)
    if count == 0 {
      bytes = nil
      return
    }
    let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
    if mapped == MAP_FAILED || mapped == nil {
      throw PSDError.io("cannot map '\(shown)' into memory: \(String(cString: strerror(errno)))")
    }
    _ = madvise(mapped, count, MADV_SEQUENTIAL)
    bytes = UnsafePointer(mapped!.assumingMemoryBound(to: UInt8.self))
  }

  deinit {
    if let bytes { munmap(UnsafeMutableRawPointer(mutating: bytes), count) }
  }

  static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  /// Drops the mapped pages of [from, to) from this process (they stay in the page cache and
  /// come back transparently if read again).
  func release(from: Int, to: Int) {
    guard let bytes else { return }
    let page = MappedFile.pageSize
    let start = (from + page - 1) / page * page
    let end = to / page * page
    guard end > start else { return }
    _ = madvise(UnsafeMutableRawPointer(mutating: bytes + start), end - start, MADV_DONTNEED)
  }

  /// 1-based line number of the byte at `offset` (counts "\n" before it). Only used for errors.
  func lineNumber(at offset: Int) -> Int {
    guard let bytes else { return 1 }
    var line = 1
    let end = min(offset, count)
    var i = 0
    while i < end {
      if bytes[i] == 10 { line += 1 }
      i += 1
    }
    return line
  }
}

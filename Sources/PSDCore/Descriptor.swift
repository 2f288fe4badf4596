#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes to a file descriptor: the one loop that retries short writes and EINTR, for files,
/// the terminal and pipes alike. The C `write` is reached through `systemWrite`, so no caller
/// names the C library.
package enum Descriptor {
  /// Writes all `count` bytes at `base`; returns 0, or the `errno` of the write that failed
  /// (EPIPE on a closed pipe, ENOSPC on a full disk).
  @discardableResult
  package static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer?, _ count: Int) -> Int32 {
    guard let base else { return 0 }
    var offset = 0
    while offset < count {
      let n = systemWrite(fd, base + offset, count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += n
    }
    return 0
  }

  /// Writes the UTF-8 bytes of `text`; returns 0 or the failing write's `errno`.
  @discardableResult
  package static func writeAll(_ fd: Int32, _ text: String) -> Int32 {
    var text = text
    return text.withUTF8 { writeAll(fd, UnsafeRawPointer($0.baseAddress), $0.count) }
  }
}

/// The C library's `write`, under a name no Swift type shadows.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}

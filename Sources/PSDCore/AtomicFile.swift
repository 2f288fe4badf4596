#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import CGlibcExtras
import Foundation
import Synchronization

/// Writes a whole file or nothing: the data goes to a temporary file in the same directory,
/// which is then renamed over the target. The one write path of psd (reports, CSV files,
/// models, sessions), so its rules hold everywhere:
/// - only regular files are written: a FIFO, a device (`/dev/null`) or a directory is refused,
///   never replaced by a regular file;
/// - a symbolic link is written through (its target is replaced, the link stays);
/// - a file psd may not write (read-only, or owned by someone else without write permission,
///   even when psd runs as root) is refused, not replaced;
/// - a file the session read (its script, a loaded CSV or model) is refused: `--report r.psd`
///   must not overwrite the script;
/// - SIGTERM and SIGHUP during a write remove the temporary file before psd exits.
package enum AtomicFile {
  package static func write(_ data: Data, to path: String) throws {
    try write(to: path) { fd in
      try data.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return }
        try writeAll(fd, base, raw.count, path: path)
      }
    }
  }

  /// Streams into the temporary file: `body` writes to the descriptor; the rename happens only
  /// after it returns and the data is synced.
  package static func write(to path: String, body: (Int32) throws -> Void) throws {
    let file = try Writer(path: path)
    do {
      try body(file.descriptor)
    } catch {
      file.discard()
      throw error
    }
    try file.commit()
  }

  /// A file written in pieces under a temporary name in the target's folder, with every rule
  /// above; `commit` syncs it and renames it over the target, `discard` (or dropping it
  /// uncommitted) removes it. For writers that produce several files and keep all or none
  /// (`psd-synth`). Not thread-safe: one writer at a time.
  package final class Writer {
    /// The path as given (for messages).
    package let path: String
    /// The open temporary file (-1 once committed or discarded).
    package private(set) var descriptor: Int32
    package private(set) var bytesWritten = 0
    private let target: String
    private let temporary: String
    private let slot: Int?

    package init(path: String) throws {
      let target = try AtomicFile.destination(path)
      let slash = target.lastIndex(of: "/")
      let directory = slash.map { String(target[..<$0]) } ?? "."
      let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
      let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())"
      var existing = stat()
      let mode = stat(target, &existing) == 0 ? existing.st_mode & 0o777 : 0o644
      unlink(temporary)  // a leftover of a killed run with the same pid
      let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
      if fd < 0 { throw PSDError.io("cannot write '\(path)': \(String(cString: strerror(errno)))") }
      self.path = path
      self.target = target
      self.temporary = temporary
      descriptor = fd
      slot = TemporaryFiles.register(temporary)
    }

    deinit { discard() }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
      guard let base = bytes.baseAddress else { return }
      try AtomicFile.writeAll(descriptor, base, bytes.count, path: path)
      bytesWritten += bytes.count
    }

    package func write(_ bytes: [UInt8]) throws {
      try bytes.withUnsafeBytes { try write($0) }
    }

    /// Syncs, closes and renames over the target; on failure the temporary file is removed.
    package func commit() throws {
      precondition(descriptor >= 0, "AtomicFile.Writer committed twice or after discard")
      if fsync(descriptor) != 0 {
        let reason = String(cString: strerror(errno))
        discard()
        throw PSDError.io("cannot write '\(path)': \(reason)")
      }
      let closed = close(descriptor)
      descriptor = -1
      if closed != 0 || rename(temporary, target) != 0 {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        TemporaryFiles.unregister(slot)
        throw PSDError.io("cannot write '\(path)': \(reason)")
      }
      TemporaryFiles.unregister(slot)
    }

    /// Removes the temporary file (nothing happens after `commit` or a first `discard`).
    package func discard() {
      guard descriptor >= 0 else { return }
      close(descriptor)
      descriptor = -1
      unlink(temporary)
      TemporaryFiles.unregister(slot)
    }
  }

  /// Writes `count` bytes at `base` to `fd` (Descriptor.writeAll: short writes and EINTR retried).
  package static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int, path: String) throws {
    let failure = Descriptor.writeAll(fd, base, count)
    if failure != 0 { throw PSDError.io("cannot write '\(path)': \(String(cString: strerror(failure)))") }
    // Each time the file passes another 32 MB, start putting its whole pages on disk, so the
    // fsync of `commit` only waits for the tail (otherwise it waits for the whole file: ~20 % of
    // saving a 160 MB table here). The page the write ended in is left alone: the next write
    // fills it.
    let step = 32 << 20
    let end = Int(lseek(fd, 0, SEEK_CUR))
    if end > 0 && end / step != (end - count) / step { psd_start_writeback(fd, end & ~4095) }
  }

  /// The file a write to `path` replaces (a symbolic link resolved), after every rule above.
  package static func destination(_ path: String) throws -> String {
    var target = path
    var info = stat()
    if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
      guard let resolved = realpath(path, nil) else {
        throw PSDError.io("cannot write '\(path)': it is a symbolic link to a missing file")
      }
      target = String(cString: resolved)
      free(resolved)
    }
    let slash = target.lastIndex(of: "/")
    let directory = slash.map { String(target[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
    var dirInfo = stat()
    guard stat(directory, &dirInfo) == 0, (dirInfo.st_mode & S_IFMT) == S_IFDIR else {
      throw PSDError.io("cannot write '\(path)': folder '\(directory)' does not exist")
    }
    guard stat(target, &info) == 0 else {
      if access(directory, W_OK) != 0 {
        throw PSDError.io("cannot write '\(path)': folder '\(directory)' is not writable")
      }
      return target
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw PSDError.io("'\(path)' is a directory; give a file name like '\(path)/out.csv'")
    case S_IFIFO: throw PSDError.io("cannot write '\(path)': it is a FIFO (named pipe); psd writes regular files only")
    default: throw PSDError.io("cannot write '\(path)': it is a device or socket; psd writes regular files only")
    }
    if InputFiles.contains(info) {
      throw PSDError.io(
        "cannot write '\(path)': this session read it (the script or an input file); psd does not write over its inputs",
        notes: ["choose another file name"])
    }
    if !mayWrite(info) || access(target, W_OK) != 0 || access(directory, W_OK) != 0 {
      throw PSDError.io(
        "cannot write '\(path)': it is read-only or not yours (permission denied); psd does not replace it")
    }
    return target
  }

  /// The permission bits, as for an ordinary user: root would otherwise replace anyone's
  /// read-only file.
  static func mayWrite(_ info: stat) -> Bool {
    let uid = geteuid()
    if info.st_uid == uid { return info.st_mode & S_IWUSR != 0 }
    if info.st_gid == getegid() { return info.st_mode & S_IWGRP != 0 }
    return info.st_mode & S_IWOTH != 0
  }
}

/// The files this process read as inputs (by device and inode, so another spelling of the same
/// path is caught): `AtomicFile` never writes over them.
package enum InputFiles {
  private static let files = Mutex<Set<[Int]>>([])

  /// Records `path` as an input (nothing happens when it cannot be stat'ed).
  package static func record(_ path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return }
    files.withLock { _ = $0.insert(key(info)) }
  }

  static func contains(_ info: stat) -> Bool { files.withLock { $0.contains(key(info)) } }

  /// Forgets every input: only for a test harness that runs the same script again in one process
  /// (golden update mode), where the first run's inputs are not the second run's.
  package static func forgetAllForTesting() { files.withLock { $0.removeAll() } }

  /// The change time too: a deleted input's inode can be reused by a new file, which is not it.
  private static func key(_ info: stat) -> [Int] {
    [
      Int(truncatingIfNeeded: info.st_dev), Int(truncatingIfNeeded: info.st_ino),
      info.st_ctim.tv_sec, info.st_ctim.tv_nsec
    ]
  }
}

/// The temporary files being written, as C strings a signal handler can unlink: SIGTERM or
/// SIGHUP during a save used to leave `*.tmp-PID` files of 40–120 MB.
enum TemporaryFiles {
  static let capacity = 32
  // `nonisolated(unsafe)`: both tables are written only while holding `lock`, and read without
  // it only by the signal handler, which cannot take a lock. A slot is a pointer-sized store, so
  // the handler sees either the old or the new path; a path is freed only after its slot is
  // cleared, and the handler ends the process.
  nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    p.initialize(repeating: nil, count: capacity)
    return p
  }()
  /// The process that registered each slot: a forked child must not remove its parent's files.
  nonisolated(unsafe) static let owners: UnsafeMutablePointer<pid_t> = {
    let p = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
    p.initialize(repeating: 0, count: capacity)
    return p
  }()
  private static let lock = Mutex<Void>(())

  /// The slot to pass to `unregister` (nil when all are taken: that file is not cleaned up).
  static func register(_ path: String) -> Int? {
    lock.withLock { _ in
      let own = unsafeBitCast(removeTemporariesAndDie as @convention(c) (Int32) -> Void, to: Int.self)
      for sig in [SIGTERM, SIGHUP] {
        // Only where nobody else handles the signal: the default action (die), or ours.
        let previous = signal(sig, removeTemporariesAndDie)
        if let previous, unsafeBitCast(previous, to: Int.self) != own { _ = signal(sig, previous) }
      }
      for i in 0..<capacity where slots[i] == nil {
        owners[i] = getpid()
        slots[i] = strdup(path)
        return i
      }
      return nil
    }
  }

  static func unregister(_ slot: Int?) {
    guard let slot else { return }
    lock.withLock { _ in
      let p = slots[slot]
      slots[slot] = nil
      free(p)
    }
  }
}

/// Async-signal-safe: getpid, unlink, signal and raise only.
private func removeTemporariesAndDie(_ sig: Int32) {
  let me = getpid()
  for i in 0..<TemporaryFiles.capacity {
    if let p = TemporaryFiles.slots[i], TemporaryFiles.owners[i] == me { unlink(p) }
  }
  _ = signal(sig, SIG_DFL)
  raise(sig)
}

import CGlibcExtras

/// How the process's allocator treats freed memory.
package enum MemoryPolicy {
  /// For a process that builds and drops large columns one statement after another (the
  /// notebook, a script): freed blocks stay in the process and the next columns reuse them.
  /// glibc's default gives every block above 32 MB its own mapping and returns it on free, so
  /// each new column is fresh memory the kernel must fault in and zero page by page: 35–40 % of
  /// the feature pipeline's CPU was the kernel doing that (6.6–7.1 s of system time; 2.7–3.4 s
  /// with this, the same peak memory). The cost: memory a session dropped is not given back to
  /// the system until it exits (it is reused by the session). Call before any thread starts;
  /// a no-op away from glibc.
  @discardableResult
  package static func retainFreedMemory() -> Bool { psd_retain_freed_memory() == 1 }
}

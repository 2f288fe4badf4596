import Dispatch
import Foundation

/// The one parallel-for of psd: every concurrent loop goes through here, so the worker count
/// comes from the machine in one place and the chunking rule is written once.
package enum Parallel {
  /// Cores this process may use (at least 1), read once from the machine.
  package static let coreCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// Runs `body(i)` for every `i` in `0..<count`, on up to `coreCount` threads. Returns when all
  /// are done. `count` below 2 runs inline: no thread hop for tiny work.
  package static func forEach(_ count: Int, _ body: (Int) -> Void) {
    if count <= 0 { return }
    if count == 1 { body(0); return }
    withoutActuallyEscaping(body) { body in
      let shared = ConcurrentBody(run: body)
      DispatchQueue.concurrentPerform(iterations: count) { shared.run($0) }
    }
  }

  /// Splits `0..<count` into at most `chunks` contiguous ranges of near-equal size (default: one
  /// per core) and runs `body(chunkIndex, range)` on each concurrently. Ranges are in order and
  /// cover `0..<count` exactly, so results written per chunk can be concatenated in order.
  /// `minimumChunk` keeps tiny inputs on fewer threads.
  package static func forEachChunk(
    _ count: Int, chunks: Int = coreCount, minimumChunk: Int = 1,
    _ body: (Int, Range<Int>) -> Void
  ) {
    let n = chunkCount(count, chunks: chunks, minimumChunk: minimumChunk)
    if n == 0 { return }
    forEach(n) { c in body(c, chunkRange(c, of: n, count: count)) }
  }

  /// How many chunks `forEachChunk` uses for `count` items.
  package static func chunkCount(_ count: Int, chunks: Int = coreCount, minimumChunk: Int = 1) -> Int {
    if count <= 0 { return 0 }
    return max(1, min(chunks, count / max(1, minimumChunk)))
  }

  /// The `c`-th of `n` contiguous near-equal ranges of `0..<count`.
  package static func chunkRange(_ c: Int, of n: Int, count: Int) -> Range<Int> {
    (c * count / n)..<((c + 1) * count / n)
  }

  /// `forEach` collecting one result per index, in index order.
  package static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    if count <= 0 { return [] }
    let results = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
    // Each index is written by exactly one worker; the buffer is moved into the array below.
    forEach(count) { i in (results.baseAddress! + i).initialize(to: body(i)) }
    defer { results.deallocate() }
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
      buffer.baseAddress!.moveInitialize(from: results.baseAddress!, count: count)
      initialized = count
    }
  }
}

/// `body` handed to the worker threads. Safe because `concurrentPerform` returns only after every
/// iteration finished (the closure never outlives `forEach`), and `forEach`'s contract is that
/// iterations touch disjoint state (each writes its own index, chunk or accumulator): the one
/// place psd's parallel loops rely on that instead of the compiler's check.
private struct ConcurrentBody: @unchecked Sendable {
  let run: (Int) -> Void
}

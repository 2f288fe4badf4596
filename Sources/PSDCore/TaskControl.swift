import Synchronization

/// Set from the SIGINT handler, read by long-running loops. One flag per process: Ctrl-C
/// interrupts whatever statement is running.
package final class InterruptFlag: Sendable {
  package static let shared = InterruptFlag()
  private let raised = Atomic<Bool>(false)
  package init() {}
  package func raise() { raised.store(true, ordering: .relaxed) }
  package func clear() { raised.store(false, ordering: .relaxed) }
  package var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// One progress report from long work (loading, aggregating, training, explaining).
package struct ProgressEvent: Sendable {
  package var stage: String
  package var done: Double
  package var total: Double?
  package var detail: String
  package init(stage: String, done: Double, total: Double? = nil, detail: String = "") {
    self.stage = stage
    self.done = done
    self.total = total
    self.detail = detail
  }
}

/// Handed to long operations: they call `checkCancelled()` every few thousand rows or every
/// tree, and `report` for progress. The default does nothing, so library code and tests need
/// no set-up.
package struct TaskControl: Sendable {
  package let interrupt: InterruptFlag?
  package let progress: (@Sendable (ProgressEvent) -> Void)?

  package init(interrupt: InterruptFlag? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
    self.interrupt = interrupt
    self.progress = progress
  }

  package static let none = TaskControl()

  package var isCancelled: Bool { interrupt?.isRaised ?? false }

  package func checkCancelled() throws {
    if let interrupt, interrupt.isRaised {
      throw PSDError(.cancelled, "interrupted")
    }
  }

  package func report(_ stage: String, done: Double, total: Double? = nil, detail: String = "") {
    progress?(ProgressEvent(stage: stage, done: done, total: total, detail: detail))
  }
}

/// A counter that worker threads bump together (e.g. columns aggregated so far), for progress.
package final class SharedCounter: Sendable {
  private let value = Atomic<Int>(0)
  package init() {}
  /// Adds `n` and returns the new total.
  @discardableResult
  package func add(_ n: Int = 1) -> Int { value.wrappingAdd(n, ordering: .relaxed).newValue }
  package var current: Int { value.load(ordering: .relaxed) }
}

import Synchronization

/// Set from the SIGINT handler, read by long-running loops. One flag per process: Ctrl-C
/// interrupts whatever statement is running.
public final class InterruptFlag: Sendable {
  public static let shared = InterruptFlag()
  private let raised = Atomic<Bool>(false)
  public init() {}
  public func raise() { raised.store(true, ordering: .relaxed) }
  public func clear() { raised.store(false, ordering: .relaxed) }
  public var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// One progress report from long work (loading, aggregating, training, explaining).
public struct ProgressEvent: Sendable {
  public var stage: String
  public var done: Double
  public var total: Double?
  public var detail: String
  public init(stage: String, done: Double, total: Double? = nil, detail: String = "") {
    self.stage = stage
    self.done = done
    self.total = total
    self.detail = detail
  }
}

/// Handed to long operations: they call `checkCancelled()` every few thousand rows or every
/// tree, and `report` for progress. The default does nothing, so library code and tests need
/// no set-up.
public struct TaskControl: Sendable {
  public let interrupt: InterruptFlag?
  public let progress: (@Sendable (ProgressEvent) -> Void)?

  public init(interrupt: InterruptFlag? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
    self.interrupt = interrupt
    self.progress = progress
  }

  public static let none = TaskControl()

  public var isCancelled: Bool { interrupt?.isRaised ?? false }

  public func checkCancelled() throws {
    if let interrupt, interrupt.isRaised {
      throw PSDError(.cancelled, "interrupted")
    }
  }

  public func report(_ stage: String, done: Double, total: Double? = nil, detail: String = "") {
    progress?(ProgressEvent(stage: stage, done: done, total: total, detail: detail))
  }
}

/// A counter that worker threads bump together (e.g. columns aggregated so far), for progress.
public final class SharedCounter: Sendable {
  private let value = Atomic<Int>(0)
  public init() {}
  /// Adds `n` and returns the new total.
  @discardableResult
  public func add(_ n: Int = 1) -> Int { value.wrappingAdd(n, ordering: .relaxed).newValue }
  public var current: Int { value.load(ordering: .relaxed) }
}

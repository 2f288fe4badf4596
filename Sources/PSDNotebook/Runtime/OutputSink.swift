/// Where a session's output goes. The terminal front end prints; reports and tests capture.
public protocol OutputSink: AnyObject {
  /// Output of a statement (tables, charts, messages): stdout.
  func write(_ text: String)
  /// Errors and warnings: stderr.
  func diagnostic(_ text: String)
}

/// Collects everything written, in order; used by tests, golden scripts and reports.
public final class CapturingOutput: OutputSink {
  public private(set) var stdout = ""
  public private(set) var stderr = ""
  /// Both streams interleaved as written.
  public private(set) var combined = ""
  public init() {}
  public func write(_ text: String) { stdout += text; combined += text }
  public func diagnostic(_ text: String) { stderr += text; combined += text }
}

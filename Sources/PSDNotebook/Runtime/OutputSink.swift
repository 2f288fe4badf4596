/// Where a session's output goes. The terminal front end prints; reports and tests capture.
package protocol OutputSink: AnyObject {
  /// Output of a statement (tables, charts, messages): stdout.
  func write(_ text: String)
  /// Errors and warnings: stderr.
  func diagnostic(_ text: String)
}

/// Collects everything written, in order; used by tests, golden scripts and reports.
package final class CapturingOutput: OutputSink {
  package private(set) var stdout = ""
  package private(set) var stderr = ""
  /// Both streams interleaved as written.
  package private(set) var combined = ""
  package init() {}
  package func write(_ text: String) { stdout += text; combined += text }
  package func diagnostic(_ text: String) { stderr += text; combined += text }
}

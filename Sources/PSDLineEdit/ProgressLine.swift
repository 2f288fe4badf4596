import PSDCore
import Synchronization
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Progress of long work drawn on one updating stderr line. Used only when stderr is a
/// terminal, so reports, pipes and logs never see it. Throttled to about 10 redraws a second;
/// cleared before any output and when the statement ends.
package final class ProgressLine: Sendable {
  private struct State {
    var lastDraw: ContinuousClock.Instant?
    var shown = false
    var started: ContinuousClock.Instant?
  }
  private let state = Mutex(State())
  private let width: @Sendable () -> Int
  private let interval = Duration.milliseconds(100)

  package init(width: @escaping @Sendable () -> Int) { self.width = width }

  /// Called from any thread by TaskControl.report.
  package func show(_ event: ProgressEvent) {
    let now = ContinuousClock.now
    state.withLock { s in
      if s.started == nil { s.started = now }
      let done = event.total.map { $0 > 0 && event.done >= $0 } ?? false
      if let last = s.lastDraw, now - last < interval, !done { return }
      s.lastDraw = now
      let elapsed = now - (s.started ?? now)
      let text = ProgressLine.render(event, elapsed: elapsed, width: width())
      ProgressLine.write("\r\u{1B}[K" + text)
      s.shown = true
    }
  }

  /// Erases the line (statement finished, or output is about to be printed).
  package func clear() {
    state.withLock { s in
      if s.shown { ProgressLine.write("\r\u{1B}[K") }
      s = State()
    }
  }

  /// `load  [====>               ]  21%  12.5/59.4 MB  0.7 s, ~2.6 s left`, cut to the width so
  /// it never wraps (a wrapped line could not be erased with \r). A one-word detail is the unit of
  /// done/total ("bytes" shows MB); longer details (a validation metric) follow the counts.
  static func render(_ e: ProgressEvent, elapsed: Duration, width: Int) -> String {
    var parts = [e.stage]
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    var timeText = String(format1: seconds) + " s"
    if let total = e.total, total > 0 {
      let fraction = min(max(e.done / total, 0), 1)
      let barWidth = 20
      let filled = Int(fraction * Double(barWidth))
      let bar =
        String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
        + String(repeating: " ", count: max(0, barWidth - filled - 1))
      let percent = String(Int(fraction * 100))
      parts.append("[\(bar)] " + String(repeating: " ", count: 3 - percent.count) + percent + " %")
      if e.detail == "bytes" {
        parts.append(megabytes(e.done) + "/" + megabytes(total) + " MB")
      } else if !e.detail.isEmpty && !e.detail.contains(" ") {
        parts.append(formatCount(e.done) + "/" + formatCount(total) + " " + e.detail)
      } else if !e.detail.isEmpty {
        parts.append(formatCount(e.done) + "/" + formatCount(total))
        parts.append(e.detail)
      }
      // Time left, once there is enough to extrapolate from.
      if fraction >= 0.02 && fraction < 1 && seconds >= 0.5 {
        timeText += ", ~" + String(format1: seconds * (1 - fraction) / fraction) + " s left"
      }
    } else {
      if e.done > 0 { parts.append(formatCount(e.done) + (e.detail.contains(" ") ? "" : " " + e.detail)) }
      if e.detail.contains(" ") { parts.append(e.detail) }
    }
    parts.append(timeText)
    let line = parts.joined(separator: "  ")
    return String(line.prefix(max(10, width - 1)))
  }

  static func megabytes(_ bytes: Double) -> String { String(format1: bytes / 1e6) }

  static func formatCount(_ x: Double) -> String {
    let n = Int(x.rounded())
    var digits = String(n)
    var i = digits.count - 3
    while i > (n < 0 ? 1 : 0) {
      digits.insert(",", at: digits.index(digits.startIndex, offsetBy: i))
      i -= 3
    }
    return digits
  }

  private static func write(_ s: String) {
    Descriptor.writeAll(STDERR_FILENO, s)
  }
}

extension String {
  /// One decimal, without Foundation.
  fileprivate init(format1 x: Double) {
    let tenths = Int((x * 10).rounded())
    self = "\(tenths / 10).\(abs(tenths % 10))"
  }
}

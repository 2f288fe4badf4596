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
final class ProgressLine: Sendable {
  private struct State {
    var lastDraw: ContinuousClock.Instant?
    var shown = false
    var started: ContinuousClock.Instant?
  }
  private let state = Mutex(State())
  private let width: @Sendable () -> Int
  private let interval = Duration.milliseconds(100)

  init(width: @escaping @Sendable () -> Int) { self.width = width }

  /// Called from any thread by TaskControl.report.
  func show(_ event: ProgressEvent) {
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
  func clear() {
    state.withLock { s in
      if s.shown { ProgressLine.write("\r\u{1B}[K") }
      s = State()
    }
  }

  /// `load  [=========>          ]  45%  120.5 MB, 800,000 rows  3.1 s`, cut to the width so
  /// it never wraps (a wrapped line could not be erased with \r).
  static func render(_ e: ProgressEvent, elapsed: Duration, width: Int) -> String {
    var parts = [e.stage]
    if let total = e.total, total > 0 {
      let fraction = min(max(e.done / total, 0), 1)
      let barWidth = 20
      let filled = Int(fraction * Double(barWidth))
      let bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
        + String(repeating: " ", count: max(0, barWidth - filled - 1))
      parts.append("[\(bar)] \(Int(fraction * 100))%")
    } else if e.done > 0 {
      parts.append(formatCount(e.done))
    }
    if !e.detail.isEmpty { parts.append(e.detail) }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    parts.append(String(format1: seconds) + " s")
    let line = parts.joined(separator: "  ")
    return String(line.prefix(max(10, width - 1)))
  }

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
    var bytes = Array(s.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }
}

extension String {
  /// One decimal, without Foundation.
  init(format1 x: Double) {
    let tenths = Int((x * 10).rounded())
    self = "\(tenths / 10).\(abs(tenths % 10))"
  }
}

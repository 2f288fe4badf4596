import Foundation

/// `sleep SECONDS`: waits, interruptibly. For paced demonstrations in a class, and the simplest
/// long-running statement for checking that Ctrl-C stops work promptly (the interruption test).
enum SleepCommand {
  static let spec = CommandSpec(
    name: "sleep", topic: "session",
    usage: ["sleep SECONDS"],
    summary: "wait a number of seconds (Ctrl-C stops it)",
    details:
      "Waits up to one hour, showing progress on a terminal. Ctrl-C cancels the wait like any long command; the session is unchanged.",
    examples: ["sleep 2"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let seconds = try c.number("a number of seconds")
    guard seconds >= 0 && seconds <= 3600 else {
      throw c.error("sleep: seconds must be between 0 and 3600", at: c.statement.positionals.first)
    }
    let start = DispatchTime.now().uptimeNanoseconds
    while true {
      try c.control.checkCancelled()
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if elapsed >= seconds { break }
      c.control.report("sleep", done: elapsed, total: seconds)
      usleep(UInt32(min(0.02, seconds - elapsed) * 1e6))
    }
  }
}

import Foundation
import Testing
@testable import PSDNotebook

/// Settings change with the statement that sets them, or not at all; and a nested `run` goes
/// through the same input loop as a script (same checks before anything runs, same stop rule).
@Suite struct InputLoopTests {
  @Test func aFailedSetLeavesEverySettingAsItWas() {
    let out = CapturingOutput()
    let s = Session(output: out)
    let before = s.settings
    let outcome = s.run(entry: "set width=50 digits=3 foo\n")
    #expect(outcome != .succeeded)
    #expect(out.stderr.contains("unexpected argument 'foo'"))
    #expect(s.settings == before)
    #expect(s.run(entry: "set width=50 digits=3\n") == .succeeded)
    #expect(s.settings.width == 50 && s.settings.digits == 3)
  }

  @Test func aFailedTimerLeavesTheTimerOff() {
    let s = Session(output: CapturingOutput())
    #expect(s.run(entry: "timer on extra\n") != .succeeded)
    #expect(!s.settings.timer)
    #expect(s.run(entry: "timer on\n") == .succeeded)
    #expect(s.settings.timer)
  }

  @Test func aNestedRunIsCheckedWholeAndStopsAtItsFirstFailure() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("psd-input-loop-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // A check error on line 2: nothing of the nested script runs, so `a` stays unbound.
    try "a = 1\nb = nosuchcommand 2\n".write(
      to: dir.appendingPathComponent("bad.psd"), atomically: true, encoding: .utf8)
    // A runtime failure on line 2: line 1 ran, line 3 did not.
    try "x = 1\nf = load \"no_such_file.csv\"\nz = 3\n".write(
      to: dir.appendingPathComponent("stops.psd"), atomically: true, encoding: .utf8)
    let out = CapturingOutput()
    let s = Session(output: out)
    s.baseDirectory = dir.path
    #expect(s.run(entry: "run \"bad.psd\"\n") != .succeeded)
    #expect(out.stderr.contains("unknown command 'nosuchcommand'"))
    #expect(out.stderr.contains("nothing in it was run"))
    #expect(s.value(named: "a") == nil)
    #expect(s.run(entry: "run \"stops.psd\"\n") != .succeeded)
    #expect(s.value(named: "x") != nil)
    #expect(s.value(named: "z") == nil)
  }
}

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

  /// Each setting is declared once (Settings.specs): `set` reads it through that declaration and
  /// lists it from it, and a value the declaration refuses (or its rule) changes nothing.
  @Test func everySettingIsSetAndListedThroughItsDeclaration() {
    let out = CapturingOutput()
    let s = Session(output: out)
    let given = "width=77 digits=4 charset=ascii color=true seed=9 timer=true limit=3 wrap=true id=LOAN_ID"
    #expect(s.run(entry: "set \(given)\n") == .succeeded)
    var want = Settings()
    want.width = 77
    want.digits = 4
    want.charset = "ascii"
    want.color = true
    want.seed = 9
    want.timer = true
    want.showLimit = 3
    want.wrap = true
    want.idColumn = "LOAN_ID"
    #expect(s.settings == want)
    #expect(s.run(entry: "set\n") == .succeeded)
    for (name, value) in given.split(separator: " ").map({ $0.split(separator: "=") }).map({ ($0[0], $0[1]) }) {
      #expect(out.stdout.contains(name.padding(toLength: 9, withPad: " ", startingAt: 0) + value), "\(name)")
    }
    for bad in ["width=5", "charset=asci", "id=\"\"", "digits=2.5"] {
      #expect(s.run(entry: "set seed=1 \(bad)\n") != .succeeded, "\(bad)")
      #expect(s.settings == want, "\(bad)")
    }
    #expect(out.stderr.contains("did you mean 'ascii'?"))
    #expect(out.stderr.contains("id must name a column"))
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

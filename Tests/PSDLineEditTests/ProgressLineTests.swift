import PSDCore
import Testing
@testable import PSDLineEdit

/// The progress line's text (drawing and throttling need a terminal; Scripts/check_repl.sh).

@Test func bytesShowAsMegabytes() {
  let line = ProgressLine.render(
    ProgressEvent(stage: "load", done: 12_500_000, total: 59_400_000, detail: "bytes"),
    elapsed: .milliseconds(700), width: 120)
  #expect(line == "load  [====>               ]  21 %  12.5/59.4 MB  0.7 s, ~2.6 s left")
}

@Test func oneWordDetailIsTheUnitAndLongerDetailFollows() {
  let trees = ProgressLine.render(
    ProgressEvent(stage: "training gbdt", done: 120, total: 400, detail: "valid AUC 0.7512"),
    elapsed: .seconds(3), width: 120)
  #expect(trees == "training gbdt  [======>             ]  30 %  120/400  valid AUC 0.7512  3.0 s, ~7.0 s left")
  let rows = ProgressLine.render(
    ProgressEvent(stage: "save", done: 1_000_000, total: 2_000_000, detail: "rows"),
    elapsed: .milliseconds(200), width: 120)
  #expect(rows == "save  [==========>         ]  50 %  1,000,000/2,000,000 rows  0.2 s")
}

@Test func unknownTotalShowsTheCount() {
  let line = ProgressLine.render(
    ProgressEvent(stage: "aggregate", done: 250_000, detail: "rows"),
    elapsed: .seconds(1), width: 120)
  #expect(line == "aggregate  250,000 rows  1.0 s")
}

@Test func theLineNeverWraps() {
  let line = ProgressLine.render(
    ProgressEvent(stage: "explaining", done: 5, total: 10, detail: String(repeating: "x ", count: 100)),
    elapsed: .seconds(1), width: 40)
  #expect(line.count == 39)
}

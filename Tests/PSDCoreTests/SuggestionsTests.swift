import Testing
@testable import PSDCore

@Test func suggestsCloseColumnName() {
  #expect(Suggestions.closest(to: "AMT_CREDT", among: ["AMT_CREDIT", "AMT_ANNUITY"]) == "AMT_CREDIT")
  #expect(Suggestions.closest(to: "descibe", among: ["describe", "derive", "drop"]) == "describe")
}

@Test func doesNotSuggestUnrelatedWords() {
  #expect(Suggestions.closest(to: "zzz", among: ["AMT_CREDIT", "TARGET"]) == nil)
}

@Test func transpositionCountsAsOneEdit() {
  #expect(Suggestions.editDistance(Array("ab".utf8), Array("ba".utf8)) == 1)
  #expect(Suggestions.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
}

@Test func interruptCancelsTask() {
  let flag = InterruptFlag()
  let control = TaskControl(interrupt: flag)
  #expect(throws: Never.self) { try control.checkCancelled() }
  flag.raise()
  #expect(throws: PSDError.self) { try control.checkCancelled() }
}

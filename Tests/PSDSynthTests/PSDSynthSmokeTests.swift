import Testing
@testable import PSDSynth

@Test func PSDSynthModuleLoads() {
  #expect(Bool(true))
}

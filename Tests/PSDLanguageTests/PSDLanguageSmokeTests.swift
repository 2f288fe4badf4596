import Testing
@testable import PSDLanguage

@Test func PSDLanguageModuleLoads() {
  #expect(Bool(true))
}

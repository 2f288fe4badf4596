import Testing
@testable import PSDData

@Test func PSDDataModuleLoads() {
  #expect(Bool(true))
}

import Testing
@testable import PSDModels

@Test func PSDModelsModuleLoads() {
  #expect(Bool(true))
}

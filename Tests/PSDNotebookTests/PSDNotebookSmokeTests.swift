import Testing
@testable import PSDNotebook

@Test func PSDNotebookModuleLoads() {
  #expect(Bool(true))
}

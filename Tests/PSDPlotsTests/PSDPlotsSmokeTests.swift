import Testing
@testable import PSDPlots

@Test func PSDPlotsModuleLoads() {
  #expect(Bool(true))
}

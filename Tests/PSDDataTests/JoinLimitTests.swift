import Testing
import PSDCore
@testable import PSDData

// Issue 13: `join app app on CODE_GENDER` aborted on allocation. The output size of a join whose
// keys repeat is counted first and refused above the limit, before anything is allocated.
@Test func manyToManyJoinAboveTheLimitIsRefused() throws {
  let rows = 20_000
  let gender = (0..<rows).map { $0 % 3 == 0 ? "M" : "F" }
  let app = try DataFrame(columns: [
    .category("CODE_GENDER", strings: gender),
    .int("SK_ID_CURR", (0..<rows).map(Int64.init))
  ])
  let m = gender.filter { $0 == "M" }.count, f = rows - m
  do {
    _ = try app.join(app, on: ["CODE_GENDER"], leftName: "app", rightName: "app")
    Issue.record("a 35-million-row join was built")
  } catch let error as PSDError {
    #expect(error.kind == .data)
    #expect(
      error.message.hasPrefix(
        "join on CODE_GENDER would make \(m * m + f * f) rows × 4 columns: the keys repeat on both sides (many-to-many)"
      ))
  }
  // A small many-to-many join is still built, row for row.
  let small = try DataFrame(columns: [.category("K", strings: ["a", "a", "b"]), .int("V", [1, 2, 3])])
  let joined = try small.join(small, on: ["K"])
  #expect(joined.rowCount == 5)
}

import PSDCore
import Testing
@testable import PSDData

private func emptyApplications() throws -> DataFrame {
  try DataFrame(columns: [
    .int("SK_ID_CURR", []), .float("AMT_CREDIT", []),
    .category("CODE_GENDER", strings: []), .bool("FLAG", [])
  ])
}

@Test func everyOperationAcceptsAnEmptyFrame() throws {
  let e = try emptyApplications()
  let full = try DataFrame(columns: [
    .int("SK_ID_CURR", [1, 2]), .float("AMT_CREDIT", [5, 6]),
    .category("CODE_GENDER", strings: ["F", nil]), .bool("FLAG", [1, -1])
  ])
  #expect(try e.filter(.binary(.greater, .column("AMT_CREDIT"), .number(0))).rowCount == 0)
  let d = try e.derive("R", .binary(.divide, .column("AMT_CREDIT"), .number(2)))
  #expect(d.columnCount == 5 && d.rowCount == 0)
  #expect(try e.replace(columns: ["CODE_GENDER"], value: .string("XNA"), with: .missing).rowCount == 0)
  #expect(try e.sorted(by: [SortKey("AMT_CREDIT", descending: true)]).rowCount == 0)
  #expect(try e.encode(.onehot).columnNames == ["SK_ID_CURR", "AMT_CREDIT", "FLAG"])
  let (a, b) = try e.split(ratio: 0.5, stratify: "FLAG", seed: 1)
  #expect(a.rowCount == 0 && b.rowCount == 0)
  #expect(try DataFrame.concat([e, full]).rowCount == 2)
  #expect(labels(try DataFrame.concat([e, full]), "CODE_GENDER") == ["F", nil])
  // Joins with an empty side: left keeps its rows, inner keeps none.
  let right = try DataFrame(columns: [.int("SK_ID_CURR", []), .float("X", [])])
  let left = try full.join(right, on: ["SK_ID_CURR"], kind: .left)
  #expect(left.rowCount == 2 && floats(left, "X").allSatisfy { $0.isNaN })
  #expect(try full.join(right, on: ["SK_ID_CURR"], kind: .inner).rowCount == 0)
  #expect(try e.join(full, on: ["SK_ID_CURR"], kind: .left).rowCount == 0)
}

@Test func missingKeysAndValuesInSortSplitAndCategoryGroups() throws {
  let f = try DataFrame(columns: [
    .category("NAME_CONTRACT_STATUS", strings: ["Refused", nil, "Approved", nil, "Refused"]),
    .float("AMT_CREDIT", [1, 2, .nan, 4, 5])
  ])
  // Categorical keys: the missing status is not a group.
  let g = try f.aggregate(
    by: ["NAME_CONTRACT_STATUS"], specs: [AggregateSpec(column: "AMT_CREDIT", functions: [.sum, .count])])
  #expect(labels(g, "NAME_CONTRACT_STATUS") == ["Refused", "Approved"])
  #expect(floats(g, "AMT_CREDIT_SUM") == [6, 0])
  #expect(floats(g, "AMT_CREDIT_COUNT") == [2, 0])
  // Sorting by a key with missing values puts them last, stably.
  let s = try f.sorted(by: [SortKey("NAME_CONTRACT_STATUS", descending: true)])
  #expect(floats(s, "AMT_CREDIT").map { $0.isNaN ? -1 : $0 } == [1, 5, -1, 2, 4])
  // Stratifying on a column with missing values keeps the missing ones together as a class.
  let (a, b) = try f.split(ratio: 0.5, stratify: "NAME_CONTRACT_STATUS", seed: 3)
  #expect(a.rowCount + b.rowCount == 5)
  #expect(a["NAME_CONTRACT_STATUS"]!.missingCount == 1 && b["NAME_CONTRACT_STATUS"]!.missingCount == 1)
  // Text arguments to number functions are errors, not crashes.
  #expect(throws: PSDError.self) { try f.derive("M", .call("max", [.column("NAME_CONTRACT_STATUS"), .number(1)])) }
}

import Foundation
import PSDCore
import Testing
@testable import PSDData

func previousSample() throws -> DataFrame {
  try DataFrame(columns: [
    .float("AMT_APPLICATION", [100, 0, 50, .nan, 80]),
    .int("AMT_CREDIT", [50, 10, 0, 20, 40], valid: [true, true, true, true, false]),
    .category("NAME_CONTRACT_STATUS", strings: ["Approved", "Refused", nil, "Refused", "Canceled"]),
    .bool("FLAG_LAST", [1, 0, -1, 1, 0])
  ])
}

@Test func arithmeticGivesMissingOnMissingOperandsAndDivisionByZero() throws {
  let p = try previousSample()
  let e = FrameExpression.binary(.divide, .column("AMT_APPLICATION"), .column("AMT_CREDIT"))
  let r = try p.derive("APP_CREDIT_PERC", e)
  #expect(same(floats(r, "APP_CREDIT_PERC"), [2, 0, .nan, .nan, .nan]))
  #expect(r["APP_CREDIT_PERC"]!.type == .float)
  let s = try p.derive("X", .binary(.add, .binary(.multiply, .column("AMT_CREDIT"), .number(2)), .negate(.number(1))))
  #expect(same(floats(s, "X"), [99, 19, -1, 39, .nan]))
  let z = try p.derive("Z", .binary(.divide, .column("AMT_CREDIT"), .number(0)))
  #expect(floats(z, "Z").allSatisfy { $0.isNaN })
  let c = try p.derive("C", .binary(.divide, .number(1), .number(0)))
  #expect(floats(c, "C").allSatisfy { $0.isNaN })
}

@Test func categoricalComparesWithStringsAndFilterDropsMissingConditions() throws {
  let p = try previousSample()
  let refused = FrameExpression.binary(.equal, .column("NAME_CONTRACT_STATUS"), .string("Refused"))
  let r = try p.filter(refused)
  #expect(r.rowCount == 2)
  #expect(same(floats(r, "AMT_APPLICATION"), [0, .nan]))
  let notRefused = try p.filter(.not(refused))
  #expect(floats(notRefused, "AMT_APPLICATION") == [100, 80])  // the missing status is dropped
  let flipped = try p.filter(.binary(.notEqual, .string("Refused"), .column("NAME_CONTRACT_STATUS")))
  #expect(flipped.rowCount == 2)
  let unknownLevel = try p.filter(.binary(.equal, .column("NAME_CONTRACT_STATUS"), .string("Nope")))
  #expect(unknownLevel.rowCount == 0)
  #expect(unknownLevel.columnNames == p.columnNames)
  #expect(throws: PSDError.self) {
    try p.filter(.binary(.equal, .column("NAME_CONTRACT_STATUS"), .number(1)))
  }
  #expect(throws: PSDError.self) { try p.filter(.column("NAME_CONTRACT_STATUS")) }
  #expect(try p.filter(.column("FLAG_LAST")).rowCount == 2)
}

@Test func threeValuedLogicAndIsMissing() throws {
  let p = try previousSample()
  let big = FrameExpression.binary(.greater, .column("AMT_APPLICATION"), .number(60))
  let flag = FrameExpression.column("FLAG_LAST")
  let andR = try p.derive("A", .binary(.and, big, flag))
  #expect(andR["A"]!.data.boolValues == [1, 0, 0, -1, 0])
  let orR = try p.derive("O", .binary(.or, big, flag))
  #expect(orR["O"]!.data.boolValues == [1, 0, -1, 1, 1])
  let m = try p.filter(.isMissing(.column("AMT_CREDIT"), negated: false))
  #expect(m.rowCount == 1)
  let nm = try p.filter(.isMissing(.column("NAME_CONTRACT_STATUS"), negated: true))
  #expect(nm.rowCount == 4)
}

@Test func functionsWorkOnWholeColumns() throws {
  let f = try DataFrame(columns: [.float("X", [-4, 0, 1, .nan, 100]), .float("Y", [1, .nan, 3, 2, 200])])
  func eval(_ e: FrameExpression) throws -> [Double] { floats(try f.derive("R", e), "R") }
  #expect(same(try eval(.call("abs", [.column("X")])), [4, 0, 1, .nan, 100]))
  #expect(same(try eval(.call("sqrt", [.column("X")])), [.nan, 0, 1, .nan, 10]))
  #expect(same(try eval(.call("log", [.column("X")])), [.nan, .nan, 0, .nan, log(100)]))
  #expect(same(try eval(.call("exp", [.number(0)])), [1, 1, 1, 1, 1]))
  #expect(same(try eval(.call("max", [.column("X"), .column("Y")])), [1, 0, 3, 2, 200]))
  #expect(same(try eval(.call("min", [.column("X"), .number(0)])), [-4, 0, 0, 0, 0]))
  #expect(same(try eval(.call("clip", [.column("X"), .number(0), .number(50)])), [0, 0, 1, .nan, 50]))
  #expect(same(try eval(.call("coalesce", [.column("X"), .column("Y"), .number(-1)])), [-4, 0, 1, 2, 100]))
  let cond = FrameExpression.binary(.greater, .column("X"), .number(0))
  #expect(same(try eval(.call("if", [cond, .column("X"), .number(0)])), [0, 0, 1, .nan, 100]))
  let text = try f.derive("T", .call("if", [cond, .string("pos"), .string("neg")]))
  #expect(labels(text, "T") == ["neg", "neg", "pos", nil, "pos"])
  #expect { try f.derive("R", .call("lgo", [.column("X")])) } throws: { error in
    (error as! PSDError).notes == ["did you mean 'log'?"]
  }
  #expect(throws: PSDError.self) { try f.derive("R", .call("clip", [.column("X")])) }
  #expect { try f.derive("R", .column("Z")) } throws: { error in (error as! PSDError).subject == "Z" }
}

extension ColumnData {
  var boolValues: [Int8]? {
    if case .bool(let b) = self { return b }
    return nil
  }
}

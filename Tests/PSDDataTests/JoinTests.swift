import PSDCore
import Testing
import PSDTestSupport
@testable import PSDData

@Test func leftJoinKeepsLeftOrderAndFillsMissing() throws {
  let app = try DataFrame(columns: [.int("SK_ID_CURR", [5, 1, 9, 1]), .float("AMT_ANNUITY", [10, 20, 30, 40])])
  let buro = try DataFrame(columns: [
    .int("SK_ID_CURR", [1, 5, 6]), .float("AMT_ANNUITY", [7, 8, 9]),
    .category("S", strings: ["x", nil, "z"])
  ])
  let r = try app.join(buro, on: ["SK_ID_CURR"], kind: .left)
  #expect(r.columnNames == ["SK_ID_CURR", "AMT_ANNUITY", "AMT_ANNUITY_right", "S"])
  #expect(floats(r, "SK_ID_CURR") == [5, 1, 9, 1])
  #expect(same(floats(r, "AMT_ANNUITY_right"), [8, 7, .nan, 7]))
  #expect(labels(r, "S") == [nil, "x", nil, "x"])

  let inner = try app.join(buro, on: ["SK_ID_CURR"], kind: .inner)
  #expect(floats(inner, "SK_ID_CURR") == [5, 1, 1])
  #expect(floats(inner, "AMT_ANNUITY") == [10, 20, 40])
}

@Test func joinErrorsNameTheKey() throws {
  let a = try DataFrame(columns: [.int("K", [1]), .float("X", [1])])
  let b = try DataFrame(columns: [.category("K", strings: ["1"]), .float("Y", [1])])
  #expect { try a.join(b, on: ["K"], leftName: "app", rightName: "buro") } throws: { error in
    let e = error as! PSDError
    return e.subject == "K" && e.message.contains("int") && e.message.contains("categorical")
  }
  #expect { try a.join(a, on: ["KK"], leftName: "app") } throws: { error in
    let e = error as! PSDError
    return e.message == "no column 'KK' in 'app'" && e.notes == ["did you mean 'K'?"]
  }
}

@Test func joinOnSeveralKeysAndCategoricalKeysWithDifferentLevels() throws {
  let a = try DataFrame(columns: [
    .int("K", [1, 1, 2, 2]), .category("S", strings: ["a", "b", "a", nil]),
    .float("X", [1, 2, 3, 4])
  ])
  let b = try DataFrame(columns: [
    .category("S", strings: ["b", "a", "c", "a"]), .int("K", [1, 2, 1, 1]),
    .float("Y", [10, 20, 30, 40])
  ])
  let r = try a.join(b, on: ["K", "S"], kind: .left)
  #expect(same(floats(r, "Y"), [40, 10, 20, .nan]))  // missing keys never match
  let e = try a.join(b.gather([]), on: ["K"], kind: .inner, suffix: "_b")
  #expect(e.rowCount == 0)
  #expect(e.columnNames == ["K", "S", "X", "S_b", "Y"])
}

@Test func joinMatchesNaiveReferenceOnRandomData() throws {
  var rng = TestGenerator(seed: 77)
  for _ in 0..<15 {
    let nl = rng.int(120), nr = rng.int(120), range = 1 + rng.int(30)
    func keys(_ n: Int) -> ([Int64], [Bool]) {
      var k: [Int64] = [], v: [Bool] = []
      for _ in 0..<n { k.append(Int64(rng.int(range))); v.append(!rng.chance(0.05)) }
      return (k, v)
    }
    let (lk, lv) = keys(nl), (rk, rv) = keys(nr)
    let left = try DataFrame(columns: [.int("K", lk, valid: lv), .float("L", (0..<nl).map(Double.init))])
    let right = try DataFrame(columns: [.int("K", rk, valid: rv), .float("R", (0..<nr).map(Double.init))])
    for kind in JoinKind.allCases {
      let r = try left.join(right, on: ["K"], kind: kind)
      var expectedL: [Double] = [], expectedR: [Double] = []
      for i in 0..<nl {
        let matches = lv[i] ? (0..<nr).filter { rv[$0] && rk[$0] == lk[i] } : []
        if matches.isEmpty {
          if kind == .left { expectedL.append(Double(i)); expectedR.append(.nan) }
        } else {
          for j in matches { expectedL.append(Double(i)); expectedR.append(Double(j)) }
        }
      }
      #expect(floats(r, "L") == expectedL)
      #expect(same(floats(r, "R"), expectedR))
    }
  }
}

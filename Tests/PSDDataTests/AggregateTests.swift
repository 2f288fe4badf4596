import PSDCore
import Testing
import PSDTestSupport
@testable import PSDData

/// A bureau-like side table: two clients, one with a missing amount, one row with no client.
func bureauSample() throws -> DataFrame {
  try DataFrame(columns: [
    .int("SK_ID_CURR", [7, 3, 7, 3, 9, 7, 0], valid: [true, true, true, true, true, true, false]),
    .float("AMT_CREDIT_SUM", [100, 50, .nan, 70, 5, 300, 1000]),
    .category("CREDIT_ACTIVE", strings: ["Active", "Closed", "Closed", nil, "Active", "Active", "Closed"]),
    .bool("FLAG", [1, 0, -1, 1, 0, 1, 1])
  ])
}

@Test func aggregateComputesEveryStatisticWithPandasMissingSemantics() throws {
  let b = try bureauSample()
  let all: [AggregateFunction] = [.count, .sum, .mean, .min, .max, .std, .var, .median, .nunique, .first, .last]
  let r = try b.aggregate(
    by: ["SK_ID_CURR"], specs: [AggregateSpec(column: "AMT_CREDIT_SUM", functions: all)],
    prefix: "BURO_")
  // Keys in first-seen order; the row with a missing key is left out.
  #expect(r["SK_ID_CURR"]!.doubles()! == [7, 3, 9])
  #expect(r.rowCount == 3)
  #expect(floats(r, "BURO_COUNT") == [3, 2, 1])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_COUNT") == [2, 2, 1])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_SUM") == [400, 120, 5])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_MEAN") == [200, 60, 5])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_MIN") == [100, 50, 5])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_MAX") == [300, 70, 5])
  #expect(same(floats(r, "BURO_AMT_CREDIT_SUM_VAR"), [20000, 200, .nan]))
  #expect(same(floats(r, "BURO_AMT_CREDIT_SUM_STD"), [Double(20000).squareRoot(), Double(200).squareRoot(), .nan]))
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_MEDIAN") == [200, 60, 5])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_NUNIQUE") == [2, 2, 1])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_FIRST") == [100, 50, 5])
  #expect(floats(r, "BURO_AMT_CREDIT_SUM_LAST") == [300, 70, 5])
  #expect(r["BURO_AMT_CREDIT_SUM_COUNT"]!.type == .int)
}

@Test func categoricalCountsAndSharesAreNamedPerLevel() throws {
  let b = try bureauSample()
  let r = try b.aggregate(
    by: ["SK_ID_CURR"],
    specs: [AggregateSpec(column: "CREDIT_ACTIVE", functions: [.counts, .shares, .nunique, .first])],
    prefix: "BURO_")
  #expect(floats(r, "BURO_CREDIT_ACTIVE_Active_COUNT") == [2, 0, 1])
  #expect(floats(r, "BURO_CREDIT_ACTIVE_Closed_COUNT") == [1, 1, 0])
  #expect(floats(r, "BURO_CREDIT_ACTIVE_MISSING_COUNT") == [0, 1, 0])
  #expect(same(floats(r, "BURO_CREDIT_ACTIVE_Closed_SHARE"), [1.0 / 3, 0.5, 0]))
  #expect(floats(r, "BURO_CREDIT_ACTIVE_MISSING_SHARE") == [0, 0.5, 0])
  #expect(floats(r, "BURO_CREDIT_ACTIVE_NUNIQUE") == [2, 1, 1])
  #expect(labels(r, "BURO_CREDIT_ACTIVE_FIRST") == ["Active", "Closed", "Active"])
}

@Test func meanOfACategoricalColumnIsAnErrorNamingIt() throws {
  let b = try bureauSample()
  #expect {
    try b.aggregate(by: ["SK_ID_CURR"], specs: [AggregateSpec(column: "CREDIT_ACTIVE", functions: [.mean])])
  } throws: { error in
    let e = error as! PSDError
    return e.subject == "CREDIT_ACTIVE" && e.message.contains("CREDIT_ACTIVE") && e.message.contains("mean")
  }
  #expect(throws: PSDError.self) {
    try b.aggregate(by: ["SK_ID_CURR"], specs: [AggregateSpec(column: "AMT_CREDIT_SUM", functions: [.shares])])
  }
  #expect(throws: PSDError.self) {
    try b.aggregate(by: ["SK_ID_CURRR"], specs: [])
  }
  #expect(throws: PSDError.self) { try AggregateFunction.named("meen") }
  #expect(try AggregateFunction.named("MEAN") == .mean)
}

@Test func starSpecCoversUnnamedColumnsByType() throws {
  let b = try bureauSample()
  let r = try b.aggregate(
    by: ["SK_ID_CURR"],
    specs: [
      AggregateSpec(column: "AMT_CREDIT_SUM", functions: [.max]),
      AggregateSpec(column: "*", functions: [.mean, .shares])
    ])
  #expect(
    r.columnNames == [
      "SK_ID_CURR", "COUNT", "AMT_CREDIT_SUM_MAX", "CREDIT_ACTIVE_Active_SHARE",
      "CREDIT_ACTIVE_Closed_SHARE", "CREDIT_ACTIVE_MISSING_SHARE", "FLAG_MEAN"
    ])
  #expect(floats(r, "FLAG_MEAN") == [1, 0.5, 0])
}

@Test func aggregateOfEmptyFrameAndOneRowGroups() throws {
  let empty = try DataFrame(columns: [.int("K", []), .float("X", []), .category("C", strings: [])])
  let r = try empty.aggregate(
    by: ["K"],
    specs: [
      AggregateSpec(column: "X", functions: [.mean, .std]),
      AggregateSpec(column: "C", functions: [.shares])
    ])
  #expect(r.rowCount == 0)
  #expect(r.columnNames == ["K", "COUNT", "X_MEAN", "X_STD"])

  let one = try DataFrame(columns: [.int("K", [1, 2, 3]), .float("X", [4, .nan, 6])])
  let s = try one.aggregate(by: ["K"], specs: [AggregateSpec(column: "X", functions: [.sum, .mean, .var, .median])])
  #expect(floats(s, "X_SUM") == [4, 0, 6])  // sum of nothing is 0 (pandas)
  #expect(same(floats(s, "X_MEAN"), [4, .nan, 6]))
  #expect(floats(s, "X_VAR").allSatisfy { $0.isNaN })
  #expect(same(floats(s, "X_MEDIAN"), [4, .nan, 6]))
}

@Test func aggregateGroupsOnSeveralKeysOfMixedTypes() throws {
  let f = try DataFrame(columns: [
    .int("K", [1, 1, 2, 1, 2]),
    .category("S", strings: ["a", "b", "a", "a", nil]),
    .float("X", [1, 2, 3, 4, 5])
  ])
  let r = try f.aggregate(by: ["K", "S"], specs: [AggregateSpec(column: "X", functions: [.sum])])
  #expect(r["K"]!.doubles()! == [1, 1, 2])
  #expect(labels(r, "S") == ["a", "b", "a"])
  #expect(floats(r, "X_SUM") == [5, 2, 3])
}

/// Reference: per key, the plain definitions over Swift arrays.
@Test func aggregateMatchesNaiveReferenceOnRandomData() throws {
  var rng = TestGenerator(seed: 2024)
  for round in 0..<12 {
    let n = rng.int(400)
    let keyRange = 1 + rng.int(40)
    var keys: [Int64] = [], valid: [Bool] = [], xs: [Double] = [], cats: [String?] = []
    for _ in 0..<n {
      keys.append(Int64(rng.int(keyRange)) * 1_000_003 - 500)
      valid.append(!rng.chance(0.05))
      xs.append(rng.chance(0.2) ? .nan : Double(rng.int(1000)) / 8 - 40)
      cats.append(rng.chance(0.1) ? nil : ["A", "B", "C d"][rng.int(3)])
    }
    let frame = try DataFrame(columns: [
      .int("K", keys, valid: valid), .float("X", xs),
      .category("C", strings: cats)
    ])
    let r = try frame.aggregate(
      by: ["K"],
      specs: [
        AggregateSpec(
          column: "X", functions: [.count, .sum, .mean, .min, .max, .var, .median, .nunique, .first, .last]),
        AggregateSpec(column: "C", functions: [.shares])
      ], prefix: "P_")

    var order: [Int64] = []
    var rows: [Int64: [Int]] = [:]
    for i in 0..<n where valid[i] {
      if rows[keys[i]] == nil { order.append(keys[i]) }
      rows[keys[i], default: []].append(i)
    }
    #expect(r.rowCount == order.count, "round \(round)")
    #expect(r["K"]!.doubles()! == order.map(Double.init))
    for (g, key) in order.enumerated() {
      let v = rows[key]!.map { xs[$0] }.filter { !$0.isNaN }
      let mean = v.isEmpty ? Double.nan : v.reduce(0, +) / Double(v.count)
      let variance = v.count < 2 ? Double.nan : v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1)
      let sorted = v.sorted()
      let median =
        v.isEmpty
        ? Double.nan : (v.count % 2 == 1 ? sorted[v.count / 2] : (sorted[v.count / 2 - 1] + sorted[v.count / 2]) / 2)
      #expect(floats(r, "P_COUNT")[g] == Double(rows[key]!.count))
      #expect(floats(r, "P_X_COUNT")[g] == Double(v.count))
      #expect(same(floats(r, "P_X_SUM")[g], v.reduce(0, +)))
      #expect(same(floats(r, "P_X_MEAN")[g], mean))
      #expect(same(floats(r, "P_X_MIN")[g], v.min() ?? .nan))
      #expect(same(floats(r, "P_X_MAX")[g], v.max() ?? .nan))
      #expect(same(floats(r, "P_X_VAR")[g], variance, tolerance: 1e-7))
      #expect(same(floats(r, "P_X_MEDIAN")[g], median))
      #expect(floats(r, "P_X_NUNIQUE")[g] == Double(Set(v).count))
      #expect(same(floats(r, "P_X_FIRST")[g], v.first ?? .nan))
      #expect(same(floats(r, "P_X_LAST")[g], v.last ?? .nan))
      let groupCats = rows[key]!.map { cats[$0] }
      for (level, part) in [("A", "A"), ("C d", "C_d")] {
        let share = Double(groupCats.filter { $0 == level }.count) / Double(groupCats.count)
        if let col = r["P_C_\(part)_SHARE"] {
          #expect(same(col.doubleValue(g), share))
        } else {
          #expect(!cats.contains(level))
        }
      }
    }
  }
}

import PSDCore
import PSDTestSupport
import Testing

@testable import PSDData

// A replay aggregates one application's side-table rows through `PreparedAggregate`; the study
// frame was aggregated by `DataFrame.aggregate`. Raw scores must equal the study's bit for bit,
// so both must give the same bits for every function, on any rows.

/// A random side table: two key columns, numbers with missing values of every type, and
/// categorical columns whose levels collide once sanitized ("a b" and "a-b").
private func sideTable(rows: Int, clients: Int, seed: UInt64) throws -> DataFrame {
  var g = TestGenerator(seed: seed)
  var client: [Int64] = [], clientValid: [Bool] = [], bureau: [Int64] = []
  var amount: [Double] = [], days: [Int64] = [], daysValid: [Bool] = [], flag: [Int8] = []
  var status: [String?] = [], kind: [String?] = []
  let statuses = ["0", "1", "C", "X", "a b", "a-b", "Überfällig"]
  for _ in 0..<rows {
    client.append(Int64(100 + g.int(clients)))
    clientValid.append(!g.chance(0.03))
    bureau.append(Int64(g.int(4)))
    // Large and small magnitudes: sums and variances that depend on the order of additions.
    amount.append(g.chance(0.15) ? .nan : (g.unit() - 0.3) * (g.chance(0.5) ? 1e7 : 1))
    days.append(Int64(g.int(3000)) - 2900)
    daysValid.append(!g.chance(0.1))
    flag.append(g.chance(0.1) ? -1 : Int8(g.int(2)))
    status.append(g.chance(0.1) ? nil : statuses[g.int(statuses.count)])
    kind.append(g.chance(0.2) ? nil : ["Consumer credit", "Car loan", "Mortgage"][g.int(3)])
  }
  return try DataFrame(columns: [
    .int("SK_ID_CURR", client, valid: clientValid),
    .int("SK_ID_BUREAU", bureau),
    .float("AMT", amount),
    .int("DAYS", days, valid: daysValid),
    .bool("FLAG", flag),
    .category("STATUS", strings: status),
    .category("KIND", strings: kind)
  ])
}

/// Every bit of two columns: name, type, values (NaN payloads included), masks and levels.
private func identical(_ a: Column, _ b: Column) -> Bool {
  guard a.name == b.name else { return false }
  switch (a.data, b.data) {
  case (.float(let x), .float(let y)): return x.map(\.bitPattern) == y.map(\.bitPattern)
  case (.int(let x, let vx), .int(let y, let vy)): return x == y && vx == vy
  case (.bool(let x), .bool(let y)): return x == y
  case (.category(let x, let lx), .category(let y, let ly)): return x == y && lx == ly
  default: return false
  }
}

@Test(arguments: [["SK_ID_CURR"], ["SK_ID_CURR", "SK_ID_BUREAU"]])
func preparedAggregateGivesTheBatchPathsBits(keys: [String]) throws {
  let numeric = AggregateFunction.allCases.filter { !$0.needsCategory }
  let specs = [
    AggregateSpec(column: "AMT", functions: numeric),
    AggregateSpec(column: "DAYS", functions: numeric),
    AggregateSpec(column: "FLAG", functions: numeric),
    AggregateSpec(column: "STATUS", functions: AggregateFunction.allCases.filter { !$0.needsNumbers }),
    AggregateSpec(column: "*", functions: [.mean, .shares, .counts])
  ]
  let training = try sideTable(rows: 3000, clients: 60, seed: 14)
  let trained = try training.aggregate(by: keys, specs: specs, prefix: "BURO_")
  let schema = trained.schema
  var index: [String: Int] = [:]
  for (i, c) in schema.enumerated() { index[c.name] = i }
  let prepared = try #require(
    PreparedAggregate(
      keys: keys, specs: specs, prefix: "BURO_", sizeColumn: true, input: training.schema, output: schema,
      index: index))

  // New rows: each client's own (one application), one row, none, a few clients, and rows
  // whose key is missing (no group at all).
  let fresh = try sideTable(rows: 400, clients: 60, seed: 15)
  let client = fresh["SK_ID_CURR"]!
  let ids = client.doubles()!
  var cuts: [[Int]] = (100..<160).map { id in
    (0..<fresh.rowCount).filter { !client.isMissing($0) && ids[$0] == Double(id) }
  }
  cuts += [[0], [], Array(0..<40), (0..<fresh.rowCount).filter { client.isMissing($0) }]
  // Each cut twice: gathered (the side table's own level lists, shared from one call to the
  // next) and rebuilt from its labels (levels in first-seen order, as a request's frame has).
  let frames = try cuts.flatMap { rows -> [DataFrame] in
    let cut = fresh.gather(rows)
    let rebuilt = try DataFrame(
      columns: cut.columns.map { c in
        c.type == .category ? .category(c.name, strings: (0..<c.count).map { c.label($0) }) : c
      })
    return [cut, rebuilt]
  }
  for frame in frames {
    let rows = frame.rowCount
    let batch = try FeatureRecipe.conform(
      frame.aggregate(by: keys, specs: specs, prefix: "BURO_"), to: schema, fill: .zero, table: "t",
      index: index)
    #expect(batch.dropped.isEmpty)
    let single = try #require(prepared.aggregate(frame, schema: schema, index: index))
    #expect(single.rowCount == batch.frame.rowCount)
    #expect(single.columns.count == batch.frame.columns.count)
    for (a, b) in zip(single.columns, batch.frame.columns) {
      #expect(identical(a, b), "\(a.name) differs on \(rows) rows")
    }
  }
}

@Test func preparedAggregateLeavesALevelTrainingNeverSawToTheGeneralPath() throws {
  let specs = [AggregateSpec(column: "STATUS", functions: [.shares])]
  let training = try sideTable(rows: 500, clients: 10, seed: 3)
  let schema = try training.aggregate(by: ["SK_ID_CURR"], specs: specs).schema
  var index: [String: Int] = [:]
  for (i, c) in schema.enumerated() { index[c.name] = i }
  let prepared = try #require(
    PreparedAggregate(
      keys: ["SK_ID_CURR"], specs: specs, prefix: "", sizeColumn: true, input: training.schema, output: schema,
      index: index))
  let unseen = try DataFrame(
    columns: training.columns.map { c in
      c.name == "STATUS" ? .category("STATUS", strings: ["new level"]) : c.gather([0])
    })
  // The general path notes the column it drops; the prepared one does not guess.
  #expect(prepared.aggregate(unseen, schema: schema, index: index) == nil)
}

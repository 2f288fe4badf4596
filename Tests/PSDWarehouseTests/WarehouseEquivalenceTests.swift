import Foundation
import Testing
import PSDTestSupport
import PSDCore
import PSDData
@testable import PSDModels
@testable import PSDWarehouse

/// In CI the servers must be there: a missing server is a failure, not a skip.
@Test func warehouseServersAreRunningInCI() {
  if Servers.available { return }
  if Servers.environment["CI"] == "true" {
    Issue.record("CI=true but \(Servers.reason)")
  } else {
    print("note: \(Servers.reason)")
  }
}

/// Every pushed-down result equals the in-memory result on the same rows, on a single node and
/// on two shards: counts exactly, moments to rounding, quartiles within the reported bin width.
@Suite(.enabled(if: Servers.available, "\(Servers.reason)"))
struct WarehouseEquivalenceTests {
  @Test(arguments: Servers.layouts)
  func describeByTargetMatchesMemory(_ layout: String) throws {
    let app = try sample("application_train")
    let memory = try Describe.grouped(app, by: "TARGET", topLevels: 3)
    let wh = try Servers.warehouse(layout)
    let remote = try RemoteDescribe.describe(try RemoteFrame.table(wh, "application_train"), by: "TARGET", topLevels: 3)
    #expect(remote.classes.map(\.label) == memory.groups.map(\.label))
    for (group, other) in zip(memory.groups, remote.classes) {
      #expect(group.description.rows == other.description.rows)
      let remoteByName = Dictionary(uniqueKeysWithValues: other.description.columns.map { ($0.name, $0) })
      #expect(remoteByName.count == group.description.columns.count)
      for column in group.description.columns {
        guard let r = remoteByName[column.name] else { Issue.record("no \(column.name)"); continue }
        switch (column.statistics, r.statistics) {
        case (.numeric(let a), .numeric(let b)):
          #expect(a.count == b.count && a.missing == b.missing, "\(column.name) counts")
          #expect(a.min.isNaN && b.min.isNaN || a.min == b.min, "\(column.name) min")
          #expect(a.max.isNaN && b.max.isNaN || a.max == b.max, "\(column.name) max")
          #expect(close(a.mean, b.mean), "\(column.name) mean \(a.mean) vs \(b.mean)")
          #expect(close(a.std, b.std, relative: 1e-7), "\(column.name) std \(a.std) vs \(b.std)")
          let width = remote.binWidths[column.name]!
          for (x, y) in [(a.q25, b.q25), (a.median, b.median), (a.q75, b.q75)] {
            #expect(
              x.isNaN && y.isNaN || abs(x - y) <= width * (1 + 1e-9) + 1e-12,
              "\(column.name) quantile \(x) vs \(y), bin width \(width)")
          }
        case (.category(let a), .category(let b)):
          #expect(a.count == b.count && a.missing == b.missing && a.distinct == b.distinct, "\(column.name)")
          #expect(a.top.map(\.count) == b.top.map(\.count), "\(column.name) top counts")
        default: Issue.record("\(column.name): types differ")
        }
      }
    }
  }

  @Test(arguments: Servers.layouts)
  func aggregateAndJoinMatchMemory(_ layout: String) throws {
    let bureau = try sample("bureau"), app = try sample("application_train")
    let specs = [
      AggregateSpec(column: "AMT_CREDIT_SUM", functions: [.count, .sum, .mean, .min, .max, .std, .var, .nunique]),
      AggregateSpec(column: "CREDIT_ACTIVE", functions: [.counts, .shares, .nunique]),
      AggregateSpec(column: "DAYS_CREDIT", functions: [.mean])
    ]
    let memory = try bureau.aggregate(by: ["SK_ID_CURR"], specs: specs, prefix: "BURO_")
    let joinedMemory = try app.selecting(["SK_ID_CURR", "TARGET"]).join(memory, on: ["SK_ID_CURR"], kind: .left)

    let wh = try Servers.warehouse(layout)
    let aggregated = try RemoteFeatures.aggregate(
      try RemoteFrame.table(wh, "bureau"), by: ["SK_ID_CURR"],
      specs: specs, prefix: "BURO_")
    let slim = try RemoteFrame.query(wh, "SELECT \"SK_ID_CURR\", \"TARGET\" FROM application_train")
    let joined = try RemoteFeatures.join(slim, aggregated, on: ["SK_ID_CURR"], kind: .left)
    for (expected, remote) in [(memory, aggregated), (joinedMemory, joined)] {
      let pulled = try RemoteRows.collect(remote)
      #expect(Set(pulled.columnNames) == Set(expected.columnNames))
      let aligned = try inRowOrder(of: expected, pulled, key: "SK_ID_CURR").selecting(expected.columnNames)
      expectFramesEqual(
        aligned, expected, tolerance: Tolerance(absolute: 1e-9, relative: 1e-9),
        numericTypesMayDiffer: true, layout)
    }
  }

  @Test(arguments: Servers.layouts)
  func collectGivesTheSameRows(_ layout: String) throws {
    let app = try sample("application_train")
    let pulled = try RemoteRows.collect(try RemoteFrame.table(try Servers.warehouse(layout), "application_train"))
    expectFramesEqual(try inRowOrder(of: app, pulled, key: "SK_ID_CURR"), app, layout)
  }

  /// Bin counts by class equal the in-memory counts; PSI from them equals psd's PSI to 1e-12.
  @Test(arguments: Servers.layouts)
  func binCountsAndPSIMatchMemory(_ layout: String) throws {
    let train = try sample("application_train"), test = try sample("application_test")
    let wh = try Servers.warehouse(layout)
    let remoteTrain = try RemoteFrame.table(wh, "application_train"),
      remoteTest = try RemoteFrame.table(wh, "application_test")
    for name in ["EXT_SOURCE_2", "AMT_CREDIT", "DAYS_EMPLOYED", "OWN_CAR_AGE"] {
      let values = try train.column(name).doubles()!
      let edges = decileEdges(values)
      let counts = try BinCounts.numeric(remoteTrain, column: name, edges: edges, target: "TARGET")
      let labels = try FeatureMatrix.targetLabels(train, target: "TARGET")
      for (k, cls) in counts.classes.enumerated() {
        let rows = values.indices.filter { labels[$0] == (cls == "1") }
        let shares = numericShares(rows.map { values[$0] }, edges: edges)
        let expected = shares.map { Int(($0 * Double(rows.count)).rounded()) }
        #expect(counts.counts.map { $0[k] } == expected, "\(name) class \(cls)")
      }
      let current = try BinCounts.numeric(remoteTest, column: name, edges: edges)
      let psi = populationStabilityIndex(expected: counts.shares, actual: current.shares)
      let memory = populationStability(reference: try train.selecting([name]), current: try test.selecting([name]))[0]
        .psi
      #expect(abs(psi - memory) <= 1e-12, "\(name): \(psi) vs \(memory)")
    }
    let categorical = try BinCounts.categorical(remoteTrain, column: "NAME_EDUCATION_TYPE", target: "TARGET")
    let column = try train.column("NAME_EDUCATION_TYPE"), target = try train.column("TARGET")
    for (b, label) in categorical.labels.enumerated() {
      for (k, cls) in categorical.classes.enumerated() {
        let n = (0..<train.rowCount).filter { (column.label($0) ?? "missing") == label && target.text($0) == cls }.count
        #expect(categorical.counts[b][k] == n, "\(label) \(cls)")
      }
    }
    let reference = try BinCounts.categorical(remoteTrain, column: "NAME_EDUCATION_TYPE")
    let current = try BinCounts.categorical(remoteTest, column: "NAME_EDUCATION_TYPE")
    let labels = BinCounts.unionLabels(reference, current)
    let psiCategory = populationStabilityIndex(
      expected: reference.shares(over: labels), actual: current.shares(over: labels))
    let memoryCategory = populationStability(
      reference: try train.selecting(["NAME_EDUCATION_TYPE"]),
      current: try test.selecting(["NAME_EDUCATION_TYPE"]))[0].psi
    #expect(abs(psiCategory - memoryCategory) <= 1e-12)
  }

  /// `psi` of two warehouse frames equals the in-memory PSI of every column (exact deciles).
  @Test func psiOfWarehouseFramesMatchesMemory() throws {
    let train = try sample("application_train"), test = try sample("application_test")
    let memory = populationStability(reference: train, current: test, skip: ["SK_ID_CURR", "TARGET"])
    let wh = try Servers.warehouse("single")
    let remote = try RemoteStability.populationStability(
      reference: try RemoteFrame.table(wh, "application_train"), current: try RemoteFrame.table(wh, "application_test"),
      skip: ["SK_ID_CURR", "TARGET"])
    #expect(remote.count == memory.count)
    let byName = Dictionary(uniqueKeysWithValues: remote.map { ($0.feature, $0) })
    for m in memory {
      guard let r = byName[m.feature] else { Issue.record("no PSI for \(m.feature)"); continue }
      #expect(
        abs(r.psi - m.psi) <= 1e-12 && r.bins == m.bins,
        "\(m.feature): \(r.psi) vs \(m.psi), \(r.bins) vs \(m.bins) bins")
    }
    let shards = try Servers.warehouse("shards")
    #expect(throws: PSDError.self) {
      try RemoteStability.populationStability(
        reference: try RemoteFrame.table(shards, "application_train"),
        current: try RemoteFrame.table(shards, "application_test"))
    }
  }

  @Test(arguments: Servers.layouts)
  func sampleIsStratifiedExactAndRepeatable(_ layout: String) throws {
    let app = try sample("application_train")
    let defaults = try FeatureMatrix.targetLabels(app, target: "TARGET").filter { $0 }.count
    let remote = try RemoteFrame.table(try Servers.warehouse(layout), "application_train")
    let a = try RemoteRows.sample(remote, by: "TARGET", n: 600, seed: 1)
    let b = try RemoteRows.sample(remote, by: "TARGET", n: 600, seed: 1)
    let c = try RemoteRows.sample(remote, by: "TARGET", n: 600, seed: 2)
    #expect(a.rowCount == 600)
    let sampledDefaults = try FeatureMatrix.targetLabels(a, target: "TARGET").filter { $0 }.count
    let expected = 600 * Double(defaults) / Double(app.rowCount)
    #expect(abs(Double(sampledDefaults) - expected) <= 2, "\(sampledDefaults) defaults, expected about \(expected)")
    let ids = { (f: DataFrame) in Set(try (0..<f.rowCount).map { try f.column("SK_ID_CURR").text($0) }) }
    #expect(try ids(a) == ids(b))
    #expect(try ids(a) != ids(c))
    #expect(try RemoteRows.sample(remote, by: "TARGET", n: 1_000_000).rowCount == app.rowCount)
  }
}

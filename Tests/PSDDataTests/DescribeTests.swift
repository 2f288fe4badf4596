import PSDTestSupport
import Testing
import PSDCore
@testable import PSDData

@Suite struct DescribeTests {
  @Test func numericStatisticsMatchPandas() {
    // pandas: Series([1, 2, 3, 4, None]).describe()
    let summary = Describe.column(.float("x", [1, 2, .nan, 3, 4]))
    guard case .numeric(let s) = summary.statistics else {
      Issue.record("not numeric")
      return
    }
    #expect(s.count == 4)
    #expect(s.missing == 1)
    #expect(summary.missingPercent == 20)
    #expect(s.mean == 2.5)
    #expect(abs(s.std - 1.2909944487358056) < 1e-15)
    #expect(s.min == 1)
    #expect(s.q25 == 1.75)
    #expect(s.median == 2.5)
    #expect(s.q75 == 3.25)
    #expect(s.max == 4)
    #expect(!s.isInteger)
  }

  @Test func intColumnWithMissingMaskAndEmptyColumn() {
    let summary = Describe.column(.int("DAYS", [-10, 0, 99], valid: [true, false, true]))
    guard case .numeric(let s) = summary.statistics else {
      Issue.record("not numeric")
      return
    }
    #expect(s.count == 2 && s.missing == 1 && s.isInteger)
    #expect(s.mean == 44.5)
    let empty = Describe.column(.float("e", [.nan, .nan]))
    guard case .numeric(let e) = empty.statistics else { return }
    #expect(e.count == 0 && e.missing == 2 && e.mean.isNaN)
  }

  @Test func categoryTopValuesByCountThenFirstSeen() {
    let column = Column.category("kind", strings: ["b", "a", "b", nil, "c", "a", "b", "d"])
    guard case .category(let s) = Describe.column(column, topLevels: 3).statistics else {
      Issue.record("not categorical")
      return
    }
    #expect(s.count == 7 && s.missing == 1 && s.distinct == 4)
    #expect(s.top.map(\.label) == ["b", "a", "c"])
    #expect(s.top.map(\.count) == [3, 2, 1])
  }

  @Test func groupedByTargetSortsClassesAndSkipsTheTarget() throws {
    let frame = try DataFrame(columns: [
      .int("TARGET", [1, 0, 0, 1, 0, 0], valid: [true, true, true, true, true, false]),
      .float("AMT", [10, 1, 2, 20, 3, 4])
    ])
    let grouped = try Describe.grouped(frame, by: "TARGET")
    #expect(grouped.groups.map(\.label) == ["0", "1", "missing"])
    #expect(grouped.groups.map(\.description.rows) == [3, 2, 1])
    #expect(grouped.groups[0].description.columns.map(\.name) == ["AMT"])
    guard case .numeric(let s) = grouped.groups[1].description.columns[0].statistics else { return }
    #expect(s.mean == 15)
  }

  @Test func groupedRejectsUnknownAndHighCardinalityTargets() throws {
    let frame = try DataFrame(columns: [.int("TARGET", [0, 1]), .int("SK_ID_CURR", Array(0..<2))])
    do {
      _ = try Describe.grouped(frame, by: "TARGT", frameName: "app")
      Issue.record("unknown target accepted")
    } catch let error as PSDError {
      #expect(error.message == "no column 'TARGT' in 'app'")
      #expect(error.notes == ["did you mean 'TARGET'?"])
    }
    let wide = try DataFrame(columns: [.int("SK_ID_CURR", (0..<50).map { Int64($0) })])
    #expect(throws: PSDError.self) { try Describe.grouped(wide, by: "SK_ID_CURR") }
  }

  @Test func selectionQuantilesEqualSortedQuantiles() {
    var rng = TestGenerator(seed: 20261206)
    for n in [1, 2, 3, 4, 5, 7, 10, 101, 1000, 4097] {
      for distinct in [2, 5, 1_000_000] {
        let values = (0..<n).map { _ in Double(Int.random(in: 0..<distinct, using: &rng)) * 0.5 }
        var copy = values
        let s = Describe.numeric(&copy, missing: 0, isInteger: false)
        let sorted = values.sorted()
        func reference(_ q: Double) -> Double {
          let position = q * Double(n - 1)
          let lower = Int(position.rounded(.down))
          let upper = min(lower + 1, n - 1)
          let fraction = position - Double(lower)
          return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
        }
        #expect(s.q25 == reference(0.25), "n=\(n) distinct=\(distinct)")
        #expect(s.median == reference(0.5), "n=\(n) distinct=\(distinct)")
        #expect(s.q75 == reference(0.75), "n=\(n) distinct=\(distinct)")
        #expect(s.min == sorted.first && s.max == sorted.last)
      }
    }
  }
}

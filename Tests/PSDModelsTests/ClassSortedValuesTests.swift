import Testing
@testable import PSDModels

/// Each class's values without the missing ones, sorted: the same bits as filtering and sorting
/// with the standard library, signed zeros in their order of appearance, for a numeric feature;
/// nothing for a categorical one.
@Test func classSortedValuesSplitTheClassesAndDropMissingValues() {
  var g = ModelRandom(seed: 11)
  let n = 3_001
  let labels = (0..<n).map { _ in g.unit() < 0.1 }
  let column: [Double] = (0..<n).map { i in
    switch i % 6 {
    case 0: return .nan
    case 1: return i % 4 == 1 ? -0.0 : 0
    case 2: return -.infinity
    default: return (g.unit() - 0.4) * 1e4
    }
  }
  let x = FeatureMatrix(
    features: [FeatureSpec(name: "A"), FeatureSpec(name: "C", levels: ["x", "y"])],
    columns: [column, column.map { $0.isNaN ? .nan : 1 }], rowCount: n)
  let sorted = ClassSortedValues(x, labels: labels)
  func expected(bad: Bool) -> [UInt64] {
    column.indices.filter { labels[$0] == bad && !column[$0].isNaN }.map { column[$0] }.sorted().map(\.bitPattern)
  }
  #expect(sorted.perFeature[0]?.good.map(\.bitPattern) == expected(bad: false))
  #expect(sorted.perFeature[0]?.bad.map(\.bitPattern) == expected(bad: true))
  #expect(sorted.perFeature[1] == nil)
}

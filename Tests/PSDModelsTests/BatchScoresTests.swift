import Testing
@testable import PSDModels

/// `rawScores` of many rows (blocks of rows, four walked side by side with branch-free steps)
/// against one row at a time: the same bits, with missing values, a categorical feature (its
/// trees keep the row-by-row walk) and a last block of odd size.
@Test func blockScoresAreTheBitsOfOneRowAtATime() throws {
  var g = ModelRandom(seed: 11)
  let rows = 1_003
  var a: [Double] = [], b: [Double] = [], c: [Double] = [], labels: [Bool] = []
  for i in 0..<rows {
    let x0 = g.unit() * 10, x1 = g.unit()
    a.append(i % 7 == 0 ? .nan : x0)
    b.append(i % 11 == 0 ? .nan : x1)
    c.append(i % 13 == 0 ? .nan : Double(i % 5))
    labels.append(g.unit() < sigmoid(ModelTestData.logOdds(x0, x1) + (i % 5 == 2 ? 1.5 : 0)))
  }
  let x = FeatureMatrix(
    features: [
      FeatureSpec(name: "A"), FeatureSpec(name: "B"), FeatureSpec(name: "C", levels: ["p", "q", "r", "s", "t"])
    ],
    columns: [a, b, c], rowCount: rows)
  var options = GBDTOptions()
  options.trees = 40
  options.leaves = 8
  let model = try GBDTTrainer.train(x, labels: labels, options: options)
  #expect(model.trees.contains { $0.nodes.contains { $0.categoriesLeft != nil } })
  #expect(model.trees.contains { $0.nodes.allSatisfy { $0.categoriesLeft == nil } })
  let batch = model.rawScores(x)
  let alone = (0..<rows).map { model.rawScores(x.gather([$0]))[0] }
  let differing = (0..<rows).filter { batch[$0].bitPattern != alone[$0].bitPattern }
  #expect(differing.isEmpty, "rows scored differently in a block: \(differing.prefix(10))")
  // Fewer rows than a block take the trees' own walk: the same bits again.
  let few = x.gather(Array(0..<63))
  let fewScores = model.rawScores(few)
  #expect((0..<63).allSatisfy { fewScores[$0].bitPattern == batch[$0].bitPattern })
}

/// A numeric split whose threshold is NaN (a model file can hold one) sends every value right,
/// missing ones by their default side: blocks of rows decide it as the tree does.
@Test func blockScoresFollowATreeWithANaNThreshold() {
  var root = TreeNode()
  root.feature = 0
  root.threshold = .nan
  root.defaultLeft = true
  root.left = 1
  root.right = 2
  var left = TreeNode(), right = TreeNode()
  left.value = -1
  right.value = 1
  let model = BoostedTrees(trees: [DecisionTree(nodes: [root, left, right])], baseScore: 0)
  let column = (0..<100).map { $0 % 3 == 0 ? Double.nan : Double($0) }
  let x = FeatureMatrix(features: [FeatureSpec(name: "A")], columns: [column], rowCount: column.count)
  let batch = model.rawScores(x)
  #expect((0..<100).allSatisfy { batch[$0] == model.rawScores(x.gather([$0]))[0] })
  #expect(batch[0] == -1 && batch[1] == 1)
}

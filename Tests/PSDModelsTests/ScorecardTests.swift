import Foundation
import Testing
import PSDCore
import PSDData
@testable import PSDModels

// MARK: the merge DP against brute force

/// Every contiguous partition of m pre-bins (2^(m−1) of them) checked against the constraints:
/// the best IV the DP must find.
private func bruteForceBest(good: [Int], bad: [Int], constraints: OptimalMerge.Constraints) -> Double? {
  let m = good.count
  let totalGood = good.reduce(0, +), totalBad = bad.reduce(0, +)
  var best: Double? = nil
  for mask in 0..<(1 << (m - 1)) {
    var groups: [Range<Int>] = [], start = 0
    for cut in 0..<(m - 1) where mask & (1 << cut) != 0 {
      groups.append(start..<(cut + 1)); start = cut + 1
    }
    groups.append(start..<m)
    if groups.count > constraints.maxBins { continue }
    var ok = true, iv = 0.0, previous: Double? = nil
    for g in groups {
      let gg = good[g].reduce(0, +), bb = bad[g].reduce(0, +)
      if gg == 0 || bb == 0 || gg + bb < constraints.minCount { ok = false; break }
      let rate = Double(bb) / Double(gg + bb)
      if let p = previous {
        if constraints.trend == .ascending && !(p < rate) { ok = false; break }
        if constraints.trend == .descending && !(p > rate) { ok = false; break }
      }
      previous = rate
      iv += Evidence.iv(good: gg, bad: bb, totalGood: totalGood, totalBad: totalBad)
    }
    if ok, best == nil || iv > best! { best = iv }
  }
  return best
}

@Test func mergeIsOptimalAgainstBruteForce() {
  var g = ModelRandom(seed: 18)
  var checked = 0
  for trial in 0..<300 {
    let m = 2 + g.below(9)  // up to 10 pre-bins: 512 partitions
    let good = (0..<m).map { _ in g.below(60) }
    let bad = (0..<m).map { _ in g.below(12) }
    let trend: MonotoneTrend = [.ascending, .descending, .none][trial % 3]
    let constraints = OptimalMerge.Constraints(maxBins: 1 + g.below(m), minCount: g.below(80), trend: trend)
    let totalGood = good.reduce(0, +), totalBad = bad.reduce(0, +)
    let dp = OptimalMerge.solve(
      good: good, bad: bad, totalGood: totalGood, totalBad: totalBad, constraints: constraints)
    let brute = bruteForceBest(good: good, bad: bad, constraints: constraints)
    #expect((dp == nil) == (brute == nil), "trial \(trial): feasibility differs")
    if let dp, let brute {
      #expect(abs(dp.iv - brute) < 1e-12, "trial \(trial): DP \(dp.iv) vs brute force \(brute)")
      // The groups it returns cover every pre-bin, in order, and really have that IV.
      #expect(dp.groups.first?.lowerBound == 0 && dp.groups.last?.upperBound == m)
      var iv = 0.0
      for r in dp.groups {
        let gg: Int = good[r].reduce(0, +), bb: Int = bad[r].reduce(0, +)
        iv += Evidence.iv(good: gg, bad: bb, totalGood: totalGood, totalBad: totalBad)
      }
      #expect(abs(iv - dp.iv) < 1e-12)
      checked += 1
    }
  }
  #expect(checked > 100)
}

@Test func ascendingMergeRespectsTheTrend() {
  // Rates 10%, 30%, 20%, 40%: the dip must be merged away.
  let good = [90, 70, 80, 60], bad = [10, 30, 20, 40]
  let s = OptimalMerge.solve(
    good: good, bad: bad, totalGood: 300, totalBad: 100,
    constraints: .init(maxBins: 4, minCount: 1, trend: .ascending))!
  let rates = s.groups.map { (r: Range<Int>) -> Double in
    let b: Int = bad[r].reduce(0, +), g: Int = good[r].reduce(0, +)
    return Double(b) / Double(g + b)
  }
  #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 < $1 })
  #expect(s.groups.count == 3)
}

// MARK: WoE and IV

@Test func woeAndIVFollowTheDefinition() {
  // 40 % of the goods and 10 % of the bads: WoE = ln(4), IV contribution = 0.3 · ln 4.
  #expect(abs(Evidence.woe(good: 400, bad: 10, totalGood: 1000, totalBad: 100) - log(4)) < 1e-15)
  #expect(abs(Evidence.iv(good: 400, bad: 10, totalGood: 1000, totalBad: 100) - 0.3 * log(4)) < 1e-15)
  // A riskier bin has a negative WoE and still a positive IV.
  #expect(Evidence.woe(good: 100, bad: 40, totalGood: 1000, totalBad: 100) < 0)
  #expect(Evidence.iv(good: 100, bad: 40, totalGood: 1000, totalBad: 100) > 0)
  #expect(Evidence.woe(good: 0, bad: 5, totalGood: 1000, totalBad: 100) == 0)
}

/// A frame whose default rate falls with SCORE, rises for a risky level of KIND, and is higher
/// when SCORE is missing.
private func creditFrame(rows: Int = 4000, seed: UInt64 = 7) throws -> DataFrame {
  var g = ModelRandom(seed: seed)
  var score: [Double] = [], noise: [Double] = [], kind: [String?] = [], target: [Int64] = []
  for _ in 0..<rows {
    let s = g.unit()
    let k = ["Working", "Pensioner", "Unemployed", nil][g.below(4)]
    let missing = g.unit() < 0.1
    var logOdds = -2.5 + 3 * (0.5 - s)
    if k == "Unemployed" { logOdds += 1.2 }
    if missing { logOdds += 0.8 }
    score.append(missing ? .nan : s)
    noise.append(g.unit())
    kind.append(k)
    target.append(g.unit() < sigmoid(logOdds) ? 1 : 0)
  }
  return try DataFrame(columns: [
    .float("SCORE", score), .float("NOISE", noise),
    .category("KIND", strings: kind), .int("TARGET", target)
  ])
}

@Test func binningFindsTheTrendKeepsMissingAndMinimumSize() throws {
  let frame = try creditFrame()
  var o = BinningOptions()
  o.maxBins = 6
  let b = try Binning.fit(frame, target: "TARGET", options: o)
  let score = b["SCORE"]!
  #expect(score.trend == .descending)
  #expect(score.bins.count <= 7)
  let rates = score.bins.dropLast().map(\.badRate)
  #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 })
  #expect(score.bins.last!.count == frame["SCORE"]!.missingCount)
  for bin in score.bins.dropLast() { #expect(bin.count >= 200) }
  // Counts add up, and the IV is the sum of the bins' parts recomputed from the counts.
  #expect(score.bins.reduce(0) { $0 + $1.count } == frame.rowCount)
  var iv = 0.0
  for bin in score.bins {
    iv += Evidence.iv(good: bin.good, bad: bin.bad, totalGood: score.totalGood, totalBad: score.totalBad)
  }
  #expect(abs(iv - score.iv) < 1e-12)
  // The strong feature ranks first, the noise last and useless.
  #expect(b.ranked.first?.feature == "SCORE")
  #expect(b.ranked.last?.feature == "NOISE")
  #expect(Binning.band(b["NOISE"]!.iv) == "useless")
  // Categories: the risky level in the last bin, missing labels in the Missing bin.
  let kind = b["KIND"]!
  guard case .categorical(let groups) = kind.rule else { Issue.record("KIND not categorical"); return }
  #expect(groups.last!.contains("Unemployed"))
  #expect(kind.bins.last!.count == frame["KIND"]!.missingCount)
}

@Test func monotoneNoneNeverHasLessIV() throws {
  let frame = try creditFrame(rows: 1500, seed: 3)
  for column in ["SCORE", "NOISE"] {
    var o = BinningOptions()
    let auto = try FeatureBinning.fit(
      frame[column]!, labels: try FeatureMatrix.targetLabels(frame, target: "TARGET"), options: o)
    o.trend = .none
    let free = try FeatureBinning.fit(
      frame[column]!, labels: try FeatureMatrix.targetLabels(frame, target: "TARGET"), options: o)
    #expect(free.iv >= auto.iv - 1e-12)
  }
}

@Test func woeFrameReplacesBinnedColumns() throws {
  let frame = try creditFrame(rows: 1000)
  let b = try Binning.fit(frame, target: "TARGET", columns: ["SCORE", "KIND"])
  let w = try b.woeFrame(frame)
  let score = b["SCORE"]!
  let values = w["SCORE"]!.doubles()!
  for row in 0..<50 {
    let x = frame["SCORE"]!.doubles()![row]
    #expect(values[row] == score.bins[score.bin(number: x)].woe)
  }
  #expect(w["NOISE"]!.doubles()! == frame["NOISE"]!.doubles()!)
  #expect(w["KIND"]!.type == .float)
}

@Test func quantileSplitsAreDistinctDataValues() {
  let values: [Double] = [1, 1, 1, 1, 2, 3, 4, 5, .nan, 6, 7, 8]
  let s = FeatureBinning.quantileSplits(values, count: 4)
  #expect(s == Array(Set(s)).sorted())
  #expect(s.allSatisfy { values.contains($0) && $0 > 1 })
}

// MARK: points

@Test func pointsFollowPDOAndAddUpToTheScore() throws {
  let frame = try creditFrame()
  let b = try Binning.fit(frame, target: "TARGET")
  let (model, selection) = try CreditModel.trainScorecard(on: frame, target: "TARGET", binning: b)
  guard case .scorecard(let card) = model.estimator else { Issue.record("not a scorecard"); return }
  #expect(card.binnings.map(\.feature).contains("SCORE"))
  #expect(!card.binnings.map(\.feature).contains("NOISE"))
  #expect(selection.steps.first { $0.feature == "NOISE" }?.kept == false)
  #expect(card.coefficients.allSatisfy { $0 < 0 })
  let s = card.scaling
  // 600 points at odds 50:1, 20 more points double the odds.
  #expect(abs(card.score(raw: -log(50)) - 600) < 1e-9)
  #expect(abs(card.score(raw: -log(100)) - 620) < 1e-9)
  #expect(abs(s.factor - 20 / log(2)) < 1e-12)
  let m = try model.featureMatrix(frame)
  let raw = model.rawScores(m)
  let bins = card.bins(m)
  for row in 0..<200 {
    var points = 0.0
    for f in card.binnings.indices { points += card.points(feature: f, bin: bins[f][row]) }
    #expect(abs(points - card.score(raw: raw[row])) < 1e-9)
  }
  // Reason codes: points lost against each characteristic's best bin, largest first.
  let breakdown = card.pointsBreakdown(m, row: 0)
  #expect(breakdown.allSatisfy { $0.lost >= -1e-12 })
  #expect(zip(breakdown, breakdown.dropFirst()).allSatisfy { $0.lost >= $1.lost })
  // A scorecard on this data ranks clients well.
  let auc = rocAUC(scores: model.probabilities(m), labels: try FeatureMatrix.targetLabels(frame, target: "TARGET")) ?? 0
  #expect(auc > 0.65)
}

@Test func scorecardSurvivesTheModelFile() throws {
  let frame = try creditFrame(rows: 1500)
  let b = try Binning.fit(frame, target: "TARGET")
  let model = try CreditModel.trainScorecard(on: frame, target: "TARGET", binning: b).model
  let loaded = try ModelFile.decode(try ModelFile.encode(model))
  #expect(loaded.kindName == "scorecard")
  guard case .scorecard(let a) = model.estimator, case .scorecard(let c) = loaded.estimator else {
    Issue.record("not a scorecard"); return
  }
  #expect(a == c)
  #expect(try loaded.probabilities(frame) == (try model.probabilities(frame)))
  // A flipped byte in the scorecard body is caught.
  var bytes = try ModelFile.encode(model)
  bytes[bytes.count - 9] ^= 0x40
  #expect(throws: PSDError.self) { try ModelFile.decode(bytes) }
}

// Found by the model fuzzer in CI: a damaged split count in a scorecard body (with a good
// checksum) reserved 12 GB before the reads failed. Every count, at every offset of the body,
// set to 0xFFFFFFFF is refused with an error; none may allocate past the file.
@Test func damagedScorecardCountsAreRefusedAtEveryOffset() throws {
  let frame = try creditFrame(rows: 1500)
  let b = try Binning.fit(frame, target: "TARGET")
  let bytes = try ModelFile.encode(try CreditModel.trainScorecard(on: frame, target: "TARGET", binning: b).model)
  let json = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
  let body = ModelFile.headerSize + json
  var refused = 0
  for offset in body..<(bytes.count - 3) {
    var damaged = bytes
    for i in 0..<4 { damaged[offset + i] = 0xFF }
    do { _ = try ModelFile.decode(resealed(damaged)) } catch is PSDError { refused += 1 }
  }
  // Most offsets land in a count, a length or a tag; the rest (a WoE, a coefficient) still parse.
  #expect(refused > (bytes.count - body) / 4)
}

@Test func degenerateColumnsStillGetAMissingBin() throws {
  let labels = [true, false, false, true, false, false]
  let options = BinningOptions()
  // Every label missing: only the Missing bin, which holds every row.
  let category = Column.category("C", strings: [nil, nil, nil, nil, nil, nil])
  let c = try FeatureBinning.fit(category, labels: labels, options: options)
  #expect(c.isCategorical && c.bins.count == 1 && c.bins[0].count == 6)
  #expect(try c.bins(of: category) == [0, 0, 0, 0, 0, 0])
  // Every number missing: an empty bin and a full Missing bin.
  let numbers = Column.float("X", [.nan, .nan, .nan, .nan, .nan, .nan])
  let n = try FeatureBinning.fit(numbers, labels: labels, options: options)
  #expect(n.bins.count == 2 && n.bins.last!.count == 6 && n.iv == 0)
  // A constant: one bin, no evidence.
  let constant = Column.float("K", [1, 1, 1, 1, 1, 1])
  let k = try FeatureBinning.fit(constant, labels: labels, options: options)
  #expect(k.bins.count == 2 && k.bins[0].count == 6 && k.iv == 0)
  // A number binned as a category is refused by name.
  #expect(throws: PSDError.self) { try c.bins(of: numbers) }
}

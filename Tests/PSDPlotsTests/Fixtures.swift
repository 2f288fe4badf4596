import Foundation
@testable import PSDPlots

/// Deterministic pseudo-random numbers so golden charts are the same on every machine.
struct SeededRandom {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / Double(UInt64(1) << 53)
  }
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() * Double(range.count)) % range.count
  }
}

/// Credit-shaped sample data for the charts.
enum Fixtures {
  /// Skewed amounts like AMT_CREDIT, with two missing values.
  static func amounts() -> [Double] {
    var r = SeededRandom(1)
    return (0..<2000).map { _ in 45_000 + r.next() * r.next() * 1_500_000 } + [.nan, .nan]
  }

  /// EXT_SOURCE_3-like scores for good (majority) and bad (minority) clients.
  static func scoresByClass() -> (good: [Double], bad: [Double]) {
    var r = SeededRandom(2)
    let good = (0..<1840).map { _ in 0.2 + 0.8 * (1 - r.next() * r.next()) * 0.9 }
    let bad = (0..<160).map { _ in 0.05 + 0.7 * r.next() * r.next() } + [.nan]
    return (good, bad)
  }

  /// A ROC-like curve with a known shape.
  static let rates = stride(from: 0.0, through: 1.0, by: 0.05).map { $0 }
  static let roc = rates.map { 1 - pow(1 - $0, 2.6) }

  static func probabilities() -> (good: [Double], bad: [Double]) {
    var r = SeededRandom(3)
    let good = (0..<1500).map { _ in r.next() * r.next() * 0.7 }
    let bad = (0..<150).map { _ in 0.15 + 0.85 * (1 - r.next() * r.next()) * 0.8 }
    return (good, bad)
  }

  static let contributions: [(label: String, value: Double)] = [
    ("EXT_SOURCE_3 = 0.156", 0.512), ("EXT_SOURCE_2 = 0.262", 0.318), ("DAYS_BIRTH = -9461", 0.121),
    ("AMT_ANNUITY = 24701", -0.087), ("NAME_EDUCATION_TYPE = Secondary", 0.064),
    ("CODE_GENDER = M", 0.052), ("DAYS_EMPLOYED = -637", -0.041), ("AMT_CREDIT = 406598", 0.012),
    ("FLAG_OWN_CAR = N", -0.006)
  ]
}

/// Golden files live next to the tests; PSD_UPDATE_GOLDEN=1 rewrites them (review the diff).
enum Golden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  static func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

  /// The expected text, or nil when the file is missing (then it is written when updating).
  static func check(_ name: String, _ lines: [String]) -> (expected: String?, actual: String) {
    let url = directory.appendingPathComponent(name + ".txt")
    let actual = text(lines)
    if ProcessInfo.processInfo.environment["PSD_UPDATE_GOLDEN"] == "1" {
      try? actual.write(to: url, atomically: true, encoding: .utf8)
    }
    return (try? String(contentsOf: url, encoding: .utf8), actual)
  }
}

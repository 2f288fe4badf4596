@testable import PSDData

/// Small deterministic generator for randomized tests (independent of the one under test).
struct TestRandom {
  var state: UInt64
  init(_ seed: UInt64) { state = seed | 1 }
  mutating func next() -> UInt64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return state
  }
  mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
}

func floats(_ frame: DataFrame, _ name: String) -> [Double] {
  frame[name]!.doubles()!
}

func labels(_ frame: DataFrame, _ name: String) -> [String?] {
  let c = frame[name]!
  return (0..<c.count).map { c.label($0) }
}

/// Equal as numbers, with missing equal to missing and a relative tolerance for sums.
func same(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

func same(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
}

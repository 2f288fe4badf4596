@testable import PSDData

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

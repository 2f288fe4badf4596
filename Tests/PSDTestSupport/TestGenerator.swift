import PSDCore
import PSDData

// The product's seeded generator, named once for the tests. It lives in PSDData today and moves to
// PSDCore (issue 12): both modules are imported here, so the unqualified name resolves either way;
// should it ever not, this line is the one to change.
package typealias ProductSeededGenerator = SeededGenerator

/// Reproducible random test data: the product's SplitMix64 generator (`SeededGenerator(seed:)`),
/// so a seed gives the same values on every machine and Swift version, with the draws tests need.
/// Usable wherever the standard library takes a generator (`Int.random(in:using:)`, `shuffled(using:)`).
package struct TestGenerator: RandomNumberGenerator, Sendable {
  private var base: ProductSeededGenerator

  package init(seed: UInt64) { base = ProductSeededGenerator(seed: seed) }

  package mutating func next() -> UInt64 { base.next() }

  /// Uniform in 0..<n (n > 0), without modulo bias.
  package mutating func int(_ n: Int) -> Int { Int.random(in: 0..<n, using: &self) }

  /// Uniform in [0, 1) with 53 random bits.
  package mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// True with probability p.
  package mutating func chance(_ p: Double) -> Bool { unit() < p }
}

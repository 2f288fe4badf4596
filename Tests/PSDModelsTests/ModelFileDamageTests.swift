import Foundation
import Testing
import PSDCore
import PSDData
@testable import PSDModels

// Issue 13: one flipped bit in the header crashed `load model` before the checksum was checked
// (a body length beyond Int.max trapped). Every damaged header is refused; so is a body whose
// counts promise more than the file holds, even with a matching checksum.

private func smallModel() throws -> CreditModel {
  var g = ModelRandom(seed: 3)
  var a: [Double] = [], t: [Int64] = []
  for _ in 0..<300 {
    let v = g.unit()
    a.append(v)
    t.append(g.unit() < (v > 0.5 ? 0.6 : 0.1) ? 1 : 0)
  }
  let frame = try DataFrame(columns: [.float("EXT_SOURCE", a), .int("TARGET", t)])
  var o = GBDTOptions()
  o.trees = 3
  o.leaves = 4
  return try CreditModel.trainGBDT(on: frame, target: "TARGET", options: o)
}

@Test func everyFlippedHeaderBitIsRefused() throws {
  let bytes = try ModelFile.encode(try smallModel())
  #expect(throws: Never.self) { _ = try ModelFile.decode(bytes) }
  for bit in 0..<(ModelFile.headerSize * 8) {
    var damaged = bytes
    damaged[bit / 8] ^= UInt8(1 << (bit % 8))
    #expect(throws: PSDError.self, "bit \(bit)") { _ = try ModelFile.decode(damaged) }
  }
}

@Test func countsBeyondTheFileAreRefusedEvenWithAGoodChecksum() throws {
  let bytes = try ModelFile.encode(try smallModel())
  let json = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
  // Body: threshold f64, calibration tag u8 (0), estimator tag u8 (1), base f64, best i64,
  // best AUC f64, then the tree count u32.
  let treeCount = ModelFile.headerSize + json + 8 + 1 + 1 + 8 + 8 + 8
  var damaged = bytes
  for i in 0..<4 { damaged[treeCount + i] = 0xFF }
  damaged = resealed(damaged)
  do {
    _ = try ModelFile.decode(damaged)
    Issue.record("decoded 4 billion trees")
  } catch let error as PSDError {
    #expect(error.message == "'model' is corrupted (its model data does not parse)")
  }
}

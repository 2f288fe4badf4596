// libFuzzer target: any bytes as a .psdm model file. `ModelFile.decode` must return a model or
// throw; a crash, a hang or a sanitizer report is a bug. A decoded model is also used (one
// prediction), so a file that passes the checks but holds an inconsistent model is caught too.
// Built by Scripts/fuzz.sh, not by SwiftPM.
import PSDCore
import PSDData
import PSDModels
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  use(try? ModelFile.decode(bytes, name: "fuzz.psdm"))
  // The same bytes with the lengths and checksum made consistent: mutations then reach the
  // description and the body, past the checksum that would refuse nearly all of them.
  if bytes.count >= 32 {
    var fixed = bytes
    let json = Int(fixed[12]) | Int(fixed[13]) << 8 | Int(fixed[14]) << 16 | Int(fixed[15]) << 24
    if json <= fixed.count - 32 {
      put(UInt64(fixed.count - 32 - json), into: &fixed, at: 16)
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      for b in fixed[32...] { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
      put(h, into: &fixed, at: 24)
      use(try? ModelFile.decode(fixed, name: "fuzz.psdm"))
    }
  }
  return 0
}

private func put(_ v: UInt64, into bytes: inout [UInt8], at offset: Int) {
  for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
}

private func use(_ model: CreditModel?) {
  guard let model else { return }
  // Two rows, every feature missing then zero: walks each tree (or the coefficients).
  let x = FeatureMatrix(features: model.features, columns: model.features.map { _ in [.nan, 0] }, rowCount: 2)
  _ = model.probabilities(x)
}

/// With PSD_FUZZ_MODEL_SEEDS=DIR, writes the seed corpus first: a GBDT, a logistic and a
/// scorecard model (each with and without calibration) trained on the bundled sample, as
/// `save model` writes them.
@_cdecl("LLVMFuzzerInitialize")
public func writeModelSeeds(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
  guard let dir = getenv("PSD_FUZZ_MODEL_SEEDS").map({ String(cString: $0) }),
        let sample = getenv("PSD_FUZZ_SAMPLE").map({ String(cString: $0) }),
        let frame = try? CSVReader.read(path: sample).frame else { return 0 }
  let keep: Set = ["TARGET", "EXT_SOURCE_2", "EXT_SOURCE_3", "AMT_CREDIT", "NAME_CONTRACT_TYPE", "CODE_GENDER"]
  let exclude = frame.columns.map(\.name).filter { !keep.contains($0) }
  var o = GBDTOptions()
  o.trees = 8
  o.leaves = 6
  var models: [CreditModel] = []
  if let g = try? CreditModel.trainGBDT(on: frame, target: "TARGET", exclude: exclude, options: o) { models.append(g) }
  if let l = try? CreditModel.trainLogistic(on: frame, target: "TARGET", exclude: exclude) { models.append(l) }
  // A scorecard too: its body (rules, labels, bins) has counts of its own to damage.
  if let small = try? frame.selecting(Array(keep)), let binning = try? Binning.fit(small, target: "TARGET"),
    let card = try? CreditModel.trainScorecard(on: small, target: "TARGET", binning: binning).model
  {
    models.append(card)
  }
  for (k, var model) in models.enumerated() {
    try? ModelFile.save(model, to: "\(dir)/seed-\(k).psdm")
    model.threshold = 0.25
    model.calibration = k == 0 ? .isotonic(x: [0.1, 0.3, 0.7], y: [0.05, 0.2, 0.9]) : .platt(a: 1.1, b: -0.2)
    try? ModelFile.save(model, to: "\(dir)/seed-\(k)-calibrated.psdm")
  }
  return 0
}

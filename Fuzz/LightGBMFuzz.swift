// libFuzzer target: any bytes as a LightGBM text model (`load model "m.txt" format=lightgbm`).
// `LightGBMModelFile.decode` must return a model or throw; a crash, a hang or a sanitizer report
// is a bug. A decoded model is also used (one prediction), so a file that passes the checks but
// holds an inconsistent tree is caught too. Built by Scripts/fuzz.sh, not by SwiftPM.
import PSDCore
import PSDData
import PSDModels

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLightGBMModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let model = try? LightGBMModelFile.decode(text, name: "fuzz.txt") else { return 0 }
  // Two rows, every feature missing then zero: walks each tree.
  let x = FeatureMatrix(features: model.features, columns: model.features.map { _ in [.nan, 0] }, rowCount: 2)
  _ = model.probabilities(x)
  return 0
}

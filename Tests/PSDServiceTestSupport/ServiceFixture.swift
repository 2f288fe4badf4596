import Foundation
import PSDData
import PSDModels
import PSDService

/// A small labelled population and a GBDT trained on it: X (numeric, drives risk), KIND (a
/// category that shifts it), NOISE (numeric, unused by the truth) and some missing values.
package enum ServiceFixture {
  package static let frame: DataFrame = {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func unit() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) / Double(1 << 53)
    }
    let n = 800
    var ids: [Int64] = [], target: [Double] = [], x: [Double] = [], noise: [Double] = [], kind: [String?] = []
    let kinds = ["Working", "Pensioner", "State servant"]
    for i in 0..<n {
      let a = unit() * 10, k = Int(unit() * 3), z = unit()
      let logit = (a - 5) * 0.8 + (k == 1 ? 1.0 : 0.0) - 1.5
      ids.append(Int64(100_000 + i))
      x.append(i % 37 == 0 ? .nan : a)
      noise.append(z)
      kind.append(i % 41 == 0 ? nil : kinds[k])
      target.append(unit() < 1 / (1 + exp(-logit)) ? 1 : 0)
    }
    return try! DataFrame(columns: [
      .int("SK_ID_CURR", ids), .float("TARGET", target), .float("X", x),
      .category("KIND", strings: kind), .float("NOISE", noise)
    ])
  }()

  package static let model: CreditModel = {
    var options = GBDTOptions()
    options.trees = 30
    options.leaves = 7
    options.minLeaf = 10
    var m = try! CreditModel.trainGBDT(on: frame, target: "TARGET", exclude: ["SK_ID_CURR"], options: options)
    m.threshold = 0.3
    m.summary["cost_fn"] = "10.0"
    m.summary["cost_fp"] = "1.0"
    return m
  }()

  package static let service: ScoringService = try! make()

  package static func make(clients: Bool = true, reference: Bool = true) throws -> ScoringService {
    try ScoringService(
      model: model, modelName: "fixture", sha256: String(repeating: "ab", count: 32),
      clients: clients ? ClientTable(frame: frame, model: model, idColumn: "SK_ID_CURR", name: "clients") : nil,
      reference: reference ? ModelRows(frame: frame.gather(Array(0..<400)), model: model, name: "reference") : nil)
  }

  package static func json(_ text: String) -> JSONValue { try! JSONValue.parse(Array(text.utf8)) }

  /// The fields of row r as a posted application.
  package static func fields(_ r: Int) -> String {
    let x = frame["X"]!.doubleValue(r), noise = frame["NOISE"]!.doubleValue(r)
    let kind = frame["KIND"]!.label(r).map { "\"\($0)\"" } ?? "null"
    return #"{"X": \#(x.isNaN ? "null" : String(x)), "KIND": \#(kind), "NOISE": \#(noise)}"#
  }
}

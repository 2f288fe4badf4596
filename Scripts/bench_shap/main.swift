// psd-bench-shap: times psd's TreeSHAP on a LightGBM model dump, for Scripts/bench_shap.py.
// Not a test and not part of the product: it reads a LightGBM `dump_model()` JSON, rebuilds the
// same trees in psd's layout (cover = LightGBM's data counts, which its own TreeSHAP uses), and
// explains rows from a raw float64 file.
//
// usage: psd-bench-shap MODEL.json ROWS.f64 FEATURES OUT_PREFIX [REPEATS [TABLE_SLOTS|none]]
// (TABLE_SLOTS: the explainer's pattern-table bound, `none` for Algorithm 2 alone; A/B runs.)
import Foundation
import PSDModels

func die(_ message: String) -> Never {
  FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
  exit(2)
}

let args = CommandLine.arguments
guard args.count >= 5, let featureCount = Int(args[3]) else {
  die("usage: psd-bench-shap MODEL.json ROWS.f64 FEATURES OUT_PREFIX [REPEATS]")
}
let repeats = args.count > 5 ? Int(args[5]) ?? 5 : 5
let tableSlots: Int? = args.count > 6 ? Int(args[6]) : TreeExplainer.defaultTableSlots

/// LightGBM node (JSON) -> psd nodes, appended depth-first; returns the node's index.
func convert(_ json: [String: Any], into nodes: inout [TreeNode]) -> Int32 {
  let index = nodes.count
  nodes.append(TreeNode())
  if let leafValue = json["leaf_value"] as? Double {
    nodes[index].value = leafValue
    nodes[index].cover = (json["leaf_count"] as? Double) ?? Double(json["leaf_count"] as? Int ?? 0)
    return Int32(index)
  }
  var node = TreeNode()
  node.feature = Int32(json["split_feature"] as! Int)
  node.gain = (json["split_gain"] as? Double) ?? 0
  node.value = (json["internal_value"] as? Double) ?? 0
  node.cover = (json["internal_count"] as? Double) ?? Double(json["internal_count"] as? Int ?? 0)
  let decision = json["decision_type"] as! String
  let missing = json["missing_type"] as? String ?? "None"
  if decision == "==" {
    let text = json["threshold"] as? String ?? String(describing: json["threshold"]!)
    node.categoriesLeft = text.split(separator: "|").compactMap { Int32($0) }.sorted()
    node.defaultLeft = false
  } else {
    node.threshold = json["threshold"] as! Double
    // LightGBM reads NaN as 0 when the feature had no missing values in training.
    node.defaultLeft = missing == "NaN" ? (json["default_left"] as! Bool) : (0 <= node.threshold)
  }
  nodes[index] = node
  let l = convert(json["left_child"] as! [String: Any], into: &nodes)
  let r = convert(json["right_child"] as! [String: Any], into: &nodes)
  nodes[index].left = l
  nodes[index].right = r
  return Int32(index)
}

let modelData = try! Data(contentsOf: URL(fileURLWithPath: args[1]))
let model = try! JSONSerialization.jsonObject(with: modelData) as! [String: Any]
let trees: [DecisionTree] = (model["tree_info"] as! [[String: Any]]).map { info in
  var nodes: [TreeNode] = []
  _ = convert(info["tree_structure"] as! [String: Any], into: &nodes)
  return DecisionTree(nodes: nodes)
}

let raw = try! Data(contentsOf: URL(fileURLWithPath: args[2]))
let values: [Double] = raw.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
let rows = values.count / featureCount
var columns = [[Double]](repeating: [Double](repeating: 0, count: rows), count: featureCount)
for r in 0..<rows { for f in 0..<featureCount { columns[f][r] = values[r * featureCount + f] } }

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// CPU time of the whole process (all threads), to read alongside wall time on a busy machine.
func cpuSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

// Preparing the explainer (flattening the trees) is timed on its own; psd does it once per
// `explain` command.
var explainer: TreeExplainer! = nil
let prepare = seconds {
  explainer = TreeExplainer(trees: trees, baseScore: 0, featureCount: featureCount, tableSlots: tableSlots)
}

var one: [Double] = []
var bestOne = Double.infinity
let firstRow = (0..<featureCount).map { columns[$0][0] }
for _ in 0..<max(repeats * 20, 20) {
  bestOne = min(bestOne, seconds { one = explainer.contributions(row: firstRow) })
}
// The server's call (Scorer, one application on its own thread): one row, no second worker,
// a different row each call; medians of 1,000 (PSD_BENCH_SHAP_SERIAL) of wall time and of the thread's CPU time (which
// leaves out the time the thread waited for a core on a busy machine).
func threadCPUSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
var serial: [Double] = [], serialCPU: [Double] = []
let serialCalls = Int(ProcessInfo.processInfo.environment["PSD_BENCH_SHAP_SERIAL"] ?? "") ?? 1000
for i in 0..<serialCalls {
  let row = (0..<featureCount).map { columns[$0][i % rows] }
  let cpu0 = threadCPUSeconds()
  serial.append(seconds { one = explainer.contributions(row: row, parallel: false) })
  serialCPU.append(threadCPUSeconds() - cpu0)
}
serial.sort()
serialCPU.sort()
let serialMedian = serial[serial.count / 2], serialCPUMedian = serialCPU[serialCPU.count / 2]
var all: [Double] = []
var bestAll = Double.infinity
var cpuAll = Double.infinity
for _ in 0..<repeats {
  let cpu0 = cpuSeconds()
  bestAll = min(bestAll, try! seconds { all = try explainer.contributions(columns: columns, rowCount: rows) })
  cpuAll = min(cpuAll, cpuSeconds() - cpu0)
}
_ = one
// Contributions + base value, row-major, the same layout as LightGBM's pred_contrib.
var out = [Double]()
out.reserveCapacity(rows * (featureCount + 1))
for r in 0..<rows {
  out += all[(r * featureCount)..<((r + 1) * featureCount)]
  out.append(explainer.baseValue)
}
try! out.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: args[4] + ".f64"))
print(
  """
  {"trees": \(trees.count), "rows": \(rows), "features": \(featureCount), \
  "prepare_s": \(prepare), "one_row_s": \(bestOne), "one_row_serial_s": \(serialMedian), \
  "one_row_serial_cpu_s": \(serialCPUMedian), "all_rows_s": \(bestAll), "all_rows_cpu_s": \(cpuAll)}
  """)

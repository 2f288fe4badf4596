// psd-bench-scoring: the latency of scoring ONE raw application through PSDScoring (recipe
// replay + model + 4 reasons), as the API would call it. Not a test; Scripts/bench_scoring.sh
// runs it and Docs/benchmarks.md quotes it.
//   psd-bench-scoring MODEL.psdm DATA_DIR [APPLICATIONS] [ROUNDS]
// Reads the recipe's input tables from DATA_DIR (by their training file names; the applications
// from application_test.csv), cuts out each of the first APPLICATIONS (default 200) applicants'
// own rows (by the id column, then by keys shared with a table already cut, e.g. SK_ID_BUREAU),
// and times `Scorer.score` on each one ROUNDS times (default 5). Prints median and p99 in ms.
import Foundation
import PSDData
import PSDModels
import PSDScoring

let args = CommandLine.arguments
guard args.count >= 3 else {
  FileHandle.standardError.write(
    "usage: psd-bench-scoring MODEL.psdm DATA_DIR [APPLICATIONS] [ROUNDS]\n".data(using: .utf8)!)
  exit(2)
}
let model = try ModelFile.load(from: args[1])
let scorer = Scorer(model: model)
let recipe = try scorer.requireRecipe()
let count = args.count > 3 ? Int(args[3])! : 200
let rounds = args.count > 4 ? Int(args[4])! : 5
guard let id = recipe.idColumn, let apps = recipe.applications else { fatalError("the recipe has no id column") }

var tables: [String: DataFrame] = [:]
for input in recipe.inputs {
  var file = (input.path as NSString).lastPathComponent
  if input.isApplications { file = "application_test.csv" }
  tables[input.name] = try recipe.readInput(input.name, path: (args[2] as NSString).appendingPathComponent(file))
}

/// Row indices of each key value, per table and key column (built once).
func index(_ frame: DataFrame, _ column: String) -> [String: [Int]] {
  var out: [String: [Int]] = [:]
  let c = frame[column]!
  for r in 0..<frame.rowCount where !c.isMissing(r) { out[c.text(r), default: []].append(r) }
  return out
}
var byId: [String: [String: [Int]]] = [:]
for (name, t) in tables where t[id] != nil { byId[name] = index(t, id) }
// Tables without the id column are cut through a key they share with a table that has it.
var linked: [String: (via: String, key: String, index: [String: [Int]])] = [:]
for (name, t) in tables where t[id] == nil {
  for (other, o) in tables where o[id] != nil {
    if let key = t.columnNames.first(where: { $0 != id && o[$0] != nil && $0.hasPrefix("SK_ID") }) {
      linked[name] = (other, key, index(t, key))
    }
  }
}

let applications = tables[apps.name]!
let ids = (0..<min(count, applications.rowCount)).map { applications[id]!.text($0) }
var single: [[String: DataFrame]] = []
for client in ids {
  var cut: [String: DataFrame] = [:]
  for (name, rows) in byId { cut[name] = tables[name]!.gather(rows[client] ?? []) }
  for (name, link) in linked {
    let parent = cut[link.via]!
    let keys = (0..<parent.rowCount).map { parent[link.key]!.text($0) }
    cut[name] = tables[name]!.gather(keys.flatMap { link.index[$0] ?? [] })
  }
  single.append(cut)
}

/// CPU time of the calling thread (ms): on a machine shared with other builds, wall time also
/// counts the time the thread waited for a core; CPU time is the work of the call.
func threadCPU() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}
var times: [Double] = []
var cpu: [Double] = []
var checksum = 0.0
for _ in 0..<rounds {
  for cut in single {
    let cpuStart = threadCPU()
    let start = DispatchTime.now().uptimeNanoseconds
    let batch = try scorer.score(cut, reasons: 4)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    cpu.append(threadCPU() - cpuStart)
    checksum += batch.applications[0].probabilityOfDefault
  }
}
/// The `p` quantile of sorted `xs`.
func quantile(_ xs: [Double], _ p: Double) -> Double { xs[min(xs.count - 1, Int(p * Double(xs.count - 1)))] }
// Where the time goes (PSD_BENCH_BREAKDOWN=1): the recipe replay alone, then the model on the
// replayed features (PD only, then PD + 4 reasons). Medians over the same calls.
if ProcessInfo.processInfo.environment["PSD_BENCH_BREAKDOWN"] != nil {
  func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
  var replay: [Double] = [], pdOnly: [Double] = [], withReasons: [Double] = []
  // Prepared once, as the scorer's own (FeatureRecipe.replay prepares it again on each call).
  let compiled = CompiledRecipe(recipe)
  for cut in single {
    var t = DispatchTime.now().uptimeNanoseconds
    let r = try compiled.replay(cut)
    replay.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    t = DispatchTime.now().uptimeNanoseconds
    _ = try scorer.score(features: r.frame, reasons: 0)
    pdOnly.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    t = DispatchTime.now().uptimeNanoseconds
    _ = try scorer.score(features: r.frame, reasons: 4)
    withReasons.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
  }
  print(
    String(
      format: "breakdown (median): replay %.3f ms, score features reasons=0 %.3f ms, reasons=4 %.3f ms",
      median(replay), median(pdOnly), median(withReasons)))
  if case .gbdt(let b) = model.estimator {
    let explainer = TreeExplainer(trees: b.trees, baseScore: b.baseScore, featureCount: model.features.count)
    var serial: [Double] = [], parallel: [Double] = []
    for cut in single {
      let m = try model.featureMatrix(try compiled.replay(cut).frame)
      let x = m.columns.map { $0[0] }
      var t = DispatchTime.now().uptimeNanoseconds
      _ = explainer.contributions(row: x, parallel: false)
      serial.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
      t = DispatchTime.now().uptimeNanoseconds
      _ = explainer.contributions(row: x, parallel: true)
      parallel.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    print(
      String(format: "TreeSHAP one row (median): serial %.3f ms, two workers %.3f ms", median(serial), median(parallel))
    )
  }
}
times.sort()
let trees: Int
if case .gbdt(let b) = model.estimator { trees = b.trees.count } else { trees = 0 }
cpu.sort()
print(
  String(
    format:
      "single application (%d trees, %d features, 4 reasons): %d calls, median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; thread CPU median %.3f ms, p99 %.3f ms (checksum %.6f)",
    trees, model.features.count, times.count, quantile(times, 0.5), quantile(times, 0.9), quantile(times, 0.99),
    times.last!,
    cpu[cpu.count / 2], cpu[min(cpu.count - 1, Int(0.99 * Double(cpu.count - 1)))], checksum))

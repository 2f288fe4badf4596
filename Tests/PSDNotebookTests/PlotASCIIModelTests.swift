import Testing
import PSDTestSupport
import PSDData
@testable import PSDNotebook

/// A session with a small frame whose default risk follows EXT_SOURCE_3, and a model on it.
private func modelSession() throws -> (Session, CapturingOutput) {
  var settings = Settings()
  settings.width = 64
  let (s, out) = makeSession(baseDirectory: nil, settings: settings)
  let n = 600
  var state: UInt64 = 11
  func uniform() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / Double(UInt64(1) << 53)
  }
  let ids: [Int64] = (0..<n).map { Int64(100_000 + $0) }
  let ext: [Double] = (0..<n).map { _ in uniform() }
  let noise: [Double] = (0..<n).map { _ in uniform() }
  let target: [Int64] = (0..<n).map { i -> Int64 in uniform() < 0.3 * (1 - ext[i]) + 0.02 ? 1 : 0 }
  let columns: [Column] = [
    .int("SK_ID_CURR", ids), .int("TARGET", target), .float("EXT_SOURCE_3", ext),
    .float("NOISE", noise)
  ]
  s.bind("app", .frame(try DataFrame(columns: columns)))
  let setup = "m = train gbdt on app target=TARGET exclude=[SK_ID_CURR] trees=20 leaves=4 min_leaf=10\n"
  #expect(s.run(script: setup, file: "setup.psd") == .succeeded, "\(out.stderr)")
  return (s, out)
}

@Test func modelChartsDrawFromTheModel() throws {
  let (s, out) = try modelSession()
  let script = """
    print "@@"
    plot-ascii roc m on app height=6
    plot-ascii pr m on app height=6
    plot-ascii cost m on app fn=10 fp=1 height=6
    plot-ascii scores m on app height=6
    plot-ascii calibration m on app bins=5 height=6
    plot-ascii waterfall m on app client=100003
    plot-ascii gauge m on app client=100003
    plot-ascii bar importance m
    plot-ascii bar importance m on app
    """
  #expect(s.run(script: script, file: "p.psd") == .succeeded, "\(out.stderr)")
  let text = String(out.stdout[out.stdout.range(of: "@@\n")!.upperBound...])
  for line in text.split(separator: "\n") { #expect(line.count <= 64, "too wide: \(line)") }
  #expect(text.contains("ROC curve of m — AUC 0."))
  #expect(text.contains("precision-recall curve of m — PR-AUC 0."))
  #expect(text.contains("business cost of m by threshold — cheapest at"))
  #expect(text.contains("threshold in use 0.500"))
  #expect(text.contains("score densities of m"))
  #expect(text.contains("calibration of m"))
  #expect(text.contains("client 100003: contributions to the score of m"))
  #expect(text.contains("EXT_SOURCE_3 = "))
  #expect(text.contains("client 100003 "))
  #expect(text.contains("importance of m: total split gain"))
  #expect(text.contains("importance of m on app: mean |contribution|"))
}

@Test func modelChartErrorsNameTheProblem() throws {
  let (s, out) = try modelSession()
  s.keepGoing = true
  _ = s.run(script: "plot-ascii waterfall m on app\n", file: "a.psd")
  #expect(out.stderr.contains("add client=ID"))
  _ = s.run(script: "plot-ascii gauge m on app client=42\n", file: "b.psd")
  #expect(out.stderr.contains("no client 42 in 'app'"))
  _ = s.run(script: "x = select app [SK_ID_CURR, EXT_SOURCE_3, NOISE]\nplot-ascii roc m on x\n", file: "c.psd")
  #expect(out.stderr.contains("'x' has no column 'TARGET'"))
  _ = s.run(script: "y = filter app where TARGET == 0\nplot-ascii roc m on y\n", file: "d.psd")
  #expect(out.stderr.contains("single class of TARGET (no defaults)"))
  _ = s.run(script: "plot-ascii roc app on app\n", file: "e.psd")
  #expect(out.stderr.contains("'app' is a frame, not a model"))
}

/// The same session for PlotSVGTests (ModelCommandTests has its own private `modelSession`).
func chartModelSession() throws -> (Session, CapturingOutput) { try modelSession() }

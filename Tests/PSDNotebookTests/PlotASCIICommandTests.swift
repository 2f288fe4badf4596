import Testing
import PSDTestSupport
import PSDData
@testable import PSDNotebook

/// A session with a small application-like frame bound as `app`.
private func plotSession(width: Int = 60, charset: String = "unicode") throws -> (Session, CapturingOutput) {
  var settings = Settings()
  settings.width = width
  settings.charset = charset
  let (s, out) = makeSession(baseDirectory: nil, settings: settings)
  let n = 200
  let ids: [Int64] = (0..<n).map { Int64(100_000 + $0) }
  let target: [Int64] = (0..<n).map { $0 % 10 == 0 ? 1 : 0 }
  let credit: [Double] = (0..<n).map { i -> Double in
    i % 17 == 3 ? Double.nan : Double((i * 7919) % 1000) * 1_000 + 45_000
  }
  let annuity: [Double] = (0..<n).map { i -> Double in Double((i * 7919) % 1000) * 50 + 2_000 }
  let contract: [String?] = (0..<n).map { i -> String? in
    if i == 5 { return nil }
    return i % 9 == 0 ? "Revolving loans" : "Cash loans"
  }
  let columns: [Column] = [
    .int("SK_ID_CURR", ids), .int("TARGET", target), .float("AMT_CREDIT", credit),
    .float("AMT_ANNUITY", annuity), .float("FLAT", Array(repeating: 1, count: n)),
    .category("NAME_CONTRACT_TYPE", strings: contract)
  ]
  s.bind("app", .frame(try DataFrame(columns: columns)))
  return (s, out)
}

@Test func frameChartsDrawWithinTheWidth() throws {
  let (s, out) = try plotSession()
  let script = """
    plot-ascii hist app.AMT_CREDIT bins=20 height=6
    plot-ascii hist app.AMT_CREDIT by TARGET bins=10 height=6
    plot-ascii hist app.AMT_CREDIT by TARGET layout=overlay height=6
    plot-ascii bar app.NAME_CONTRACT_TYPE
    plot-ascii hist app.AMT_CREDIT by TARGET height=6 client=100007
    plot-ascii bar app.TARGET
    plot-ascii scatter app.AMT_CREDIT app.AMT_ANNUITY height=6
    """
  #expect(s.run(script: script, file: "p.psd") == .succeeded, "\(out.stderr)")
  for line in out.stdout.split(separator: "\n") {
    #expect(line.count <= 60, "too wide: \(line)")
  }
  #expect(out.stdout.contains("AMT_CREDIT: 188 values in 20 bins"))
  #expect(out.stdout.contains("12 missing not shown"))
  #expect(out.stdout.contains("TARGET=0 (n=170)"))
  #expect(out.stdout.contains("TARGET=1 (n=18)"))
  #expect(out.stdout.contains("Cash loans"))
  #expect(out.stdout.contains("▼ client 100007: AMT_CREDIT = 478000"))
  #expect(out.stdout.contains("1 missing not shown"))
  #expect(out.stdout.contains("AMT_ANNUITY against AMT_CREDIT (188 points)"))
}

@Test func chartOptionsOverrideTheSession() throws {
  let (s, out) = try plotSession(width: 100)
  #expect(
    s.run(script: "plot-ascii hist app.AMT_CREDIT width=40 height=4 charset=ascii\n", file: "p.psd") == .succeeded,
    "\(out.stderr)")
  let lines = out.stdout.split(separator: "\n")
  #expect(lines.allSatisfy { $0.count <= 40 && $0.unicodeScalars.allSatisfy(\.isASCII) })
  #expect(lines.filter { $0.contains("|") || $0.contains(" +") }.count >= 4)
}

@Test func plotErrorsNameTheProblemAndPointAtIt() throws {
  let (s, out) = try plotSession()
  s.keepGoing = true
  _ = s.run(script: "plot-ascii hist app.FLAT\n", file: "e.psd")
  #expect(out.stderr.contains("e.psd:1:21: error: 'FLAT' is constant (every value is 1)"))
  _ = s.run(script: "plot-ascii hsit app.FLAT\n", file: "f.psd")
  #expect(out.stderr.contains("f.psd:1:12: error: plot-ascii: no chart 'hsit'"))
  #expect(out.stderr.contains("did you mean 'hist'?"))
  _ = s.run(script: "plot-ascii hist app.NAME_CONTRACT_TYPE\n", file: "g.psd")
  #expect(out.stderr.contains("'NAME_CONTRACT_TYPE' is categorical"))
  _ = s.run(script: "plot-ascii hist app.AMT_CREDIT width=12\n", file: "h.psd")
  #expect(out.stderr.contains("h.psd:1:38: error: option 'width' must be between 30 and 1000, found 12"))
  _ = s.run(script: "plot-ascii hist app.AMT_CREDIT by SK_ID_CURR\n", file: "i.psd")
  #expect(out.stderr.contains("'SK_ID_CURR' has more than 12 distinct values"))
  _ = s.run(script: "plot-ascii hist app.AMT_CREDT\n", file: "j.psd")
  #expect(out.stderr.contains("did you mean 'AMT_CREDIT'?"))
}

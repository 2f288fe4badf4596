import Foundation
import Testing
import PSDTestSupport
import PSDDashboard
import PSDService
import PSDServiceTestSupport

private let root = repositoryRoot

/// The page in the binary is the page in Dashboard/ (regenerate with Scripts/embed_dashboard.py).
@Test func embeddedAssetsEqualTheDashboardSources() throws {
  let dir = root.appendingPathComponent("Dashboard")
  let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
  #expect(names == DashboardAssets.files.keys.sorted())
  for name in names {
    let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    let trimmed = String(text.reversed().drop { $0 == "\n" }.reversed())
    #expect(DashboardAssets.files[name]?.text == trimmed, "\(name) differs: run python3 Scripts/embed_dashboard.py")
  }
}

/// Nothing leaves the machine: no http(s) URL, font or script from elsewhere in the page.
@Test func thePageLoadsNothingFromOutside() {
  for (name, asset) in DashboardAssets.files {
    #expect(
      !asset.text.contains("http://") && !asset.text.contains("https://") && !asset.text.contains("//cdn"),
      "\(name) refers to an outside address")
  }
}

@Test func typeAheadReturnsAFewIdsNeverTheTable() throws {
  let service = ServiceFixture.service
  let r = try ClientSearch.run(service, prefix: "1001", limit: nil)
  #expect(r.ids.count == 10 && r.total == 100)  // 100100…100199
  #expect(r.ids.allSatisfy { $0.hasPrefix("1001") })
  #expect(try ClientSearch.run(service, prefix: "9", limit: "5").ids.isEmpty)
  #expect(throws: ServiceError.self) { try ClientSearch.run(service, prefix: "", limit: "500") }
}

@Test func chartsComeFromTheServiceNumbers() throws {
  let service = ServiceFixture.service
  let score = try service.score(.object(["client_id": .string("100001")]))
  let gauge = try DashboardCharts.gauge(service, id: "100001")
  #expect(gauge.contains(String(format: "probability %.3f", score.probabilityDefault)))
  #expect(gauge.contains(score.decision.uppercased()))
  let cmp = try DashboardCharts.comparison(service, id: "100001", feature: "X", cohort: "KIND")
  #expect(cmp.contains("similar clients") && cmp.contains(#"data-role="client""#))
  #expect(throws: ServiceError.self) {
    try DashboardCharts.comparison(service, id: "100001", feature: "NOPE", cohort: nil)
  }
  #expect(throws: ServiceError.self) { try DashboardCharts.gauge(service, id: "no-such-client") }
  #expect(try DashboardCharts.waterfall(service, id: "100001").contains("final score"))
  #expect(try DashboardCharts.importance(service).contains("<svg"))
}

@Test func modelPageMeasuresOnTheLabelledRows() throws {
  let p = try #require(ModelPerformance.measure(ServiceFixture.service))
  let auc = try #require(p.auc), gini = try #require(p.gini)
  #expect(auc > 0.6 && auc <= 1)
  #expect(abs(gini - (2 * auc - 1)) < 1e-9)
  #expect(p.threshold == 0.3 && p.costFalseNegative == 10)
  #expect(p.lowestCost <= p.costAtThreshold)
  #expect(p.calibration.reduce(0) { $0 + $1.count } == p.rows)
  #expect(try p.costChart().contains("threshold 0.300"))
}

import Foundation
import PSDData
import PSDModels
import Testing
@testable import PSDService
import PSDServiceTestSupport

private let service = ServiceFixture.service
private let model = ServiceFixture.model
private let frame = ServiceFixture.frame
private func json(_ s: String) -> JSONValue { ServiceFixture.json(s) }

/// Runs `body` and returns the ServiceError it throws (nil when it does not throw one).
private func serviceError(_ body: () throws -> Void) -> ServiceError? {
  do { try body() } catch let e as ServiceError { return e } catch { Issue.record("not a ServiceError: \(error)") }
  return nil
}

@Test func scoreByClientIsTheModelsProbabilityAndStoredThreshold() throws {
  let pds = try model.probabilities(frame)
  for r in [0, 5, 123, 799] {
    let s = try service.score(json(#"{"client_id": \#(100_000 + r)}"#))
    #expect(abs(s.probabilityDefault - pds[r]) < 1e-12)
    #expect(s.threshold == 0.3)
    #expect(s.decision == (pds[r] >= 0.3 ? "refused" : "granted"))
    #expect(abs(s.margin - (pds[r] - 0.3)) < 1e-12)
    #expect(s.clientId == String(100_000 + r))
    #expect(s.modelSha256 == service.sha256)
  }
}

@Test func reasonsAreAtMostFourPushingTowardsTheDecisionLargestFirst() throws {
  var sawRefused = false, sawGranted = false
  for r in 0..<60 {
    let s = try service.score(json(#"{"client_id": "\#(100_000 + r)"}"#))
    #expect(s.reasons.count <= 4)
    let refused = s.decision == "refused"
    if refused { sawRefused = true } else { sawGranted = true }
    for reason in s.reasons {
      #expect(refused ? reason.contribution > 0 : reason.contribution < 0)
      #expect(reason.direction == (refused ? "raises_risk" : "lowers_risk"))
      #expect(!reason.sentence.isEmpty && !reason.label.isEmpty)
    }
    let sizes = s.reasons.map { abs($0.contribution) }
    #expect(sizes == sizes.sorted(by: >))
  }
  #expect(sawRefused && sawGranted, "the fixture should have both decisions")
}

@Test func reasonPercentilesAreThoseOfTheLabelledReference() throws {
  // The reference is the first 400 rows; explainClient on them computes the same percentiles.
  let r = 3
  let s = try service.score(json(#"{"client_id": \#(100_000 + r)}"#))
  let ref = frame.gather(Array(0..<400) + [r])
  let m = try model.featureMatrix(ref)
  let labels = try FeatureMatrix.targetLabels(frame.gather(Array(0..<400)), target: "TARGET")
  let reference = ClassReference(matrix: m.gather(Array(0..<400)), labels: labels)
  for reason in s.reasons {
    let f = model.features.firstIndex { $0.name == reason.feature }!
    let expected = reference.percentiles(feature: f, value: m.columns[f][400])
    #expect(reason.percentileGood == expected.good && reason.percentileBad == expected.bad)
    if !model.features[f].isCategorical, let good = reason.percentileGood { #expect(good >= 0 && good <= 100) }
  }
}

@Test func postedFeaturesScoreLikeTheSameClient() throws {
  for r in [0, 37, 41, 200] {  // 37: X missing; 41: KIND missing
    let byID = try service.score(json(#"{"client_id": \#(100_000 + r)}"#))
    let byFeatures = try service.score(json(#"{"features": \#(ServiceFixture.fields(r))}"#))
    #expect(byFeatures.probabilityDefault == byID.probabilityDefault)
    #expect(byFeatures.reasons == byID.reasons)
    #expect(byFeatures.clientId == nil)
  }
}

@Test func badFeaturesGiveOneErrorPerField() {
  let e = serviceError {
    _ = try service.score(json(#"{"features": {"X": "high", "KIND": "Workng", "NOSE": 1}}"#))
  }
  #expect(e?.status == 422)
  let byField = Dictionary(uniqueKeysWithValues: (e?.errors ?? []).map { ($0.field, $0.message) })
  #expect(byField.count == 4)
  #expect(byField["features.X"]?.contains("expected a number or null, found a string") == true)
  #expect(byField["features.KIND"]?.contains("did you mean 'Working'?") == true)
  #expect(byField["features.NOSE"]?.contains("did you mean 'NOISE'?") == true)
  #expect(byField["features.NOISE"]?.contains("required") == true)
}

@Test func requestShapeErrors() {
  #expect(serviceError { _ = try JSONValue.parse(Array("{nope".utf8)) }?.status == 400)
  #expect(serviceError { _ = try JSONValue.parse([UInt8]()) }?.status == 400)
  #expect(serviceError { _ = try service.score(json("[1]")) }?.status == 422)
  #expect(serviceError { _ = try service.score(json("{}")) }?.errors.first?.field == "client_id")
  let both = serviceError { _ = try service.score(json(#"{"client_id": 100000, "features": {}}"#)) }
  #expect(both?.errors.first?.message.contains("not several") == true)
  let threshold = serviceError { _ = try service.score(json(#"{"client_id": 100000, "threshold": 0.5}"#)) }
  #expect(threshold?.status == 422)
  #expect(threshold?.errors.first?.message.contains("stored threshold") == true)
  // Side-table records and a raw application need a model with a feature recipe.
  let records = serviceError {
    _ = try service.score(json(#"{"features": \#(ServiceFixture.fields(1)), "bureau": [{"A": 1}]}"#))
  }
  #expect(records?.errors.map(\.field) == ["bureau"])
  let raw = serviceError { _ = try service.score(json(#"{"application": {"X": 1}}"#)) }
  #expect(raw?.errors.first?.message.contains("no feature recipe") == true)
}

@Test func unknownClientsAre404() throws {
  #expect(serviceError { _ = try service.score(json(#"{"client_id": 1}"#)) }?.status == 404)
  #expect(serviceError { _ = try service.profile(id: "nobody") }?.status == 404)
  #expect(serviceError { _ = try service.explanation(id: "1") }?.status == 404)
  let bare = try ServiceFixture.make(clients: false, reference: false)
  let e = serviceError { _ = try bare.score(json(#"{"client_id": 100000}"#)) }
  #expect(e?.status == 404 && e?.detail.contains("--clients") == true)
  #expect(serviceError { _ = try bare.drift() }?.status == 404)
}

@Test func batchScoresInOrderCapsAndCollectsErrors() throws {
  let b = try service.scores(
    json(#"{"applications": [{"client_id": 100002}, {"features": \#(ServiceFixture.fields(7))}]}"#))
  #expect(b.count == 2)
  #expect(b.results[0].probabilityDefault == (try service.score(json(#"{"client_id": 100002}"#))).probabilityDefault)
  #expect(b.results[1].probabilityDefault == (try service.score(json(#"{"client_id": 100007}"#))).probabilityDefault)
  let many =
    "{\"applications\": ["
    + Array(repeating: #"{"client_id": 100000}"#, count: ScoringService.batchLimit + 1)
    .joined(separator: ",") + "]}"
  #expect(serviceError { _ = try service.scores(json(many)) }?.status == 413)
  let bad = serviceError {
    _ = try service.scores(json(#"{"applications": [{"client_id": 100000}, 3, {"features": {"X": true}}]}"#))
  }
  #expect(bad?.status == 422)
  #expect(bad?.errors.map(\.field).contains("applications[1]") == true)
  #expect(bad?.errors.map(\.field).contains("applications[2].features.X") == true)
}

@Test func explanationAddsUpToTheScore() throws {
  let e = try service.explanation(id: "100010")
  let s = try service.score(json(#"{"client_id": 100010}"#))
  #expect(e.contributions.count == model.features.count)
  #expect(abs(e.baseValue + e.contributions.map(\.contribution).reduce(0, +) - e.rawScore) < 1e-9)
  #expect(abs(e.probabilityDefault - s.probabilityDefault) < 1e-12)
  #expect(e.method.contains("TreeSHAP"))
}

@Test func whatIfIsStatelessAndMatchesScoringTheChangedApplication() throws {
  let before = try service.score(json(#"{"client_id": 100004}"#))
  let w = try service.whatIf(json(#"{"client_id": 100004, "changes": {"X": 9.5}}"#))
  #expect(w.before.probabilityDefault == before.probabilityDefault)
  var changed = ServiceFixture.fields(4)
  changed = changed.replacingOccurrences(of: #""X": [^,]*,"#, with: #""X": 9.5,"#, options: .regularExpression)
  let direct = try service.score(json(#"{"features": \#(changed)}"#))
  #expect(w.after.probabilityDefault == direct.probabilityDefault)
  #expect(abs(w.deltaProbability - (direct.probabilityDefault - before.probabilityDefault)) < 1e-12)
  #expect(w.moved.contains { $0.feature == "X" })
  // Nothing was written: the client scores as before.
  #expect(try service.score(json(#"{"client_id": 100004}"#)).probabilityDefault == before.probabilityDefault)
  let e = serviceError { _ = try service.whatIf(json(#"{"client_id": 100004, "changes": {"KIND": "Nobody"}}"#)) }
  #expect(e?.errors.map(\.field) == ["changes.KIND"])
  #expect(serviceError { _ = try service.whatIf(json(#"{"client_id": 100004}"#)) }?.errors.first?.field == "changes")
}

@Test func driftIsThePSIOfClientsAgainstTheReference() throws {
  let d = try service.drift()
  let expected = populationStability(
    reference: try frame.gather(Array(0..<400)).selecting(["X", "KIND", "NOISE"]),
    current: try frame.selecting(["X", "KIND", "NOISE"]))
  #expect(d.features.map(\.feature) == expected.map(\.feature))
  #expect(d.features.map(\.psi) == expected.map(\.psi))
  #expect(d.referenceRows == 400 && d.currentRows == 800)
  #expect(d.stable + d.moderate + d.major == expected.count)
}

@Test func comparisonCountsTheCohortAndPlacesTheClient() throws {
  let all = try service.comparison(id: "100001", feature: "X", cohort: nil)
  #expect(all.cohort.size == 800)
  #expect(all.bins.map(\.total).reduce(0, +) + all.missing.total == 800)
  #expect(all.bins.count == 10)
  let kind = frame["KIND"]!.label(1)!
  let same = (0..<800).filter { frame["KIND"]!.label($0) == kind }.count
  let cohort = try service.comparison(id: "100001", feature: "X", cohort: "KIND")
  #expect(cohort.cohort.size == same)
  #expect(cohort.cohort.good! + cohort.cohort.bad! == same)
  let categorical = try service.comparison(id: "100001", feature: "KIND", cohort: "all")
  #expect(categorical.bins.map(\.level) == model.features[1].levels!.map { Optional($0) })
  let e = serviceError { _ = try service.comparison(id: "100001", feature: "Y", cohort: "KND") }
  #expect(e?.errors.count == 2)
  #expect(serviceError { _ = try service.comparison(id: "100001", feature: nil, cohort: nil) }?.status == 422)
}

@Test func modelInfoStatesThresholdCostsBandsAndFeatures() {
  let info = service.modelInfo()
  #expect(info.threshold == 0.3)
  #expect(info.costs?.falseNegative == 10 && info.costs?.falsePositive == 1)
  #expect(info.features.map(\.name) == model.features.map(\.name))
  #expect(info.features.first { $0.name == "KIND" }?.type == "category")
  #expect(info.features.first { $0.name == "X" }?.trainingRange != nil)
  // Bands tile [0, 1] and change at the threshold.
  #expect(info.bands.first?.from == 0 && info.bands.last?.to == 1)
  for (a, b) in zip(info.bands, info.bands.dropFirst()) { #expect(a.to == b.from) }
  #expect(info.bands.contains { $0.from == 0.3 })
  #expect(info.baseRate != nil && info.baseRateSource == "reference")
}

@Test func globalImportanceIsMeanAbsoluteContributionOverClients() throws {
  let g = service.globalExplanation()
  let c = try model.contributions(try model.featureMatrix(frame))
  let mean = meanAbsoluteContributions(c.values, rows: 800, features: model.features.count)
  #expect(g.rows == 800)
  for item in g.features {
    let f = model.features.firstIndex { $0.name == item.feature }!
    #expect(abs(item.meanAbsContribution! - mean[f]) < 1e-9)
  }
  #expect(g.features.map { $0.meanAbsContribution! } == g.features.map { $0.meanAbsContribution! }.sorted(by: >))
}

@Test func encodedResponsesUseSnakeCaseAndNullForUndefined() throws {
  let s = try service.score(json(#"{"features": {"X": null, "KIND": null, "NOISE": 0.5}}"#))
  let text = String(decoding: try ServiceJSON.encode(s), as: UTF8.self)
  #expect(text.contains("\"probability_default\":"))
  #expect(text.contains("\"model_sha256\":"))
  #expect(!text.contains("nan") && !text.contains("NaN"))
}

@Test func featureLabelsReadHomeCreditNames() {
  #expect(FeatureLabels.describe("EXT_SOURCE_3").label == "external credit score 3")
  #expect(FeatureLabels.describe("AMT_CREDIT").unit == "currency")
  #expect(FeatureLabels.describe("BURO_AMT_CREDIT_SUM_MEAN").label.hasPrefix("credit bureau: "))
  #expect(FeatureLabels.describe("DAYS_LAST_PHONE_CHANGE").unit == "days")
}

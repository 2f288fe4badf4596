import Foundation
import PSDData
import PSDModels
import Testing
@testable import PSDService
import PSDServiceTestSupport

/// A points scorecard (issue 18) is served like any other model: trained on the fixture's
/// population with a feature recipe, saved to a .psdm file, opened by the service as `psd serve`
/// opens it, and scored by client id and by posted features, with its reasons and explanation.
@Suite struct ScorecardServiceTests {
  struct Served {
    var model: CreditModel  // as trained
    var service: ScoringService  // from the saved file
    var directory: URL
  }

  /// The fixture frame saved as a CSV, a scorecard trained on it with the recipe of that load,
  /// the model saved and opened by the service with the CSV as its clients.
  static func served() throws -> Served {
    let frame = ServiceFixture.frame
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("psd-scorecard-service-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let clients = directory.appendingPathComponent("clients.csv").path
    try CSVWriter.write(frame, to: clients)

    let binning = try Binning.fit(frame, target: "TARGET", exclude: ["SK_ID_CURR"])
    var options = ScorecardOptions()
    options.selection = .none  // every feature with enough IV: X and KIND (NOISE is useless)
    var (model, _) = try CreditModel.trainScorecard(on: frame, target: "TARGET", binning: binning, options: options)
    model.threshold = 0.3
    let load = FrameLineage(
      .load(path: clients, separator: 44, missingTokens: []), inputs: [], inputNames: [],
      boundName: "clients", statement: "clients = load \"\(clients)\"", schema: frame.schema)
    model.recipe = try FeatureRecipe(lineage: load, target: "TARGET", idCandidates: ["SK_ID_CURR"])
    let path = directory.appendingPathComponent("card.psdm").path
    try ModelFile.save(model, to: path)
    let service = try ScoringService.open(modelPath: path, clientsPath: clients)
    return Served(model: model, service: service, directory: directory)
  }

  @Test func theSavedScorecardKeepsItsCardAndRecipe() throws {
    let s = try Self.served()
    defer { try? FileManager.default.removeItem(at: s.directory) }
    guard case .scorecard(let card) = s.service.model.estimator else {
      Issue.record("the service's model is a \(s.service.model.kindName), not a scorecard")
      return
    }
    #expect(card.binnings.count >= 2)
    #expect(s.service.model.recipe == s.model.recipe)
    #expect(s.service.model.recipe?.idColumn == "SK_ID_CURR")
    #expect(s.service.modelInfo().threshold == 0.3)
    #expect(s.service.modelInfo().estimator == "scorecard")
  }

  @Test func clientsScoreWhatTheTrainedCardGivesThem() throws {
    let s = try Self.served()
    defer { try? FileManager.default.removeItem(at: s.directory) }
    let frame = ServiceFixture.frame
    let pds = try s.model.probabilities(frame)
    let contributions = try s.model.contributions(try s.model.featureMatrix(frame))
    var sawRefused = false, sawGranted = false
    for r in [0, 5, 37, 41, 123, 400, 799] {  // 37: X missing; 41: KIND missing
      let score = try s.service.score(ServiceFixture.json(#"{"client_id": \#(100_000 + r)}"#))
      // The service's PD is sigmoid(base + Σ contributions): the card's own sum to the last bits.
      #expect(abs(score.probabilityDefault - pds[r]) < 1e-12, "client \(100_000 + r)")
      #expect(score.decision == (pds[r] >= 0.3 ? "refused" : "granted"))
      if score.decision == "refused" { sawRefused = true } else { sawGranted = true }
      // Reasons: the characteristics pushing towards the decision, largest first, each with the
      // card's own contribution (coefficient × WoE of the client's bin).
      #expect(score.reasons.count <= ScoringService.reasonCount)
      for reason in score.reasons {
        let f = try #require(s.model.features.firstIndex { $0.name == reason.feature })
        let expected = contributions.values[r * contributions.features.count + f]
        #expect(reason.contribution == expected)
        #expect(score.decision == "refused" ? reason.contribution > 0 : reason.contribution < 0)
      }
      let sizes = score.reasons.map { abs($0.contribution) }
      #expect(sizes == sizes.sorted(by: >))
      // Posted features score like the same client.
      let posted = try s.service.score(ServiceFixture.json(#"{"features": \#(Self.fields(r, s.model))}"#))
      #expect(posted.probabilityDefault == score.probabilityDefault)
      #expect(posted.reasons == score.reasons)
    }
    #expect(sawRefused && sawGranted, "the sample should hold both decisions")
  }

  @Test func theExplanationAddsUpToTheCardsLogOdds() throws {
    let s = try Self.served()
    defer { try? FileManager.default.removeItem(at: s.directory) }
    let e = try s.service.explanation(id: "100123")
    #expect(e.method.hasPrefix("scorecard"))
    let sum = e.baseValue + e.contributions.reduce(0) { $0 + $1.contribution }
    #expect(abs(sum - e.rawScore) < 1e-12)
    let raw = s.model.rawScores(try s.model.featureMatrix(ServiceFixture.frame.gather([123])))[0]
    #expect(abs(e.rawScore - raw) < 1e-12)
    #expect(Set(e.contributions.map(\.feature)) == Set(s.model.features.map(\.name)))
  }

  /// Row r's values of the card's characteristics as posted fields.
  static func fields(_ r: Int, _ model: CreditModel) -> String {
    let frame = ServiceFixture.frame
    let cells = model.features.map { spec -> String in
      let column = frame[spec.name]!
      if spec.isCategorical { return "\"\(spec.name)\": " + (column.label(r).map { "\"\($0)\"" } ?? "null") }
      let v = column.doubleValue(r)
      return "\"\(spec.name)\": " + (v.isNaN ? "null" : String(v))
    }
    return "{" + cells.joined(separator: ", ") + "}"
  }
}

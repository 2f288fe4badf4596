import Foundation
import PSDModels
import Testing
@testable import PSDService
import PSDServiceTestSupport

/// JSONDecoder through `JSONValue`'s Codable init: the reader request bodies went through before
/// the hand-written parser, and the reference it must agree with.
private func decoded(_ text: String) -> JSONValue? {
  try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

private func parsed(_ text: String) -> JSONValue? {
  try? JSONValue.parse(Array(text.utf8))
}

@Test func parserReadsWhatJSONDecoderReads() {
  let documents = [
    #"{"a": 1, "b": -2.5e-3, "c": [true, false, null], "d": {"e": "f"}}"#,
    #"  {"application": {"SK_ID_CURR": 100003, "AMT_CREDIT": 1293502.5, "NAME": "Cash loans"}}  "#,
    #"[0, -0, 1e2, 1E+2, 12345678901234567890, 0.1, 123456789012345.6, 9007199254740993]"#,
    #"{"s": "quote \" backslash \\ slash \/ tab \t newline \n unicode \u00e9 \ud83d\ude00 é"}"#,
    #"{"dup": 1, "dup": 2}"#, "[1,]", #"{"a": 1, }"#, "[]", "{}", #""text""#, "42", "null", "true",
    #"{"nested": [[[[{"x": [1, [2, [3]]]}]]]]}"#
  ]
  for text in documents {
    let expected = decoded(text)
    #expect(expected != nil, "JSONDecoder refused \(text)")
    #expect(parsed(text) == expected, "\(text)")
  }
}

@Test func parserRefusesWhatJSONDecoderRefuses() {
  let bad = [
    "{nope", "{", "[,]", "{,}", "[1,,]", #"{"a" 1}"#, "01", "1.", ".5", "-", "1e", "+1", "NaN", "Infinity",
    "1e400", "tru", "nul", #""unterminated"#, "\"tab\tinside\"", #""\x""#, #""\u12""#, #""\ud83d""#,
    #""\ude00""#, "[1] [2]", "{} x", #"{"a": 1} }"#,
    String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
  ]
  for text in bad {
    #expect(decoded(text) == nil, "JSONDecoder read \(text)")
    #expect(parsed(text) == nil, "\(text)")
  }
  // Invalid UTF-8 inside a string.
  #expect((try? JSONValue.parse([0x22, 0xFF, 0xFE, 0x22])) == nil)
  #expect((try? JSONDecoder().decode(JSONValue.self, from: Data([0x22, 0xFF, 0xFE, 0x22]))) == nil)
}

/// The reasons are the features `explainClient` lists first among those pushing towards the
/// decision (same order), whatever the decision.
@Test func reasonsAreExplainsFirstFeaturesTowardsTheDecision() throws {
  let service = ServiceFixture.service, model = ServiceFixture.model
  let matrix = try model.featureMatrix(ServiceFixture.frame)
  let c = try model.contributions(matrix)
  var decisions: Set<String> = []
  for r in stride(from: 0, to: 800, by: 37) {
    let s = try service.score(ServiceFixture.json(#"{"client_id": \#(100_000 + r)}"#))
    decisions.insert(s.decision)
    let e = explainClient(
      model: model, matrix: matrix, row: r, contributions: c.row(r), base: c.base, labels: nil, percentilesFor: 0)
    let refused = s.decision == "refused"
    let expected = e.contributions.filter { refused ? $0.logOdds > 0 : $0.logOdds < 0 }.prefix(4)
    #expect(s.reasons.map(\.feature) == expected.map(\.name))
    for (reason, item) in zip(s.reasons, expected) {
      #expect(abs(reason.contribution - item.logOdds) < 1e-12)
      #expect(reason.sentence.contains(" = \(item.valueText)"))
    }
  }
  #expect(decisions == ["granted", "refused"])
}

/// The score's hand-written encoding is JSONEncoder's, byte for byte.
@Test func scoreEncodingIsJSONEncodersBytes() throws {
  let service = ServiceFixture.service
  var answers: [ScoreResponse] = []
  for r in stride(from: 0, to: 800, by: 41) {
    answers.append(try service.score(ServiceFixture.json(#"{"client_id": \#(100_000 + r)}"#)))
  }
  answers.append(try service.score(ServiceFixture.json(#"{"features": {"X": null, "KIND": null, "NOISE": 0.5}}"#)))
  var odd = answers[0]
  odd.clientId = nil
  odd.margin = -0.0
  odd.probabilityDefault = 1e-5
  odd.threshold = 1e20
  odd.warnings = ["a \"quoted\" \\ value / é – 1.0", ""]
  odd.reasons = [
    Reason(
      feature: "F", label: "l", value: .string("Working"), contribution: 123456789.0, direction: "raises_risk",
      percentileGood: nil, percentileBad: 0.1, sentence: "s"),
    Reason(
      feature: "G", label: "m", value: .null, contribution: -2.5e-300, direction: "lowers_risk",
      percentileGood: 50, percentileBad: nil, sentence: "t")
  ]
  answers.append(odd)
  odd.warnings = ["control\u{1}character\n"]
  answers.append(odd)
  for a in answers {
    #expect(try ServiceJSON.encode(score: a) == Array(try ServiceJSON.encode(a)))
  }
}

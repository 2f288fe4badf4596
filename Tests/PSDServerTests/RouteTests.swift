import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOEmbedded
import Testing
@testable import PSDServer
@testable import PSDService
import PSDServiceTestSupport

/// Requests go through the router's responder (middleware included) in process, as the server
/// would pass them; no socket.
private struct Client {
  let responder: RouterResponder<ServeContext>

  init(maxBody: Int = 1 << 20) {
    responder = ServeRoutes.router(
      service: ServiceFixture.service,
      options: .init(maxBodyBytes: maxBody, accessLog: false)
    ).buildResponder()
  }

  func send(
    _ method: HTTPRequest.Method, _ path: String, body: String? = nil,
    headers: HTTPFields = [:]
  ) async throws -> (status: Int, headers: HTTPFields, body: String) {
    let head = HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1", path: path, headerFields: headers)
    let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body ?? "")))
    let context = ServeContext(source: .init(channel: EmbeddedChannel(), logger: Logger(label: "test")))
    let response = try await responder.respond(to: request, context: context)
    let writer = CollectingWriter()
    let body = response.body
    try await body.write(writer)
    return (Int(response.status.code), response.headers, writer.text())
  }
}

private final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
  var buffer = ByteBuffer()
  func write(_ part: ByteBuffer) async throws { var p = part; buffer.writeBuffer(&p) }
  func finish(_ trailingHeaders: HTTPFields?) async throws {}
  func text() -> String { String(buffer: buffer) }
}

private func object(_ text: String) -> [String: Any] {
  (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

@Test func routerAndOpenAPIDocumentListTheSameRoutes() throws {
  let router = ServeRoutes.router(service: ServiceFixture.service)
  let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
  let document = object(OpenAPIDocument.json)
  let paths = try #require(document["paths"] as? [String: [String: Any]])
  let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
  #expect(registered == documented)
  #expect(Set(ServeRoutes.table.map { "\($0.method) \($0.path)" }) == documented)
  #expect(document["openapi"] as? String == "3.1.0")
}

@Test func scoreRouteReturnsJSONAndARequestID() async throws {
  let client = Client()
  let r = try await client.send(.post, "/v1/score", body: #"{"client_id": 100001}"#)
  #expect(r.status == 200)
  #expect(r.headers[.contentType] == "application/json")
  #expect(r.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
  let body = object(r.body)
  #expect(body["decision"] as? String != nil)
  #expect(body["threshold"] as? Double == 0.3)
  let echoed = try await client.send(.get, "/health", headers: [HTTPField.Name("X-Request-Id")!: "abc-123"])
  #expect(echoed.headers[HTTPField.Name("X-Request-Id")!] == "abc-123")
}

@Test func errorsAreProblemDocuments() async throws {
  let client = Client(maxBody: 512)
  let cases: [(HTTPRequest.Method, String, String?, Int)] = [
    (.post, "/v1/score", "{not json", 400),
    (.post, "/v1/score", #"{"features": {"X": "a"}}"#, 422),
    (.post, "/v1/score", #"{"client_id": 42}"#, 404),
    (.get, "/v1/clients/42", nil, 404),
    (.get, "/v1/clients/100001/comparison", nil, 422),
    (.post, "/v1/score", "{\"client_id\": \"" + String(repeating: "1", count: 600) + "\"}", 413),
    (.get, "/no/such/route", nil, 404),
    (.delete, "/v1/score", nil, 405)
  ]
  for (method, path, body, status) in cases {
    let r = try await client.send(method, path, body: body)
    #expect(r.status == status, "\(method) \(path)")
    #expect(r.headers[.contentType] == "application/problem+json", "\(method) \(path)")
    let problem = object(r.body)
    #expect(problem["status"] as? Int == status)
    #expect(problem["instance"] as? String == path)
    #expect(problem["title"] as? String != nil && problem["detail"] as? String != nil)
    if status == 422 { #expect((problem["errors"] as? [Any])?.isEmpty == false) }
    if status == 405 { #expect(r.headers[.allow] == "POST") }
  }
}

@Test func everyGetRouteAnswers() async throws {
  let client = Client()
  for path in [
    "/health", "/ready", "/v1/model", "/v1/clients/100001", "/v1/clients/100001/explanation",
    "/v1/clients/100001/comparison?feature=X&cohort=KIND", "/v1/explanation/global", "/v1/drift", "/openapi.json"
  ] {
    let r = try await client.send(.get, path)
    #expect(r.status == 200, "\(path): \(r.body)")
    #expect(!object(r.body).isEmpty, "\(path) is not a JSON object")
  }
  let w = try await client.send(.post, "/v1/whatif", body: #"{"client_id": 100001, "changes": {"X": 1}}"#)
  #expect(w.status == 200)
  let b = try await client.send(.post, "/v1/scores", body: #"{"applications": [{"client_id": 100001}]}"#)
  #expect(b.status == 200 && object(b.body)["count"] as? Int == 1)
}

@Test func metricsCountRequestsByRouteAndStatus() async throws {
  let client = Client()
  _ = try await client.send(.post, "/v1/score", body: #"{"client_id": 100001}"#)
  _ = try await client.send(.post, "/v1/score", body: #"{"client_id": 1}"#)
  let m = try await client.send(.get, "/metrics")
  #expect(m.headers[.contentType]?.hasPrefix("text/plain") == true)
  #expect(m.body.contains(#"psd_http_requests_total{method="POST",route="/v1/score",status="200"} 1"#))
  #expect(m.body.contains(#"psd_http_requests_total{method="POST",route="/v1/score",status="404"} 1"#))
  #expect(m.body.contains(#"psd_http_request_duration_seconds_count{route="/v1/score"} 2"#))
  #expect(m.body.contains("psd_model_info{"))
}

@Test func argumentsAreCheckedWithDidYouMean() throws {
  let c = try ServeCommand.parse(["m.psdm", "--port", "0", "--clients", "c.csv", "--no-access-log"])
  #expect(c.port == 0 && c.clientsPath == "c.csv" && !c.accessLog && c.host == "127.0.0.1")
  #expect(throws: (any Error).self) { try ServeCommand.parse(["m.psdm", "--port", "70000"]) }
  #expect(throws: (any Error).self) { try ServeCommand.parse([]) }
  do {
    _ = try ServeCommand.parse(["m.psdm", "--client", "c.csv"])
    Issue.record("--client should be refused")
  } catch {
    #expect("\(error)".contains("did you mean '--clients'?"))
  }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import PSDService

/// The HTTP adapter: each route reads its input, calls one `ScoringService` method and writes
/// its result as JSON. No scoring logic lives here.
package enum ServeRoutes {
  package struct Options: Sendable {
    /// Largest request body read, in bytes; more is a 413.
    package var maxBodyBytes = 1 << 20
    package var accessLog = true

    package init(maxBodyBytes: Int = 1 << 20, accessLog: Bool = true) {
      self.maxBodyBytes = maxBodyBytes
      self.accessLog = accessLog
    }
  }

  package static func router(service: ScoringService, options: Options = .init()) -> Router<ServeContext> {
    let metrics = ServeMetrics(modelName: service.modelName, sha256: service.sha256)
    let router = Router(context: ServeContext.self)
    router.add(middleware: OperationsMiddleware(metrics: metrics, log: options.accessLog ? AccessLog() : nil))
    let limit = options.maxBodyBytes

    router.get("/health") { _, _ in try json(service.health()) }
    router.get("/ready") { _, _ in try json(service.ready()) }
    router.get("/metrics") { _, _ in
      text(metrics.text(), type: "text/plain; version=0.0.4; charset=utf-8")
    }
    router.get("/openapi.json") { _, _ in text(OpenAPIDocument.json, type: "application/json") }
    router.get("/v1/model") { _, _ in try json(service.modelInfo()) }
    router.post("/v1/score") { request, context in
      let b = try await body(request, limit: limit)
      return try await scoring {
        let answer = try ServiceJSON.encode(score: service.score(b))
        return Response(
          status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
      }
    }
    router.post("/v1/scores") { request, context in
      let b = try await body(request, limit: limit)
      return try await scoring(on: batchThreads) { try json(service.scores(b)) }
    }
    router.get("/v1/clients/{id}") { _, context in
      try json(service.profile(id: context.parameters.get("id") ?? ""))
    }
    router.get("/v1/clients/{id}/explanation") { _, context in
      try json(service.explanation(id: context.parameters.get("id") ?? ""))
    }
    router.get("/v1/clients/{id}/comparison") { request, context in
      try json(
        service.comparison(
          id: context.parameters.get("id") ?? "",
          feature: request.uri.queryParameters.get("feature"),
          cohort: request.uri.queryParameters.get("cohort")))
    }
    router.get("/v1/explanation/global") { _, _ in try json(service.globalExplanation()) }
    router.post("/v1/whatif") { request, context in
      let b = try await body(request, limit: limit)
      return try await scoring { try json(service.whatIf(b)) }
    }
    router.get("/v1/drift") { _, _ in try json(service.drift()) }
    DashboardRoutes.add(to: router, service: service)
    return router
  }

  /// The threads that score one application or a what-if: one per core, fed first in, first out.
  /// On Swift's cooperative pool CPU-bound handlers were served unfairly (4+ connections on 2
  /// cores: a tenth of the requests waited 0.6–1.5 s while the median took 16 ms); 16 threads
  /// time-sliced by the kernel fixed that, but a FIFO queue in front of one thread per core gives
  /// the same throughput with half the p99 (16 connections: 42–57 ms instead of 63–113 ms).
  static let scoringThreads: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
    pool.start()
    return pool
  }()

  /// Batches (up to `ScoringService.batchLimit` applications) have threads of their own, so that
  /// one long batch never holds single scores up behind it in `scoringThreads`' queue.
  static let batchThreads: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: 2)
    pool.start()
    return pool
  }()

  /// Runs CPU-heavy work (a score, a batch, a what-if) on a pool of its own threads.
  static func scoring(
    on pool: NIOThreadPool = scoringThreads, _ work: @escaping @Sendable () throws -> Response
  ) async throws -> Response {
    try await pool.runIfActive(work)
  }

  /// The request body as JSON: 413 past the limit, 400 when it is not JSON.
  static func body(_ request: Request, limit: Int) async throws -> JSONValue {
    var request = request
    let buffer: ByteBuffer
    do {
      buffer = try await request.collectBody(upTo: limit)
    } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
      throw ServiceError.tooLarge("the request body is larger than \(limit) bytes")
    }
    return try JSONValue.parse(buffer.readableBytesView)
  }

  static func json<T: Encodable>(_ value: T) throws -> Response {
    Response(
      status: .ok, headers: [.contentType: "application/json"],
      body: .init(byteBuffer: ByteBuffer(bytes: try ServiceJSON.encode(value))))
  }

  static func text(_ value: String, type: String) -> Response {
    Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: value)))
  }
}

import Foundation
import HTTPTypes
import Hummingbird
import PSDService
import Synchronization

/// Around every request: the request id (the caller's `X-Request-Id` when it is a sane token,
/// else a new one), errors turned into problem documents (a ServiceError as itself, Hummingbird's
/// 404/405/413 as theirs, anything else as a 500 that is logged), the metrics, the access log.
struct OperationsMiddleware: RouterMiddleware {
  typealias Context = ServeContext
  let metrics: ServeMetrics
  let log: AccessLog?
  static let requestIDField = HTTPField.Name("X-Request-Id")!

  func handle(
    _ request: Request, context: ServeContext,
    next: (Request, ServeContext) async throws -> Response
  ) async throws -> Response {
    let start = ContinuousClock.now
    var context = context
    let id = request.headers[Self.requestIDField].flatMap(Self.sanitised) ?? metrics.nextRequestID()
    context.requestID = id
    let path = request.uri.path
    var response: Response
    do {
      response = try await next(request, context)
    } catch let e as ServiceError {
      response = Problem.response(e, path: path, requestID: id)
    } catch let e as any HTTPResponseError {
      if e.status == .notFound, let allowed = ServeRoutes.allowedMethods(path: path), !allowed.isEmpty {
        response = Problem.response(
          Problem.status(405, "\(request.method) is not allowed on \(path); use \(allowed.joined(separator: ", "))"),
          path: path, requestID: id, headers: [.allow: allowed.joined(separator: ", ")])
      } else if e.status == .notFound {
        response = Problem.response(
          Problem.status(404, "no route \(path) (see /openapi.json)"), path: path, requestID: id)
      } else {
        response = Problem.response(
          Problem.status(Int(e.status.code), "\(e.status.reasonPhrase)"), path: path, requestID: id)
      }
    } catch {
      log?.error(id: id, path: path, message: String(describing: error))
      response = Problem.response(
        Problem.status(500, "internal error (request \(id) is in the server log)"),
        path: path, requestID: id)
    }
    response.headers[Self.requestIDField] = id
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let route = context.endpointPath ?? "unmatched"
    metrics.record(method: request.method.rawValue, route: route, status: Int(response.status.code), seconds: seconds)
    log?.request(
      id: id, method: request.method.rawValue, path: path, route: route,
      status: Int(response.status.code), seconds: seconds)
    return response
  }

  /// Up to 64 characters of letters, digits, '-', '_' and '.'; anything else is replaced.
  static func sanitised(_ s: String) -> String? {
    guard !s.isEmpty, s.count <= 64,
      s.unicodeScalars.allSatisfy({
        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
      })
    else { return nil }
    return s
  }
}

/// One JSON line per request on stderr: time, request id, method, path, route, status, duration.
final class AccessLog: Sendable {
  private let lock = Mutex(())

  func request(id: String, method: String, path: String, route: String, status: Int, seconds: Double) {
    let ms = (seconds * 1e5).rounded() / 100
    write(
      #"{"ts":"\#(Self.now())","request_id":"\#(id)","method":"\#(method)","path":\#(Self.quoted(path)),"route":\#(Self.quoted(route)),"status":\#(status),"duration_ms":\#(ms)}"#
    )
  }

  func error(id: String, path: String, message: String) {
    write(
      #"{"ts":"\#(Self.now())","request_id":"\#(id)","level":"error","path":\#(Self.quoted(path)),"error":\#(Self.quoted(message))}"#
    )
  }

  private func write(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    lock.withLock { _ in _ = bytes.withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) } }
  }

  static func now() -> String {
    var t = timespec()
    clock_gettime(CLOCK_REALTIME, &t)
    var tmValue = tm()
    var seconds = t.tv_sec
    gmtime_r(&seconds, &tmValue)
    // By hand: String(format:) goes through Foundation's formatter on every log line.
    func digits(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
    return digits(Int(tmValue.tm_year) + 1900, 4) + "-" + digits(Int(tmValue.tm_mon) + 1, 2) + "-"
      + digits(Int(tmValue.tm_mday), 2) + "T" + digits(Int(tmValue.tm_hour), 2) + ":" + digits(Int(tmValue.tm_min), 2)
      + ":" + digits(Int(tmValue.tm_sec), 2) + "." + digits(t.tv_nsec / 1_000_000, 3) + "Z"
  }

  /// `s` as a JSON string (quotes, backslashes and control characters escaped), without a
  /// JSONEncoder per log line.
  static func quoted(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}

extension ServeRoutes {
  /// Methods registered for a concrete path (matching `{id}` segments), for 405 answers.
  static func allowedMethods(path: String) -> [String]? {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    let methods = table.filter { route in
      let pattern = route.path.split(separator: "/")
      return pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }.map(\.method)
    return methods.isEmpty ? nil : methods
  }

  /// Every route, as the OpenAPI document lists them (a test checks both against the router).
  package static let table: [(method: String, path: String)] = [
    ("GET", "/health"), ("GET", "/ready"), ("GET", "/metrics"), ("GET", "/openapi.json"), ("GET", "/v1/model"),
    ("POST", "/v1/score"), ("POST", "/v1/scores"), ("GET", "/v1/clients/{id}"),
    ("GET", "/v1/clients/{id}/explanation"), ("GET", "/v1/clients/{id}/comparison"),
    ("GET", "/v1/explanation/global"), ("POST", "/v1/whatif"), ("GET", "/v1/drift"),
    // The dashboard (DashboardRoutes).
    ("GET", "/"), ("GET", "/assets/{name}"), ("GET", "/v1/clients"), ("GET", "/v1/clients/{id}/charts/gauge.svg"),
    ("GET", "/v1/clients/{id}/charts/waterfall.svg"), ("GET", "/v1/clients/{id}/charts/comparison.svg"),
    ("GET", "/v1/model/performance"), ("GET", "/v1/charts/importance.svg"), ("GET", "/v1/charts/cost.svg"),
    ("GET", "/v1/charts/calibration.svg")
  ]
}

import Foundation
import HTTPTypes
import Hummingbird
import PSDService

/// Errors as RFC 9457 problem documents (`application/problem+json`): type, title, status, detail,
/// instance (the path), the request id, and for a 422 one entry per invalid field.
enum Problem {
  struct Document: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String
    var requestId: String
    var errors: [FieldError]?
  }

  static func response(_ error: ServiceError, path: String, requestID: String, headers extra: HTTPFields = [:])
    -> Response
  {
    let slug = error.title.lowercased().replacingOccurrences(of: " ", with: "-")
    let document = Document(
      type: "https://psd.invalid/problems/\(slug)", title: error.title, status: error.status,
      detail: error.detail, instance: path, requestId: requestID,
      errors: error.errors.isEmpty ? nil : error.errors)
    let body = (try? ServiceJSON.encode(document)) ?? Data(#"{"title":"error"}"#.utf8)
    var headers = extra
    headers[.contentType] = "application/problem+json"
    return Response(
      status: .init(code: error.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
  }

  static let titles = [
    400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout",
    413: "Content Too Large", 422: "Unprocessable Content", 500: "Internal Server Error"
  ]

  static func status(_ code: Int, _ detail: String) -> ServiceError {
    ServiceError(status: code, title: titles[code] ?? "Error \(code)", detail: detail)
  }
}

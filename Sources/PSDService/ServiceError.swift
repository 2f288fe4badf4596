import PSDCore

/// One invalid field of a request: where it is (a JSON path such as `features.AMT_CREDIT`) and
/// what was expected.
package struct FieldError: Sendable, Equatable, Codable {
  package var field: String
  package var message: String

  package init(_ field: String, _ message: String) {
    self.field = field
    self.message = message
  }
}

/// A request the service refuses, with the HTTP status the adapter sends and the RFC 9457 problem
/// fields. The service never throws anything else for bad input: anything else is a server bug.
package struct ServiceError: Error, Sendable, Equatable {
  package var status: Int
  package var title: String
  package var detail: String
  package var errors: [FieldError]

  package init(status: Int, title: String, detail: String, errors: [FieldError] = []) {
    self.status = status
    self.title = title
    self.detail = detail
    self.errors = errors
  }

  package static func badRequest(_ detail: String) -> ServiceError {
    ServiceError(status: 400, title: "Bad Request", detail: detail)
  }
  package static func notFound(_ detail: String) -> ServiceError {
    ServiceError(status: 404, title: "Not Found", detail: detail)
  }
  package static func tooLarge(_ detail: String) -> ServiceError {
    ServiceError(status: 413, title: "Content Too Large", detail: detail)
  }
  package static func invalid(_ errors: [FieldError]) -> ServiceError {
    let detail =
      errors.count == 1
      ? "1 field is invalid: \(errors[0].field): \(errors[0].message)"
      : "\(errors.count) fields are invalid (see errors)"
    return ServiceError(status: 422, title: "Unprocessable Content", detail: detail, errors: errors)
  }

  /// "unknown client 12345" with a did-you-mean when a close name exists.
  static func unknownName(_ what: String, _ name: String, field: String, among candidates: [String]) -> FieldError {
    var message = "unknown \(what) '\(name)'"
    if let best = Suggestions.closest(to: name, among: candidates) { message += "; did you mean '\(best)'?" }
    return FieldError(field, message)
  }
}

/// An error a user can act on. Every layer throws it; the notebook adds the source location
/// (file:line:col) of the statement or argument that failed, so lower layers never see scripts.
package struct PSDError: Error, CustomStringConvertible, Equatable, Sendable {
  package enum Kind: String, Sendable {
    /// The statement is wrong: unknown name, column, option, bad value.
    case usage
    /// The data cannot do what was asked (bad CSV, type mismatch, empty frame).
    case data
    /// A file could not be read or written.
    case io
    /// A model file or model operation failed.
    case model
    /// The user interrupted the work (Ctrl-C).
    case cancelled
  }

  package var kind: Kind
  package var message: String
  /// Extra lines printed as `note: ...` (e.g. "did you mean 'AMT_CREDIT'?").
  package var notes: [String]
  /// The word in the statement this error is about (a column or option name), so the notebook
  /// can point its caret at that argument rather than at the command.
  package var subject: String?

  package init(_ kind: Kind, _ message: String, notes: [String] = [], subject: String? = nil) {
    self.kind = kind
    self.message = message
    self.notes = notes
    self.subject = subject
  }

  package var description: String {
    ([message] + notes.map { "note: \($0)" }).joined(separator: "\n")
  }

  package static func usage(_ message: String, notes: [String] = [], subject: String? = nil) -> PSDError {
    PSDError(.usage, message, notes: notes, subject: subject)
  }
  package static func data(_ message: String, notes: [String] = [], subject: String? = nil) -> PSDError {
    PSDError(.data, message, notes: notes, subject: subject)
  }
  package static func io(_ message: String, notes: [String] = []) -> PSDError {
    PSDError(.io, message, notes: notes)
  }

  /// "no column 'AMT_CREDT' in 'app'" with a did-you-mean note when a close name exists.
  package static func unknown(
    _ what: String, _ name: String, in container: String? = nil,
    candidates: [String]
  ) -> PSDError {
    var message = "no \(what) '\(name)'"
    if let container { message += " in '\(container)'" }
    var notes: [String] = []
    if let best = Suggestions.closest(to: name, among: candidates) {
      notes.append("did you mean '\(best)'?")
    }
    return PSDError(.usage, message, notes: notes, subject: name)
  }
}

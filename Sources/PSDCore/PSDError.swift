/// An error a user can act on. Every layer throws it; the notebook adds the source location
/// (file:line:col) of the statement or argument that failed, so lower layers never see scripts.
public struct PSDError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Kind: String, Sendable {
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

  public var kind: Kind
  public var message: String
  /// Extra lines printed as `note: ...` (e.g. "did you mean 'AMT_CREDIT'?").
  public var notes: [String]
  /// The word in the statement this error is about (a column or option name), so the notebook
  /// can point its caret at that argument rather than at the command.
  public var subject: String?

  public init(_ kind: Kind, _ message: String, notes: [String] = [], subject: String? = nil) {
    self.kind = kind
    self.message = message
    self.notes = notes
    self.subject = subject
  }

  public var description: String {
    ([message] + notes.map { "note: \($0)" }).joined(separator: "\n")
  }

  public static func usage(_ message: String, notes: [String] = [], subject: String? = nil) -> PSDError {
    PSDError(.usage, message, notes: notes, subject: subject)
  }
  public static func data(_ message: String, notes: [String] = [], subject: String? = nil) -> PSDError {
    PSDError(.data, message, notes: notes, subject: subject)
  }
  public static func io(_ message: String, notes: [String] = []) -> PSDError {
    PSDError(.io, message, notes: notes)
  }

  /// "no column 'AMT_CREDT' in 'app'" with a did-you-mean note when a close name exists.
  public static func unknown(_ what: String, _ name: String, in container: String? = nil,
                             candidates: [String]) -> PSDError {
    var message = "no \(what) '\(name)'"
    if let container { message += " in '\(container)'" }
    var notes: [String] = []
    if let best = Suggestions.closest(to: name, among: candidates) {
      notes.append("did you mean '\(best)'?")
    }
    return PSDError(.usage, message, notes: notes, subject: name)
  }
}

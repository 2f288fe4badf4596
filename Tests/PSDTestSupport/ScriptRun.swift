import Foundation
import PSDData
import PSDModels
import PSDNotebook

/// A session for a test: its output captured, relative paths resolved from `baseDirectory` (the
/// repository root unless told otherwise; nil: the process's working folder).
package func makeSession(
  baseDirectory: String? = repositoryRoot.path, settings: Settings = Settings(), keepGoing: Bool = false
) -> (Session, CapturingOutput) {
  let out = CapturingOutput()
  let session = Session(output: out, settings: settings)
  session.baseDirectory = baseDirectory
  session.keepGoing = keepGoing
  return (session, out)
}

/// What running psd source text printed and left behind.
package struct ScriptRun {
  package let session: Session
  package let output: CapturingOutput
  package let outcome: RunOutcome

  package var stdout: String { output.stdout }
  package var stderr: String { output.stderr }
  /// Both streams interleaved as written.
  package var combined: String { output.combined }
  package var succeeded: Bool { outcome == .succeeded }
  package func value(named name: String) -> Value? { session.value(named: name) }
}

/// Runs psd source text in a fresh session (see `makeSession`) and returns its output; `prepare`
/// runs first (to bind values, set a progress handler...).
@discardableResult
package func runScript(
  _ script: String, file: String = "t.psd", baseDirectory: String? = repositoryRoot.path,
  settings: Settings = Settings(), keepGoing: Bool = false, prepare: (Session) -> Void = { _ in }
) -> ScriptRun {
  let (session, out) = makeSession(baseDirectory: baseDirectory, settings: settings, keepGoing: keepGoing)
  prepare(session)
  let outcome = session.run(script: script, file: file)
  return ScriptRun(session: session, output: out, outcome: outcome)
}

/// A session's bindings by kind: nil when the name is unbound or holds another kind of value.
extension Session {
  package func frame(named name: String) -> DataFrame? {
    if case .frame(let f)? = value(named: name) { return f }
    return nil
  }

  package func model(named name: String) -> CreditModel? {
    if case .model(let m)? = value(named: name) { return m }
    return nil
  }

  package func number(named name: String) -> Double? {
    if case .number(let v)? = value(named: name) { return v }
    return nil
  }
}

import CEditLine
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Line editing on a terminal over libedit's native API: emacs keys, history across runs,
/// Tab completion, a continuation prompt while a bracket is open.
package final class EditLineReader: LineReader {
  private let el: OpaquePointer
  private let history: OpaquePointer
  private let state: EditorState
  package let historyPath: String?

  /// `historyPath` nil keeps history for this run only.
  package init(prompt: String, continuationPrompt: String, historyPath: String?, completer: Completer?) {
    state = EditorState(prompt: prompt, continuationPrompt: continuationPrompt, completer: completer)
    el = el_init(CommandLine.arguments.first ?? "psd", psd_stdin(), psd_stdout(), psd_stderr())
    history = history_init()
    self.historyPath = historyPath
    _ = psd_history_setsize(history, 2000)
    _ = psd_history_setunique(history, 1)
    if let historyPath { _ = psd_history_load(history, historyPath) }  // fails harmlessly if absent
    _ = psd_el_set_hist(el, history)
    _ = psd_el_set_editor(el, "emacs")
    // libedit restores the tty on fatal signals, handles SIGWINCH, and makes el_gets return on
    // Ctrl-C (count -1, EINTR) once a non-terminating SIGINT handler is installed.
    _ = psd_el_set_signal(el, 1)
    _ = psd_el_set_clientdata(el, Unmanaged.passUnretained(state).toOpaque())
    _ = psd_el_set_prompt(el, editorPrompt)
    _ = psd_el_addfn(el, "psd-complete", "Complete commands, names, columns and paths", editorComplete)
    _ = psd_el_bind(el, "^I", "psd-complete")
    _ = el_source(el, nil)  // ~/.editrc, if the user has one
  }

  deinit {
    history_end(history)
    el_end(el)  // restores the terminal
  }

  /// ~/.psd_history, or $PSD_HISTORY when set (tests and tmux checks use a scratch file).
  package static func defaultHistoryPath() -> String? {
    if let p = getenv("PSD_HISTORY") { return String(cString: p) }
    if let h = getenv("HOME"), h.pointee != 0 { return String(cString: h) + "/.psd_history" }
    if let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { return String(cString: dir) + "/.psd_history" }
    return nil
  }

  package func readLine(continuation: Bool) -> LineInput {
    state.continuation = continuation
    var count: Int32 = 0
    errno = 0
    guard let cline = el_gets(el, &count) else {
      if count == -1 && errno == EINTR {
        // Ctrl-C: libedit leaves the cursor on the edited line.
        fputs("^C\n", psd_stdout())
        fflush(psd_stdout())
        return .interrupted
      }
      fputs("\n", psd_stdout())  // Ctrl-D: end the prompt line so the shell prompt starts clean
      fflush(psd_stdout())
      return .end
    }
    var line = String(cString: cline)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// Saved after every entry, so a killed session loses nothing.
  package func addHistory(_ entry: String) {
    guard entry.contains(where: { !$0.isWhitespace }) else { return }
    _ = psd_history_enter(history, entry)
    if let historyPath {
      // libedit writes the file itself: under a temporary name beside it, renamed over the
      // history once complete, so a crash or a full disk mid-write never truncates it.
      let temporary = historyPath + ".psd-tmp-\(getpid())"
      if psd_history_save(history, temporary) >= 0 { rename(temporary, historyPath) } else { unlink(temporary) }
    }
  }
}

/// Mutable editor state reached from libedit's C callbacks through EL_CLIENTDATA.
final class EditorState {
  let prompt: UnsafeMutablePointer<CChar>
  let continuationPrompt: UnsafeMutablePointer<CChar>
  var continuation = false
  let completer: Completer?

  init(prompt: String, continuationPrompt: String, completer: Completer?) {
    // libedit keeps the prompt pointer: it must outlive every el_gets call.
    self.prompt = strdup(prompt)
    self.continuationPrompt = strdup(continuationPrompt)
    self.completer = completer
  }

  deinit {
    free(prompt)
    free(continuationPrompt)
  }
}

private func editorState(_ el: OpaquePointer?) -> EditorState? {
  guard let el, let raw = psd_el_get_clientdata(el) else { return nil }
  return Unmanaged<EditorState>.fromOpaque(raw).takeUnretainedValue()
}

private func editorPrompt(_ el: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  guard let state = editorState(el) else { return nil }
  return state.continuation ? state.continuationPrompt : state.prompt
}

private func editorComplete(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
  guard let el, let state = editorState(el), let info = el_line(el),
    let buffer = info.pointee.buffer, let cursor = info.pointee.cursor, let last = info.pointee.lastchar
  else { return UInt8(CC_ERROR) }
  let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
  let after = String(decoding: UnsafeRawBufferPointer(start: cursor, count: last - cursor), as: UTF8.self)

  let action: CompletionAction
  var shown: (String) -> String = { $0 }
  if let partial = PathCompletion.openLiteral(before) {
    action = CompletionPlan.plan(
      typed: partial, matches: PathCompletion.candidates(for: partial),
      terminator: PathCompletion.terminator)
    shown = { path in
      let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
      let name = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
      return path.hasSuffix("/") ? name + "/" : name
    }
  } else if let completer = state.completer {
    action = CompletionPlan.plan(before: before, candidates: completer(before + after, before.count))
  } else {
    action = .none
  }

  switch action {
  case .none:
    return UInt8(CC_ERROR)  // beep
  case .insert(let text):
    _ = text.withCString { el_insertstr(el, $0) }
    return UInt8(CC_REFRESH)
  case .list(let words):
    let width = Terminal.columns(STDOUT_FILENO) ?? 80
    fputs("\n" + CompletionPlan.columns(words.map(shown), width: width) + "\n", psd_stdout())
    fflush(psd_stdout())
    return UInt8(CC_REDISPLAY)
  }
}

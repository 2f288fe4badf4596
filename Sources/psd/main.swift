import PSDCore
import PSDLineEdit
import PSDNotebook
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// psd: the REPL on a terminal, the script runner otherwise. Exit codes: see ExitCode.swift.
func main() -> ExitCode {
  if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "serve" {
    TerminalOutput.put(ServeLauncher.exec(Array(CommandLine.arguments.dropFirst(2))) + "\n", to: STDERR_FILENO)
    return .usage
  }
  let arguments: Arguments
  do {
    arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
  } catch {
    TerminalOutput.put(
      "psd: \(error)\nusage: psd [--report FILE] [SCRIPT.psd]   (psd --help for more)\n",
      to: STDERR_FILENO)
    return .usage
  }
  switch arguments.mode {
  case .help:
    let help = Terminal.userLocaleIsUTF8() ? Arguments.help : TerminalText.ascii(Arguments.help)
    TerminalOutput.put(help + "\n", to: STDOUT_FILENO)
    return .ok
  case .version:
    TerminalOutput.put("psd \(PSDVersion.current)\n", to: STDOUT_FILENO)
    return .ok
  case .script, .standardInput:
    break
  }

  let userUTF8 = Terminal.userLocaleIsUTF8()
  Terminal.ensureUTF8Locale()
  // Progress only when stderr is a terminal: never in pipes, logs or reports.
  let progress =
    Terminal.isTerminal(STDERR_FILENO)
    ? ProgressLine(width: { Terminal.columns(STDERR_FILENO) ?? 80 }) : nil
  let session = Session(output: TerminalOutput(progress: progress))
  session.interrupt = InterruptFlag.shared
  if let progress {
    session.progress = { progress.show($0) }
    session.statementFinished = { progress.clear() }
  }
  if !userUTF8 { session.settings.charset = "ascii" }
  // Colour only on a terminal, never when NO_COLOR is set.
  session.settings.color = Terminal.isTerminal(STDOUT_FILENO) && getenv("NO_COLOR") == nil
  // Long messages wrap at word boundaries on a terminal (pipes and files keep one line each).
  session.settings.wrap = Terminal.isTerminal(STDOUT_FILENO)

  let interactive =
    arguments.mode == .standardInput
    && (arguments.forceREPL || Terminal.isTerminal(STDIN_FILENO))
  if interactive && arguments.reportPath != nil {
    TerminalOutput.put(
      "psd: --report needs a script: psd study.psd --report study.md (or psd --report study.md < study.psd)\n",
      to: STDERR_FILENO)
    return .usage
  }
  if interactive {
    InterruptWiring.installForREPL()
    let reader: LineReader
    if Terminal.isTerminal(STDIN_FILENO) {
      TerminalOutput.put(
        TerminalText.present(
          "psd \(PSDVersion.current) — type 'help' for commands, Ctrl-D to quit\n",
          session.settings), to: STDOUT_FILENO)
      reader = EditLineReader(
        prompt: REPL.prompt, continuationPrompt: REPL.continuationPrompt,
        historyPath: arguments.useHistory ? EditLineReader.defaultHistoryPath() : nil,
        completer: { line, cursor in session.completions(line: line, cursor: cursor) })
    } else {
      reader = PlainLineReader()
    }
    var repl = REPL(session: session, reader: reader, progress: progress)
    if Terminal.isTerminal(STDIN_FILENO) { repl.terminalWidth = { Terminal.columns(STDOUT_FILENO) } }
    return repl.run()
  }

  InterruptWiring.installForScript()
  if case .script(let path) = arguments.mode { InputFiles.record(path) }
  if let reportPath = arguments.reportPath {
    do { try ScriptRunner.checkReportDestination(reportPath) } catch {
      TerminalOutput.put("psd: \(error)\n", to: STDERR_FILENO)
      return .ioError
    }
  }
  let source: String
  let name: String
  do {
    if case .script(let path) = arguments.mode {
      source = try ScriptRunner.read(path: path)
      name = path
    } else {
      (source, name) = try ScriptRunner.readStandardInput()
    }
  } catch {
    TerminalOutput.put("psd: \(error)\n", to: STDERR_FILENO)
    return .noInput
  }
  return ScriptRunner(session: session, reportPath: arguments.reportPath).run(source: source, file: name)
}

exit(main().rawValue)

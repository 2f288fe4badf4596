import PSDCore

/// What the command line asked for.
struct Arguments {
  enum Mode: Equatable {
    case help
    case version
    /// Interactive (or, with a pipe on stdin, the piped script).
    case standardInput
    case script(path: String)
  }

  var mode: Mode = .standardInput
  /// `--report FILE`: `.html` writes HTML, anything else Markdown.
  var reportPath: String?
  /// `--repl`: read stdin entry by entry like the REPL (errors do not stop), even from a pipe.
  var forceREPL = false
  /// `--no-history`: do not read or write ~/.psd_history.
  var useHistory = true

  static let options = ["--help", "--version", "--report", "--repl", "--no-history"]

  static func parse(_ argv: [String]) throws -> Arguments {
    var result = Arguments()
    var rest = argv[...]
    var scriptPath: String?
    while let arg = rest.popFirst() {
      switch arg {
      case "-h", "--help": return Arguments(mode: .help)
      case "-V", "--version": return Arguments(mode: .version)
      case "--report":
        guard let path = rest.popFirst(), !path.isEmpty else {
          throw PSDError.usage("--report needs a file name, e.g. --report study.md")
        }
        result.reportPath = path
      case "--repl": result.forceREPL = true
      case "--no-history": result.useHistory = false
      case "-": scriptPath = scriptPath ?? "-"
      default:
        if arg.hasPrefix("--report=") {
          result.reportPath = String(arg.dropFirst("--report=".count))
        } else if arg.hasPrefix("-") {
          throw PSDError.unknown("option", arg, candidates: options)
        } else if scriptPath != nil {
          throw PSDError.usage(
            "only one script can run at a time, got '\(scriptPath!)' and '\(arg)'",
            notes: ["a script can run another with: run \"other.psd\""])
        } else {
          scriptPath = arg
        }
      }
    }
    if let scriptPath, scriptPath != "-" { result.mode = .script(path: scriptPath) }
    if result.forceREPL && scriptPath != nil && scriptPath != "-" {
      throw PSDError.usage("--repl reads standard input; it cannot be combined with a script file")
    }
    if result.forceREPL && result.reportPath != nil {
      throw PSDError.usage("--report needs a script run, not --repl")
    }
    return result
  }

  static let help = """
    psd — a credit-scoring notebook for the terminal

    usage:
      psd                          interactive notebook (REPL)
      psd study.psd                run a script top to bottom; stops at the first failing statement
      psd < study.psd              the same, from a pipe or redirect (no prompts, no escape codes)
      psd study.psd --report study.md    run it and write an executed notebook (.md, or .html)
      psd serve MODEL.psdm [--clients FILE] [--port 8080]   the scoring API (runs psd-serve; Docs/api.md)

    options:
      --report FILE   write an executed-notebook report: every statement with its output and time,
                      psd version, date, and the SHA-256 of every input file a `load` read
      --repl          read standard input entry by entry like the REPL (an error does not stop it)
      --no-history    do not read or write ~/.psd_history (PSD_HISTORY names another file)
      -h, --help      this help
      -V, --version   the psd version

    exit codes:
      0    ok
      64   usage: bad command line
      65   script error: a syntax error, or a statement failed
      66   the script file cannot be opened
      74   I/O error: the report cannot be written
      130  interrupted by Ctrl-C

    In the REPL: Tab completes commands, names, columns after `x.`, and paths inside quotes;
    Up/Down recall history; Ctrl-C drops the line or stops a running command; Ctrl-D exits.
    Type `help` for the commands.
    """
}

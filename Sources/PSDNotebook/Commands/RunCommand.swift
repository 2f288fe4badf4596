/// `run "other.psd"`: runs another script in this session (nested up to 16 deep; a cycle is an error).
enum RunCommand {
  static let spec = CommandSpec(
    name: "run", topic: "session",
    usage: ["run \"SCRIPT.psd\""],
    summary: "run another script in this session",
    details:
      "The script's statements run one by one, as if typed here; it stops at its first failing statement. Scripts may run other scripts, up to 16 deep; a script that runs itself again (a cycle) is an error.",
    options: [OptionSpec("quiet", .flag, default: false, "hide the script's output (errors still show)")],
    examples: ["run \"Examples/home_credit_features.psd\"", "run \"Examples/home_credit_features.psd\" quiet=true"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    guard let expr = c.nextArgument else { throw c.error("run: expected a script path in quotes") }
    let path = try c.quoted("a script path in quotes")
    try c.session.runNested(path: path, at: expr, quiet: try c.bool("quiet"))
  }
}

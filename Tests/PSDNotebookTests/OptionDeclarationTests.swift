import Foundation
import Testing
import PSDData
import PSDLanguage
import PSDModels
@testable import PSDNotebook

/// Options are declared once (issue 12, item 2): kind, range or choices, default and help. The
/// model parameters come from the tables next to GBDTOptions and LogisticOptions; parsing, the
/// script check, help, completion and Docs/language.md all read the declarations.

private func session() throws -> (Session, CapturingOutput) {
  let out = CapturingOutput()
  let s = Session(output: out)
  var ids: [Int64] = [], ratio: [Double] = [], target: [Int64] = []
  for i in 0..<300 {
    let r = Double((i * 37) % 100) / 100
    ids.append(Int64(100_000 + i))
    ratio.append(r)
    target.append((i * 7919) % 100 < Int(10 + 60 * r) ? 1 : 0)
  }
  s.bind(
    "data",
    .frame(try DataFrame(columns: [.int("SK_ID_CURR", ids), .float("DEBT_RATIO", ratio), .int("TARGET", target)])))
  return (s, out)
}

private func model(_ s: Session, _ name: String) -> CreditModel? {
  if case .model(let m)? = s.value(named: name) { return m }
  return nil
}

@Test func everyDeclaredModelDefaultIsTheStructsDefault() {
  // By value, so a table row pointing at the wrong field of the struct fails.
  let gbdt: [String: OptionValue] = [
    "trees": .integer(100), "rate": .number(0.1), "leaves": .integer(31), "depth": .integer(0),
    "min_leaf": .integer(20),
    "min_hessian": .number(1e-3), "l1": .number(0), "l2": .number(0), "min_gain": .number(0), "subsample": .number(1),
    "colsample": .number(1), "bins": .integer(255), "stop": .integer(50), "cat_smooth": .number(10),
    "cat_min_rows": .integer(100), "balance": .text("none"), "scale_pos": .number(1)
  ]
  #expect(GBDTOptions.parameters.map(\.name).sorted() == gbdt.keys.sorted())
  for p in GBDTOptions.parameters {
    #expect(OptionValue(p.value(in: GBDTOptions())) == gbdt[p.name], "gbdt \(p.name)")
  }
  let logistic: [String: OptionValue] = [
    "l2": .number(1), "balance": .text("none"), "scale_pos": .number(1), "iterations": .integer(500),
    "tolerance": .number(1e-6)
  ]
  #expect(LogisticOptions.parameters.map(\.name).sorted() == logistic.keys.sorted())
  for p in LogisticOptions.parameters {
    #expect(OptionValue(p.value(in: LogisticOptions())) == logistic[p.name], "logistic \(p.name)")
  }

  // Every command option built from a table shows the struct's default (a shared option names
  // each learner's when they differ: "0 (gbdt), 1 (logistic, scorecard)").
  func shows(_ option: OptionSpec, _ value: ParameterValue) -> Bool {
    let text = option.defaultValue.text ?? ""
    let d = OptionValue(value).description
    return text == d || text.hasPrefix("\(d) (") || text.contains(", \(d) (")
  }
  for spec in [TrainCommand.spec, CVCommand.spec, TuneCommand.spec] {
    for option in spec.options {
      if let p = GBDTOptions.parameter(option.name) {
        #expect(shows(option, p.value(in: GBDTOptions())), "\(spec.name) \(option.name): \(option.defaultValue)")
      }
      if spec.name != "tune", let p = LogisticOptions.parameter(option.name) {
        #expect(shows(option, p.value(in: LogisticOptions())), "\(spec.name) \(option.name): \(option.defaultValue)")
        #expect(
          shows(option, p.value(in: ScorecardOptions().logistic)), "\(spec.name) \(option.name): \(option.defaultValue)"
        )
      }
    }
  }
  // Options that only one learner has keep a typed default.
  #expect(TrainCommand.spec.option("trees")?.defaultValue == .value(.integer(100)))
  #expect(TrainCommand.spec.option("iterations")?.defaultValue == .value(.integer(500)))
  #expect(TrainCommand.spec.option("l2")?.defaultValue.text == "0 (gbdt), 1 (logistic, scorecard)")
  #expect(TuneCommand.spec.option("cat_smooth")?.defaultValue == .value(.number(10)))
}

@Test func declaredValuesAreWrittenThroughTheTables() throws {
  let (s, out) = try session()
  let outcome = s.run(
    script: """
      m = train gbdt on data exclude=[SK_ID_CURR] trees=7 leaves=5 rate=0.2 balance=weights min_leaf=5
      lr = train logistic on data exclude=[SK_ID_CURR] l2=3 balance=weights scale_pos=2 iterations=50
      d = train gbdt on data exclude=[SK_ID_CURR] min_leaf=5
      """, file: "t.psd")
  #expect(outcome == .succeeded, "\(out.combined)")
  let m = try #require(model(s, "m"))
  #expect(m.summary["trees"] == "7")
  #expect(m.summary["leaves"] == "5")
  #expect(m.summary["rate"] == "0.2")
  #expect(m.summary["balance"] == "weights")
  let lr = try #require(model(s, "lr"))
  #expect(lr.summary["l2"] == "3.0")
  #expect(lr.summary["balance"] == "weights")
  #expect(lr.summary["scale_pos"] == "2.0")
  let d = try #require(model(s, "d"))
  #expect(d.summary["trees"] == String(GBDTOptions().trees))
  #expect(d.summary["leaves"] == String(GBDTOptions().leaves))
}

/// Runs one statement that must fail; returns what it printed on the diagnostic stream.
private func failure(_ statement: String) throws -> String {
  let (s, out) = try session()
  let outcome = s.run(script: statement + "\n", file: "t.psd")
  #expect(outcome != .succeeded, "\(statement) should fail")
  return out.stderr
}

@Test func anOutOfRangeValueNamesTheOptionTheRuleAndTheValue() throws {
  #expect(
    try failure("m = train gbdt on data exclude=[SK_ID_CURR] rate=1.5")
      .contains("error: option 'rate' must be in (0, 1], found 1.5"))
  #expect(
    try failure("m = train gbdt on data exclude=[SK_ID_CURR] trees=0")
      .contains("error: option 'trees' must be at least 1, found 0"))
  #expect(
    try failure("m = train gbdt on data exclude=[SK_ID_CURR] bins=300")
      .contains("error: option 'bins' must be between 2 and 255, found 300"))
  #expect(
    try failure("m = train logistic on data exclude=[SK_ID_CURR] tolerance=0")
      .contains("error: option 'tolerance' must be greater than 0, found 0"))
  #expect(
    try failure("a, b = split data ratio=1.5")
      .contains("error: option 'ratio' must be in (0, 1), found 1.5"))
  #expect(try failure("show data limit=-1").contains("error: option 'limit' must be 0 or more, found -1"))
  // A whole number where one goes, wherever the value comes from.
  #expect(
    try failure("n = 2.5\nm = train gbdt on data exclude=[SK_ID_CURR] trees=n")
      .contains("error: option 'trees' expects a whole number, found n"))
}

@Test func aBadChoiceListsTheChoicesWithDidYouMean() throws {
  let gbdt = try failure("m = train gbdt on data exclude=[SK_ID_CURR] balance=weigths")
  #expect(gbdt.contains("error: option 'balance' has no value 'weigths'"), "\(gbdt)")
  #expect(gbdt.contains("note: did you mean 'weights'?"), "\(gbdt)")
  #expect(gbdt.contains("note: expected one of: none, weights, undersample"), "\(gbdt)")
  // Logistic reads balance with its own table's choices.
  let logistic = try failure("m = train logistic on data exclude=[SK_ID_CURR] balance=undersample")
  #expect(logistic.contains("note: expected one of: none, weights"), "\(logistic)")
  // The same declaration checks a script before it runs.
  let parsed = Parser.parse("c = corr data method=spearmn\n", file: "t.psd")
  let found = ScriptChecker.check(parsed.statements, known: ["data"])
  #expect(found.map(\.message) == ["option 'method' has no value 'spearmn'"])
  #expect(found.first?.notes == ["did you mean 'spearman'?", "expected one of: pearson, spearman"])
}

@Test func theScriptCheckReadsKindsFromTheDeclarations() {
  func check(_ line: String) -> [String] {
    ScriptChecker.check(Parser.parse(line + "\n", file: "t.psd").statements, known: ["data", "m"]).map(\.message)
  }
  #expect(check("m = train gbdt on data rate=\"fast\"") == ["option 'rate' of train expects a number, found \"fast\""])
  #expect(check("m = train gbdt on data trees=2.5") == ["option 'trees' of train expects a whole number, found 2.5"])
  #expect(check("r = run \"x.psd\" quiet=1") == ["option 'quiet' of run expects true or false, found 1"])
  #expect(
    check("m = tune gbdt on data budget=\"long\"") == [
      "option 'budget' of tune expects a duration like 120s, found \"long\""
    ])
  // Ranges are checked when the statement runs, not before.
  #expect(check("m = train gbdt on data trees=0").isEmpty)
}

@Test func helpShowsTheDeclaredDefaultAndRange() {
  let page = HelpCommand.page(for: TrainCommand.spec, width: 200)
  #expect(page.contains("trees=N"), "\(page)")
  #expect(page.contains("boosting rounds (default 100; at least 1)"), "\(page)")
  #expect(page.contains("learning rate (default 0.1; in (0, 1])"), "\(page)")
  #expect(page.contains("balance=none|weights|undersample"), "\(page)")
  #expect(page.contains("seed=N") && page.contains("random seed (default the session seed)"), "\(page)")
  let join = HelpCommand.page(for: JoinCommand.spec, width: 200)
  #expect(join.contains("kind=left|inner") && join.contains("left or inner (default left)"), "\(join)")
  // The docs are generated from the same rows.
  let docs = ReferenceDocs.markdown()
  #expect(docs.contains("| `trees` | `N` (at least 1) | 100 | boosting rounds |"), "trees row")
}

@Test func completionOffersADeclaredOptionsChoices() throws {
  let (s, _) = try session()
  #expect(s.completions(line: "j = join data data on SK_ID_CURR kind=", cursor: 39) == ["left", "inner"])
  #expect(s.completions(line: "m = train gbdt on data balance=w", cursor: 32) == ["weights"])
  #expect(s.completions(line: "aggregate data by SK_ID_CURR {} size=", cursor: 37) == ["true", "false"])
  #expect(s.completions(line: "m = train gbdt on data tre", cursor: 26).contains("trees="))
}

@Test func everyCommandOptionIsTyped() {
  for spec in CommandTable.all {
    for option in spec.options {
      // Only a few options hold a list or block the command reads itself.
      if case .structured = option.kind {
        #expect(["missing", "types", "levels", "monotone"].contains(option.name), "\(spec.name) \(option.name)")
      }
      #expect(
        !option.summary.contains("(default"), "\(spec.name) \(option.name): the default belongs in the declaration")
    }
  }
}

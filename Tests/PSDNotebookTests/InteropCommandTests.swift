import Foundation
import Testing
import PSDTestSupport
import PSDData
import PSDModels
@testable import PSDNotebook

/// `load model ... format=lightgbm`, `save ... format=lightgbm` and `tune gbdt` through the language.
@Suite struct InteropCommandTests {
  static let fixtures = repositoryRoot.appendingPathComponent("Tests/PSDModelsTests/Fixtures/LightGBM").path

  @Test("a LightGBM model scores, evaluates, thresholds, calibrates, explains, and saves both ways")
  func lightGBMModelThroughTheLanguage() throws {
    let dir = TemporaryDirectory("interop")
    defer { dir.remove() }
    let script = """
      app = load "\(repositoryRoot.path)/Examples/data/application_train.csv"
      m = load model "\(Self.fixtures)/categorical.txt" format=lightgbm
      evaluate m on app
      m = threshold m on app cost fn=10 fp=1
      explain m on app client=100004
      whatif m on app client=100004 EXT_SOURCE_3=0.9
      save m "m.txt" format=lightgbm
      back = load model "m.txt" format=lightgbm
      m = calibrate m on app method=platt
      save m "m.psdm"
      again = load model "m.psdm"
      """
    let run = runScript(script, file: "interop.psd", baseDirectory: dir.path)
    let (s, out) = (run.session, run.output)
    #expect(run.succeeded, "\(out.combined)")
    #expect(out.stdout.contains("from LightGBM: features matched to frame columns by name, 4 categorical by label"))
    #expect(out.stdout.contains("ROC AUC"))
    #expect(out.stdout.contains("client 100004: PD"))
    guard case .model(let m)? = s.value(named: "m"), case .model(let back)? = s.value(named: "back"),
      case .frame(let app)? = s.value(named: "app")
    else { Issue.record("missing values"); return }
    #expect(m.calibration != nil)
    #expect(try back.rawScores(back.featureMatrix(app)) == m.rawScores(m.featureMatrix(app)))
  }

  @Test("clear errors: unknown format, missing columns, a calibrated model to LightGBM, a logistic model")
  func errors() throws {
    let (s, out) = makeSession(baseDirectory: NSTemporaryDirectory())
    #expect(
      s.run(script: "m = load model \"\(Self.fixtures)/numeric_missing.txt\" format=lightgbn", file: "e.psd")
        != .succeeded)
    #expect(out.stderr.contains("did you mean 'lightgbm'?"))
    #expect(
      s.run(script: "m = load model \"\(Self.fixtures)/numeric_missing.txt\" format=lightgbm", file: "e.psd")
        == .succeeded)
    #expect(
      s.run(script: "x = load \"\(Self.fixtures)/psd_export.input.csv\"\ns = score m on x", file: "e.psd") != .succeeded
    )
    #expect(out.stderr.contains("the model needs") && out.stderr.contains("AMT_REQ_CREDIT_BUREAU_YEAR"))
    #expect(
      s.run(script: "m = load model \"\(Self.fixtures)/psd_export.input.csv\" format=lightgbm", file: "e.psd")
        != .succeeded)
    #expect(out.stderr.contains("not a LightGBM text model"))
  }

  @Test("tune: trials=N prints the table and returns the refit model; the same seed, the same model")
  func tuneThroughTheLanguage() throws {
    func run() throws -> (CreditModel, String) {
      let script = """
        app = load "\(repositoryRoot.path)/Examples/data/application_train.csv"
        app = select app [SK_ID_CURR, TARGET, EXT_SOURCE_1, EXT_SOURCE_2, EXT_SOURCE_3, AMT_CREDIT, NAME_EDUCATION_TYPE]
        m = tune gbdt on app target=TARGET exclude=[SK_ID_CURR] trials=3 folds=3 max_trees=60 stop=10 seed=2
        """
      let run = runScript(script, file: "tune.psd", baseDirectory: nil)
      #expect(run.succeeded, "\(run.combined)")
      guard case .model(let m)? = run.value(named: "m") else { throw CancellationError() }
      return (m, run.stdout)
    }
    let (a, text) = try run()
    let (b, _) = try run()
    #expect(text.contains("CV AUC ± sd"))
    #expect(text.contains("best: trial "))
    #expect(text.contains("refit on all 3,001 rows"))
    #expect(a.summary["tuned"]?.hasPrefix("3 trials") == true)
    // Like train, tune keeps the recipe: the tuned model scores raw applications.
    #expect(a.recipe?.inputs.map(\.name) == ["application"])
    guard case .gbdt(let ta) = a.estimator, case .gbdt(let tb) = b.estimator else { Issue.record("not gbdt"); return }
    #expect(ta.trees == tb.trees)
  }
}

import Foundation
import Testing
import PSDCore
import PSDData
@testable import PSDModels

/// LightGBM models read by psd predict and explain exactly what lightgbm 4.7 does; psd models
/// written in LightGBM's format are what lightgbm predicts. The fixtures are made by
/// Scripts/lightgbm_fixtures.py and Scripts/lightgbm_crosscheck.py --fixture.
@Suite struct LightGBMInteropTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/LightGBM")

  static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  static func frame(_ name: String) throws -> DataFrame {
    try CSVReader.read(path: path(name)).frame
  }

  static func column(_ frame: DataFrame, _ name: String) -> [Double] {
    frame[name]!.doubles()!
  }

  @Test(
    "scores and contributions equal LightGBM's predict and pred_contrib",
    arguments: ["numeric_missing", "zero_missing", "categorical", "integer_categorical"])
  func importedModelMatchesLightGBM(name: String) throws {
    let model = try LightGBMModelFile.load(from: Self.path(name + ".txt"))
    let input = try Self.frame(name + ".input.csv")
    let expected = try Self.frame(name + ".expected.csv")
    let x = try model.featureMatrix(input)
    let raw = model.rawScores(x), pd = model.probabilities(x)
    let wantRaw = Self.column(expected, "RAW"), wantPD = Self.column(expected, "PD")
    #expect(raw.count == wantRaw.count && raw.count > 100)
    var rawGap = 0.0, pdGap = 0.0
    for i in raw.indices {
      rawGap = max(rawGap, abs(raw[i] - wantRaw[i]))
      pdGap = max(pdGap, abs(pd[i] - wantPD[i]))
    }
    #expect(rawGap <= 1e-12, "\(name): raw score off by \(rawGap)")
    #expect(pdGap <= 1e-12, "\(name): PD off by \(pdGap)")

    let phi = try model.contributions(x)
    let wantBase = Self.column(expected, "PHI_BASE")
    var phiGap = 0.0
    for (f, spec) in model.features.enumerated() {
      let want = Self.column(expected, "PHI_" + spec.name)
      for r in 0..<phi.rowCount { phiGap = max(phiGap, abs(phi.values[r * phi.features.count + f] - want[r])) }
    }
    #expect(phiGap <= 1e-9, "\(name): contribution off by \(phiGap)")
    #expect(abs(phi.base - wantBase[0]) <= 1e-9)
  }

  @Test(
    "contributions equal shap's TreeExplainer: its API and, where it reads the trees, its own TreeSHAP",
    arguments: ["numeric_missing", "zero_missing", "categorical", "integer_categorical"])
  func importedModelMatchesShap(name: String) throws {
    // NAME.shap.csv (Scripts/lightgbm_shap_fixtures.py): the first rows of NAME.input.csv.
    let model = try LightGBMModelFile.load(from: Self.path(name + ".txt"))
    let shap = try Self.frame(name + ".shap.csv")
    let input = try Self.frame(name + ".input.csv").gather(Array(0..<shap.rowCount))
    #expect(shap.rowCount >= 100)
    #expect(Self.column(shap, "SK_ID_CURR") == Self.column(input, "SK_ID_CURR"))
    let phi = try model.contributions(try model.featureMatrix(input))
    let n = phi.features.count
    var apiGap = 0.0, ownGap = 0.0, ownRows = Set<Int>()
    for (f, spec) in model.features.enumerated() {
      let api = Self.column(shap, "SHAP_" + spec.name)
      // shap's own algorithm: empty where the script left it out (a column of empty cells may be read as text).
      let own = shap["SHAPI_" + spec.name]?.doubles() ?? [Double](repeating: .nan, count: shap.rowCount)
      for r in 0..<shap.rowCount {
        let v = phi.values[r * n + f]
        apiGap = max(apiGap, abs(v - api[r]))
        if !own[r].isNaN {
          ownGap = max(ownGap, abs(v - own[r]))
          ownRows.insert(r)
        }
      }
    }
    #expect(apiGap <= 1e-9, "\(name): contribution off shap's TreeExplainer by \(apiGap)")
    #expect(abs(phi.base - Self.column(shap, "SHAP_BASE")[0]) <= 1e-9)
    #expect(ownGap <= 1e-9, "\(name): contribution off shap's own TreeSHAP by \(ownGap)")
    if ["numeric_missing", "integer_categorical"].contains(name) {
      #expect(ownRows.count >= 80, "\(name): shap's own TreeSHAP should cover most rows, found \(ownRows.count)")
      let base = shap["SHAPI_BASE"]?.doubles()?.first { !$0.isNaN } ?? .nan
      #expect(abs(phi.base - base) <= 1e-9)
    }
  }

  @Test("the fixtures exercise every decision kind the reader decodes")
  func fixturesCoverDecisionKinds() throws {
    let zero = try LightGBMModelFile.load(from: Self.path("zero_missing.txt"))
    let categorical = try LightGBMModelFile.load(from: Self.path("categorical.txt"))
    let integer = try LightGBMModelFile.load(from: Self.path("integer_categorical.txt"))
    func nodes(_ m: CreditModel) -> [TreeNode] {
      guard case .gbdt(let b) = m.estimator else { return [] }
      return b.trees.flatMap(\.nodes).filter { !$0.isLeaf }
    }
    #expect(nodes(zero).contains { $0.zeroAsMissing })
    #expect(nodes(categorical).contains { $0.categoriesLeft != nil })
    #expect(
      categorical.features.filter(\.isCategorical).map(\.name)
        == ["NAME_EDUCATION_TYPE", "CODE_GENDER", "NAME_INCOME_TYPE", "OCCUPATION_TYPE"])
    // The integer-coded category stays a numeric column, split by codes.
    #expect(!integer.features.contains { $0.isCategorical })
    #expect(nodes(integer).contains { $0.categoriesLeft != nil })
  }

  @Test("an imported model survives a .psdm round trip, zero-as-missing included")
  func psdmRoundTrip() throws {
    let model = try LightGBMModelFile.load(from: Self.path("zero_missing.txt"))
    let bytes = try ModelFile.encode(model)
    let back = try ModelFile.decode(bytes)
    let x = try model.featureMatrix(try Self.frame("zero_missing.input.csv"))
    #expect(back.rawScores(x) == model.rawScores(x))
    // Format 3 only when a node needs it, so psd of format 2 keeps reading ordinary models.
    #expect(bytes[8] == 3)
    let plain = try LightGBMModelFile.load(from: Self.path("numeric_missing.txt"))
    #expect(try ModelFile.encode(plain)[8] == 2)
  }

  @Test("psd's export is read by LightGBM as psd predicts it, and reads back the same")
  func exportMatchesLightGBM() throws {
    // psd_export.txt was written by psd; its expected scores are lightgbm's predictions.
    let model = try LightGBMModelFile.load(from: Self.path("psd_export.txt"))
    let x = try model.featureMatrix(try Self.frame("psd_export.input.csv"))
    let expected = try Self.frame("psd_export.expected.csv")
    let raw = model.rawScores(x), wantRaw = Self.column(expected, "RAW")
    let gap = zip(raw, wantRaw).map { abs($0 - $1) }.max() ?? .infinity
    #expect(gap <= 1e-12, "raw score off by \(gap)")
    // Writing it again gives the same trees.
    let again = try LightGBMModelFile.decode(try LightGBMModelFile.encode(model))
    #expect(again.rawScores(x) == raw)
  }

  @Test("a freshly trained psd model exports and re-imports to the same scores, bit for bit")
  func trainedModelRoundTrip() throws {
    let input = try Self.frame("psd_export.input.csv")
    let labels = Self.column(input, "EXT_SOURCE_2").map { $0.isNaN ? 0.0 : ($0 < 0.3 ? 1.0 : 0.0) }
    var columns = input.columns
    columns.append(.float("TARGET", labels))
    let frame = try DataFrame(columns: columns)
    var options = GBDTOptions()
    options.trees = 15
    options.leaves = 7
    options.minLeaf = 5
    options.catMinRows = 5
    options.balance = .weights
    let model = try CreditModel.trainGBDT(
      on: frame, target: "TARGET", exclude: ["SK_ID_CURR", "EXT_SOURCE_2"],
      options: options)
    let text = try LightGBMModelFile.encode(model)
    #expect(text.hasPrefix("tree\nversion=v4\n"))
    let back = try LightGBMModelFile.decode(text)
    let x = try model.featureMatrix(frame)
    #expect(back.rawScores(x) == model.rawScores(x))
    #expect(back.features == model.features)
    // tree_sizes are the byte lengths of the tree blocks (lightgbm uses them to split the file).
    let sizes = text.split(separator: "\n").first { $0.hasPrefix("tree_sizes=") }!
      .dropFirst("tree_sizes=".count).split(separator: " ").compactMap { Int($0) }
    #expect(sizes.count == 15)
    let blocks = text.components(separatedBy: "\nTree=").dropFirst()
    let measured = blocks.enumerated().map { k, block -> Int in
      let text = k == blocks.count - 1 ? String(block[..<block.range(of: "end of trees")!.lowerBound]) : block
      return ("Tree=" + text).utf8.count + (k == blocks.count - 1 ? 0 : 1)
    }
    #expect(measured == sizes)
  }

  @Test("what the reader refuses gets a message naming the field")
  func refusals() throws {
    let text = try String(contentsOfFile: Self.path("numeric_missing.txt"), encoding: .utf8)
    func message(_ edit: (String) -> String) -> String {
      do {
        _ = try LightGBMModelFile.decode(edit(text), name: "m.txt")
        return "accepted"
      } catch let e as PSDError {
        return e.message
      } catch {
        return "\(error)"
      }
    }
    #expect(message { $0.replacingOccurrences(of: "num_class=1", with: "num_class=3") }.contains("multiclass"))
    #expect(
      message { $0.replacingOccurrences(of: "objective=binary sigmoid:1", with: "objective=regression") }
        .contains("objective=regression"))
    #expect(
      message { $0.replacingOccurrences(of: "objective=binary sigmoid:1", with: "objective=binary sigmoid:2") }
        .contains("sigmoid:2"))
    #expect(
      message { $0.replacingOccurrences(of: "label_index=0", with: "label_index=0\naverage_output") }
        .contains("random forest"))
    #expect(
      message { text in
        var t = text
        t.replaceSubrange(t.range(of: "is_linear=0")!, with: "is_linear=1")
        return t
      }.contains("linear trees"))
    #expect(message { $0.replacingOccurrences(of: "version=v4", with: "version=v3") }.contains("version v3"))
    #expect(message { _ in "PSDMODEL" }.contains("not a LightGBM text model"))
    #expect(
      message { $0.replacingOccurrences(of: "left_child=", with: "left_child=99 ") }.contains("corrupted in tree 0"))
  }

  // Found reading the reader for its fuzz target: a damaged num_cat overflowed `catCount + 1`,
  // and a categorical split's NaN or huge threshold trapped converting it to an index.
  @Test("a damaged categorical count or threshold is refused, not a crash")
  func damagedCategoricalSplits() throws {
    let text = try String(contentsOfFile: Self.path("categorical.txt"), encoding: .utf8)
    let tree = text.range(of: "Tree=2\n")!
    let block = text[tree.upperBound...]
    func refused(_ edit: (Substring) -> String) -> String {
      do {
        _ = try LightGBMModelFile.decode(text[..<tree.upperBound] + edit(block), name: "m.txt")
        return "accepted"
      } catch let e as PSDError {
        return e.message
      } catch {
        return "\(error)"
      }
    }
    #expect(
      refused { $0.replacingOccurrences(of: "num_cat=1", with: "num_cat=9223372036854775807") }
        .contains("corrupted in tree 2: num_cat"))
    // Tree 2's seventh split (decision_type 9) is categorical: its threshold indexes the bitsets.
    for bad in ["nan", "1e300", "-1", "0.5"] {
      let message = refused { block in
        let line = block.split(separator: "\n").first { $0.hasPrefix("threshold=") }!
        var values = line.dropFirst("threshold=".count).split(separator: " ").map(String.init)
        values[6] = bad
        return block.replacingOccurrences(of: line, with: "threshold=" + values.joined(separator: " "))
      }
      #expect(message.contains("corrupted in tree 2: categorical split 6"), "threshold \(bad): \(message)")
    }
  }

  @Test("a frame without the model's columns is an error listing all of them")
  func missingColumns() throws {
    let model = try LightGBMModelFile.load(from: Self.path("numeric_missing.txt"))
    var input = try Self.frame("numeric_missing.input.csv")
    input = try DataFrame(columns: input.columns.filter { $0.name != "EXT_SOURCE_1" && $0.name != "DAYS_BIRTH" })
    #expect {
      _ = try model.featureMatrix(input)
    } throws: { error in
      let message = (error as? PSDError)?.message ?? ""
      return message.contains("2 columns") && message.contains("EXT_SOURCE_1") && message.contains("DAYS_BIRTH")
    }
  }
}

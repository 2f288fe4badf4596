import Foundation
import PSDCore

/// One statement of a recipe: the operation, the steps it reads (indices of earlier steps), the
/// columns it produced in training, and how it was written.
package struct RecipeStep: Sendable, Codable, Equatable {
  package var operation: LineageOperation
  package var inputs: [Int]
  package var inputNames: [String]
  package var boundName: String
  package var statement: String
  package var schema: [ColumnSchema]
  /// On the path of the application rows (the rows that become the model's rows).
  package var rowPath: Bool
  /// A filter on the application rows that defined the training population: when scoring it
  /// does not drop rows, it flags those outside it.
  package var population: Bool
}

/// An input table the recipe needs, by the name `score m with NAME=...` uses.
package struct RecipeInput: Sendable, Codable, Equatable {
  package var name: String
  /// The load step(s) that read it.
  package var steps: [Int]
  /// The file it was read from in training.
  package var path: String
  /// Columns a new table must have (training columns except the target), with their types.
  package var columns: [ColumnSchema]
  /// True for the table holding the applications themselves (one row per scored application).
  package var isApplications: Bool
}

/// The training range of a numeric feature: values outside it are scored but flagged.
package struct FeatureRange: Sendable, Codable, Equatable {
  package var feature: String
  package var min: Double
  package var max: Double
  package init(feature: String, min: Double, max: Double) {
    self.feature = feature
    self.min = min
    self.max = max
  }
}

/// A feature's training values among good clients and defaulters, so a new client's percentile
/// needs no training rows.
/// - Numeric feature (`levels == nil`): `good` and `bad` are sorted values (at most a few hundred
///   evenly spaced order statistics); a value's percentile is its mid-rank among them.
/// - Categorical feature (`levels` set, in the model's code order): `good[i]` and `bad[i]` are the
///   percentages of good clients and of defaulters whose value is level i, the last entry
///   (index `levels.count`) those with a missing value; a value's "percentile" is the share of
///   each class with the same level (as `explain` shows it). Files written before this field
///   exist carry numeric features only.
package struct FeatureDistribution: Sendable, Codable, Equatable {
  package var feature: String
  package var good: [Double]
  package var bad: [Double]
  package var levels: [String]?
  package init(feature: String, good: [Double], bad: [Double], levels: [String]? = nil) {
    self.feature = feature
    self.good = good
    self.bad = bad
    self.levels = levels
  }
}

/// How a model's feature columns are built from raw input tables: the statements of the study
/// that lead to the training frame, with every fitted state frozen. Stored in the model file.
package struct FeatureRecipe: Sendable, Codable, Equatable {
  /// In the order the statements ran; every step's inputs come before it.
  package var steps: [RecipeStep]
  package var inputs: [RecipeInput]
  /// The step whose frame the model was trained on.
  package var output: Int
  package var target: String
  /// The column that identifies an application (in scored output), if the study has one.
  package var idColumn: String?
  package var ranges: [FeatureRange] = []
  package var distributions: [FeatureDistribution] = []

  /// The input table holding the applications (nil when the rows are built by an aggregate).
  package var applications: RecipeInput? { inputs.first(where: \.isApplications) }
}

extension FeatureRecipe {
  /// The recipe that builds `lineage`'s frame. Row selections that only chose training rows
  /// (split, a filter naming the target, sort, the other branches of a concat on the
  /// application rows) become pass-through steps; a filter on the application rows that does
  /// not name the target defines the population and is kept (scoring flags rows outside it).
  /// `idCandidates`: columns that may identify an application (the train's excluded columns).
  package init(lineage: FrameLineage, target: String, idCandidates: [String]) throws {
    var nodes:
      [ObjectIdentifier: (
        node: FrameLineage, rowPath: Bool, kept: [FrameLineage], op: LineageOperation, population: Bool
      )] = [:]

    func visit(_ node: FrameLineage, rowPath: Bool) throws {
      if let seen = nodes[ObjectIdentifier(node)] {
        if rowPath && !seen.rowPath {
          throw PSDError.data(
            "'\(node.boundName)' feeds the application rows and a side table at once; the recipe cannot tell them apart",
            notes: ["load the table twice under two names"])
        }
        return
      }
      var op = node.operation
      var kept = node.inputs
      var population = false
      switch node.operation {
      case .unreplayable(let what):
        throw PSDError.data(
          "'\(node.boundName)' was built by \(what), which the recipe cannot replay",
          notes: ["statement: \(node.statement)"])
      case .filter(let condition) where rowPath:
        if condition.mentions(column: target) {
          op = .keep("filter on \(target): training rows only")
        } else {
          population = true
        }
      case .sort where rowPath:
        op = .keep("sort: the order of applications does not change a score")
      case .concat where rowPath:
        kept = [node.inputs[0]]
        op = .keep("concat: new applications arrive like '\(node.inputNames[0])'")
      default: break
      }
      // Only the first input of a row-preserving step carries the application rows.
      let firstOnRowPath: Bool
      switch op {
      case .aggregate, .load: firstOnRowPath = false
      default: firstOnRowPath = rowPath
      }
      nodes[ObjectIdentifier(node)] = (node, rowPath, kept, op, population)
      for (i, input) in kept.enumerated() { try visit(input, rowPath: i == 0 && firstOnRowPath) }
    }
    try visit(lineage, rowPath: true)

    let ordered = nodes.values.sorted { $0.node.serial < $1.node.serial }
    var index: [ObjectIdentifier: Int] = [:]
    for (i, entry) in ordered.enumerated() { index[ObjectIdentifier(entry.node)] = i }
    steps = ordered.map { entry in
      RecipeStep(
        operation: entry.op, inputs: entry.kept.map { index[ObjectIdentifier($0)]! },
        inputNames: Array(entry.node.inputNames.prefix(entry.kept.count)),
        boundName: entry.node.boundName, statement: entry.node.statement,
        schema: entry.node.schema, rowPath: entry.rowPath, population: entry.population)
    }
    output = index[ObjectIdentifier(lineage)]!
    self.target = target

    // Input tables, named after their file ("application_train.csv" → application: a study
    // trains on the _train file, new applications come as the _test file).
    var byPath: [String: Int] = [:]
    var inputs: [RecipeInput] = []
    for (i, step) in steps.enumerated() {
      guard case .load(let path, _, _) = step.operation else { continue }
      if let k = byPath[path] {
        inputs[k].steps.append(i)
        inputs[k].isApplications = inputs[k].isApplications || step.rowPath
        continue
      }
      var name = FeatureRecipe.tableName(path)
      if inputs.contains(where: { $0.name == name }) { name = step.boundName }
      while inputs.contains(where: { $0.name == name }) { name += "_\(i)" }
      byPath[path] = inputs.count
      inputs.append(
        RecipeInput(
          name: name, steps: [i], path: path,
          columns: step.schema.filter { $0.name != target },
          isApplications: step.rowPath))
    }
    self.inputs = inputs
    let applicationColumns = Set(inputs.first(where: \.isApplications)?.columns.map(\.name) ?? [])
    let outputColumns = Set(steps[output].schema.map(\.name))
    idColumn = idCandidates.first { applicationColumns.contains($0) && outputColumns.contains($0) }
  }

  /// "Examples/data/application_train.csv" → "application"; "bureau.csv" → "bureau".
  package static func tableName(_ path: String) -> String {
    var stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    for suffix in ["_train", "_test"] where stem.lowercased().hasSuffix(suffix) && stem.count > suffix.count {
      stem = String(stem.dropLast(suffix.count))
    }
    let cleaned = stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }
    var name = String(cleaned)
    if name.first?.isNumber ?? true { name = "t_" + name }
    return name
  }

  /// The recipe as a psd script that rebuilds the training frame from the files: the study's
  /// own statements in the order they ran, with `encode` written out with its frozen levels,
  /// and training-only row selections replaced by pass-through statements.
  package func script(modelName: String) -> String {
    var out =
      "# recipe of \(modelName): how its \(steps[output].schema.count) columns are built from \(inputs.count) input table\(inputs.count == 1 ? "" : "s")\n"
    out +=
      "# score new applications with:  s = score \(modelName) with "
      + inputs.map { "\($0.name)=\"\($0.path)\"" }.joined(separator: " ") + "\n"
    for (i, step) in steps.enumerated() {
      switch step.operation {
      case .load:
        let input = inputs.first { $0.steps.contains(i) }!
        out +=
          "# input '\(input.name)'\(input.isApplications ? " (the applications)" : ""): \(input.columns.count) columns\n"
        out += step.statement + "\n"
      case .encode(let method, let frozen):
        out += "\(step.boundName) = encode \(step.inputNames[0]) \(method.rawValue) levels={\n"
        for f in frozen {
          out += "  \(scriptName(f.column)): " + f.levels.map { "\"\($0)\"" }.joined(separator: " ") + "\n"
        }
        out += "}\n"
      case .keep(let why):
        out += "\(step.boundName) = filter \(step.inputNames[0]) where true   # \(why)\n"
      case .filter where step.population:
        out += step.statement + "   # the population: scoring flags applications outside it\n"
      default:
        out += step.statement + "\n"
      }
    }
    out += "# the model reads its features from '\(steps[output].boundName)'\n"
    return out
  }

  func scriptName(_ name: String) -> String {
    let plain =
      name.first.map { $0.isLetter || $0 == "_" } ?? false
      && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    return plain ? name : "\"\(name)\""
  }
}

extension FrameExpression {
  /// True when the expression reads `column`.
  package func mentions(column name: String) -> Bool {
    switch self {
    case .column(let c): return c == name
    case .number, .string, .bool, .missing: return false
    case .negate(let e), .not(let e): return e.mentions(column: name)
    case .binary(_, let a, let b): return a.mentions(column: name) || b.mentions(column: name)
    case .isMissing(let e, _): return e.mentions(column: name)
    case .call(_, let args): return args.contains { $0.mentions(column: name) }
    }
  }
}

import Foundation
import PSDCore

/// A recipe run on new tables: the feature frame (one row per application, in the order of the
/// applications table), what each application met on the way (unseen levels, rows outside the
/// population) and notes about the batch (ignored tables, side-table levels never seen).
package struct RecipeReplay: Sendable {
  package var frame: DataFrame
  /// One list per row of `frame`.
  package var rowWarnings: [[String]]
  package var notes: [String]
}

extension FeatureRecipe {
  /// Builds the feature frame from raw tables named as the recipe's inputs. Columns are matched
  /// by name and converted to their training types; every fitted state (encode levels,
  /// aggregate level columns) is the frozen one, so a row's features never depend on the other
  /// rows of the batch. Errors: a missing table (listing every table needed), missing columns
  /// (all of them at once), a column whose values cannot take the training type.
  /// (Prepares the recipe for this one call; `CompiledRecipe` keeps it for many.)
  package func replay(_ tables: [String: DataFrame], control: TaskControl = .none) throws -> RecipeReplay {
    try CompiledRecipe(self).replay(tables, control: control)
  }
}

/// A recipe prepared once for replaying many times (a scorer answering one application after
/// another): what every replay would otherwise rebuild from the recipe is computed here — each
/// step's training schema indexed by name (frames conformed to it reuse the index instead of
/// re-hashing ~700 column names), the frozen `encode` levels prepared (label → code, one-hot
/// column names), which step reads which input and when a step's frame can be freed.
/// Immutable: any number of threads may replay with one instance at the same time.
package final class CompiledRecipe: Sendable {
  package let recipe: FeatureRecipe
  /// Per step: its training schema, every name one shared string across steps (frames conformed
  /// to them carry these strings, so the next step's schema check compares storage, not bytes).
  let schemas: [[ColumnSchema]]
  /// Per step: its schema's column positions by name.
  let schemaIndex: [[String: Int]]
  /// Per step: a join whose output layout is known in advance (small joins skip name hashing).
  let joins: [PreparedJoin?]
  /// Per step: a `drop` whose output layout is known in advance.
  let drops: [PreparedDrop?]
  /// Per step: an `aggregate` whose output layout is known in advance.
  let aggregates: [PreparedAggregate?]
  /// Per step: the prepared levels of an `encode` step, nil for the others.
  let encodings: [[PreparedLevels]?]
  /// Per step: an `encode` whose output layout is known in advance.
  let encoders: [PreparedEncode?]
  /// Per step: the last step that reads it.
  let lastUse: [Int]
  /// Per load step: the input it reads.
  let inputOfStep: [Int: Int]

  package init(_ recipe: FeatureRecipe) {
    self.recipe = recipe
    var shared: [String: String] = [:]
    let schemas = recipe.steps.map { step in
      step.schema.map { column in
        var c = column
        if let name = shared[c.name] { c.name = name } else { shared[c.name] = c.name }
        return c
      }
    }
    self.schemas = schemas
    schemaIndex = schemas.map { schema in
      var index: [String: Int] = [:]
      index.reserveCapacity(schema.count)
      for (i, c) in schema.enumerated() { index[c.name] = i }
      return index
    }
    let widest = schemas.map(\.count).max() ?? 0
    joins = recipe.steps.indices.map { i in
      let step = recipe.steps[i]
      guard case .join(let keys, _, let suffix) = step.operation, step.inputs.count == 2 else { return nil }
      return PreparedJoin(
        keys: keys, suffix: suffix, left: schemas[step.inputs[0]], right: schemas[step.inputs[1]],
        output: schemas[i], capacity: widest)
    }
    drops = recipe.steps.indices.map { i in
      let step = recipe.steps[i]
      guard case .drop(let names) = step.operation, step.inputs.count == 1 else { return nil }
      return PreparedDrop(names: names, input: schemas[step.inputs[0]], output: schemas[i])
    }
    aggregates = recipe.steps.indices.map { [schemaIndex] i in
      let step = recipe.steps[i]
      guard case .aggregate(let keys, let specs, let prefix, let size) = step.operation, step.inputs.count == 1
      else { return nil }
      return PreparedAggregate(
        keys: keys, specs: specs, prefix: prefix, sizeColumn: size, input: schemas[step.inputs[0]],
        output: schemas[i], index: schemaIndex[i])
    }
    encodings = recipe.steps.map { step in
      if case .encode(_, let frozen) = step.operation { return frozen.map(PreparedLevels.init) }
      return nil
    }
    encoders = recipe.steps.indices.map { [encodings] i in
      let step = recipe.steps[i]
      guard case .encode(let method, _) = step.operation, let prepared = encodings[i], step.inputs.count == 1
      else { return nil }
      return PreparedEncode(method: method, prepared: prepared, input: schemas[step.inputs[0]], output: schemas[i])
    }
    var last = Array(0..<recipe.steps.count)
    for (i, s) in recipe.steps.enumerated() { for j in s.inputs { last[j] = max(last[j], i) } }
    lastUse = last
    var inputOf: [Int: Int] = [:]
    for (k, input) in recipe.inputs.enumerated() { for i in input.steps where inputOf[i] == nil { inputOf[i] = k } }
    inputOfStep = inputOf
  }

  /// `FeatureRecipe.replay`, with the prepared state.
  package func replay(_ tables: [String: DataFrame], control: TaskControl = .none) throws -> RecipeReplay {
    try replay(tables.mapValues { RecipeTable.frame($0) }, control: control)
  }

  /// `FeatureRecipe.replay` on tables of which some are files: each file is read when the recipe
  /// reaches its load step and released after its last one (its header is checked first, with
  /// every other table's columns).
  package func replay(_ tables: [String: RecipeTable], control: TaskControl = .none) throws -> RecipeReplay {
    let inputs = recipe.inputs, steps = recipe.steps, target = recipe.target, output = recipe.output
    var notes: [String] = []
    let missingTables = inputs.map(\.name).filter { tables[$0] == nil }
    if !missingTables.isEmpty {
      throw PSDError.usage(
        "missing input table\(missingTables.count == 1 ? "" : "s") \(missingTables.joined(separator: ", ")); the recipe needs: "
          + inputs.map(\.name).joined(separator: ", "),
        notes: ["give each as NAME=\"file.csv\" or NAME=frame"])
    }
    for name in tables.keys.sorted() where !inputs.contains(where: { $0.name == name }) {
      notes.append("table '\(name)' is not an input of the recipe: ignored")
    }
    // Check every input's columns before running anything.
    var problems: [String] = []
    var conformed: [String: DataFrame] = [:]
    for input in inputs {
      let table: DataFrame
      switch tables[input.name]! {
      case .frame(let frame): table = frame
      case .file(let path, let displayName):
        // An unreadable file is an error at once, as reading it would be.
        let names = Set(try recipe.headerColumns(input, path: path, displayName: displayName))
        let absent = input.columns.map(\.name).filter { !names.contains($0) }
        if !absent.isEmpty {
          problems.append(
            "'\(input.name)' lacks \(absent.count) column\(absent.count == 1 ? "" : "s"): "
              + absent.joined(separator: ", "))
        }
        continue  // read at its load step
      }
      let absent = input.columns.map(\.name).filter { table[$0] == nil }
      if !absent.isEmpty {
        problems.append(
          "'\(input.name)' lacks \(absent.count) column\(absent.count == 1 ? "" : "s"): "
            + absent.joined(separator: ", "))
        continue
      }
      do {
        conformed[input.name] = try FeatureRecipe.conform(
          table, to: input.columns, fill: .missing, table: input.name,
          index: nil
        ).frame
      } catch let e as PSDError {
        problems.append(e.message)
      }
    }
    if !problems.isEmpty {
      throw PSDError.data(
        problems.count == 1 ? problems[0] : "the input tables do not match the recipe",
        notes: problems.count == 1 ? [] : problems)
    }

    var frames: [DataFrame?] = Array(repeating: nil, count: steps.count)
    var warnings: [[String]]? = nil
    for (i, step) in steps.enumerated() {
      try control.checkCancelled()
      // An input read for the last time is moved out of `frames`: a join can then grow its
      // columns in place instead of copying ~700 of them.
      var ins: [DataFrame] = []
      ins.reserveCapacity(step.inputs.count)
      for j in step.inputs {
        let last = lastUse[j] == i && j != output && step.inputs.lazy.filter { $0 == j }.count == 1
        ins.append(last ? frames[j].take()! : frames[j]!)
      }
      let named = step.boundName
      var fill = FeatureRecipe.FillRule.missing
      var result: DataFrame
      switch step.operation {
      case .load:
        let input = inputs[inputOfStep[i]!]
        if conformed[input.name] == nil, case .file(let path, let displayName) = tables[input.name]! {
          let read = try recipe.readInput(input.name, path: path, displayName: displayName, control: control)
          conformed[input.name] = try FeatureRecipe.conform(
            read, to: input.columns, fill: .missing, table: input.name, index: nil
          ).frame
        }
        var f = conformed[input.name]!
        // A file's rows are held only until the input's last load step.
        if i == input.steps.max() { conformed[input.name] = nil }
        // The target is not part of a new application: give it back as missing so the
        // statements that carried it along still find it.
        if let t = step.schema.first(where: { $0.name == target }), f[target] == nil {
          f = try f.setting(FeatureRecipe.missingColumn(t, rows: f.rowCount))
        }
        result = f
        if step.rowPath { warnings = Array(repeating: [], count: f.rowCount) }
      case .replace(let columns, let value, let with):
        result = try ins[0].replace(columns: columns, value: value, with: with, frameName: named)
      case .derive(let derived):
        result = ins[0]
        for d in derived { result = try result.derive(d.name, d.expression, frameName: named) }
      case .filter(let condition):
        if step.population {
          result = ins[0]
          let truth = try condition.evaluate(on: ins[0], frameName: named)
          let text = step.statement
          for r in 0..<ins[0].rowCount where !truth.holds(r) {
            warnings?[r].append("outside the training population (\(text))")
          }
        } else {
          result = try ins[0].filter(condition, frameName: named)
        }
      case .select(let names): result = try ins[0].selecting(names, frameName: named)
      case .drop(let names):
        result =
          try drops[i]?.drop(ins[0], schema: schemas[i], index: schemaIndex[i])
          ?? ins[0].dropping(names, frameName: named)
      case .rename(let pairs): result = try ins[0].renaming(pairs.map { ($0.from, $0.to) }, frameName: named)
      case .sort(let keys): result = try ins[0].sorted(by: keys, frameName: named)
      case .aggregate(let keys, let specs, let prefix, let size):
        // One application's rows: straight into the step's schema (nil for a batch).
        result =
          try aggregates[i]?.aggregate(ins[0], schema: schemas[i], index: schemaIndex[i])
          ?? ins[0].aggregate(
            by: keys, specs: specs, prefix: prefix, sizeColumn: size, frameName: named,
            control: control)
        fill = .zero  // a level column absent from new rows counts zero of that level
      case .join(let keys, let kind, let suffix):
        // One application's rows: the prepared layout (nil when not small or not one-to-one).
        // It takes the left frame's columns unless the inner-join check below reads them.
        let leftRows = ins[0].rowCount
        let small =
          step.rowPath || kind == .left
          ? joins[i]?.join(
            &ins[0], ins[1], consume: !(step.rowPath && kind == .inner), schema: schemas[i],
            index: schemaIndex[i]) : nil
        if step.rowPath {
          result =
            try small
            ?? ins[0].join(
              ins[1], on: keys, kind: .left, suffix: suffix, leftName: step.inputNames[0],
              rightName: step.inputNames[1], control: control)
          if result.rowCount != leftRows {
            throw PSDError.data(
              "'\(step.inputNames[1])' has several rows for one application key (\(keys.joined(separator: ", "))): the join would repeat applications",
              notes: ["statement: \(step.statement)"])
          }
          if kind == .inner {
            let probe = try ins[0].join(ins[1], on: keys, kind: .inner, suffix: suffix)
            if probe.rowCount != ins[0].rowCount {
              let matched = Set((0..<probe.rowCount).map { r in keys.map { probe[$0]!.text(r) } })
              for r in 0..<ins[0].rowCount where !matched.contains(keys.map { ins[0][$0]!.text(r) }) {
                warnings?[r].append("no row in '\(step.inputNames[1])' (training kept only matched applications)")
              }
            }
          }
        } else {
          result =
            try small
            ?? ins[0].join(
              ins[1], on: keys, kind: kind, suffix: suffix, leftName: step.inputNames[0],
              rightName: step.inputNames[1], control: control)
        }
      case .encode(let method, _):
        let (f, unseen) =
          try encoders[i]?.encode(ins[0], prepared: encodings[i]!, schema: schemas[i], index: schemaIndex[i])
          ?? ins[0].encode(method, prepared: encodings[i]!, frameName: named)
        result = f
        for u in unseen {
          let message = "\(u.column) = \"\(u.level)\" was never seen in training (read as missing)"
          if step.rowPath {
            warnings?[u.row].append(message)
          } else if !notes.contains(message) {
            notes.append(message)
          }
        }
      case .concat:
        result = try DataFrame.concat(ins, names: step.inputNames)
      case .keep:
        result = ins[0]
      case .unreplayable(let what):
        throw PSDError.data("the recipe cannot replay \(what)")
      }
      let (f, dropped) = try FeatureRecipe.conform(
        result, to: schemas[i], fill: fill, table: named,
        index: schemaIndex[i])
      if !dropped.isEmpty {
        notes.append(
          "'\(named)': \(dropped.count) column\(dropped.count == 1 ? "" : "s") not seen in training ignored (\(dropped.prefix(4).joined(separator: ", "))\(dropped.count > 4 ? ", …" : ""))"
        )
      }
      if step.rowPath, let w = warnings, w.count != f.rowCount {
        throw PSDError.data(
          "'\(named)' changes the number of application rows (\(w.count) → \(f.rowCount)); the recipe cannot score them one by one",
          notes: ["statement: \(step.statement)"])
      }
      frames[i] = f
      // Free intermediate frames as soon as no later step reads them.
      for j in step.inputs where lastUse[j] == i && j != output { frames[j] = nil }
    }
    let frame = frames[output]!
    return RecipeReplay(
      frame: frame, rowWarnings: warnings ?? Array(repeating: [], count: frame.rowCount),
      notes: notes)
  }
}

extension FeatureRecipe {

  /// Reads an input table from a CSV file the way training read it (same separator and
  /// missing-value tokens, the training column types forced).
  package func readInput(
    _ name: String, path: String, displayName: String? = nil,
    control: TaskControl = .none
  ) throws -> DataFrame {
    guard let input = inputs.first(where: { $0.name == name }) else {
      throw PSDError.unknown("input table", name, candidates: inputs.map(\.name))
    }
    var options = CSVReadOptions()
    if case .load(_, let separator, let tokens) = steps[input.steps[0]].operation {
      options.separator = separator
      options.missingTokens = tokens
    }
    // Force only the types the header has: a missing column is reported by replay, all at once.
    for c in input.columns { options.columnTypes[c.name] = c.type }
    options.typesMayNameAbsentColumns = true
    return try CSVReader.read(path: path, displayName: displayName, options: options, control: control).frame
  }

  enum FillRule { case missing, zero }

  static func missingColumn(_ s: ColumnSchema, rows: Int) -> Column {
    switch s.type {
    case .float: return .float(s.name, [Double](repeating: .nan, count: rows))
    case .int: return .int(s.name, [Int64](repeating: 0, count: rows), valid: [Bool](repeating: false, count: rows))
    case .bool: return .bool(s.name, [Int8](repeating: -1, count: rows))
    case .category: return .category(s.name, codes: [Int32](repeating: -1, count: rows), levels: [])
    }
  }

  static func zeroColumn(_ s: ColumnSchema, rows: Int) -> Column {
    switch s.type {
    case .float: return .float(s.name, [Double](repeating: 0, count: rows))
    case .int: return .int(s.name, [Int64](repeating: 0, count: rows))
    case .bool: return .bool(s.name, [Int8](repeating: 0, count: rows))
    case .category: return missingColumn(s, rows: rows)
    }
  }

  /// The frame with exactly the schema's columns, in its order and types: absent columns filled
  /// (missing, or zero for level columns), extra ones dropped (returned), types converted when
  /// the values allow it.
  /// `index`: the schema's positions by name when the caller has it (the frame is built with it).
  static func conform(
    _ frame: DataFrame, to schema: [ColumnSchema], fill: FillRule,
    table: String, index: [String: Int]?
  ) throws -> (frame: DataFrame, dropped: [String]) {
    if frame.matches(schema) { return (frame, []) }
    var columns: [Column] = []
    var bad: [String] = []
    // The frame's columns usually come in the schema's order with some absent (an aggregate's
    // level columns): walk both in step and look a name up only when they part.
    var next = 0
    var inOrder = true
    for s in schema {
      let found: Column?
      if next < frame.columns.count && frame.columns[next].name == s.name {
        found = frame.columns[next]
        next += 1
      } else {
        found = frame[s.name]
        if found != nil { inOrder = false }
      }
      guard let c = found else {
        columns.append(fill == .zero ? zeroColumn(s, rows: frame.rowCount) : missingColumn(s, rows: frame.rowCount))
        continue
      }
      if var converted = convert(c, to: s.type) {
        converted.name = s.name  // the schema's own string (see CompiledRecipe.schemas)
        columns.append(converted)
      } else {
        let example = (0..<c.count).first { !c.isMissing($0) && convert(c.gather([$0]), to: s.type) == nil }
        bad.append(
          "\(s.name) is \(c.type.word) in '\(table)', training had \(s.type.word)"
            + (example.map { " (row \($0 + 1): \"\(c.text($0))\")" } ?? ""))
      }
    }
    // Every column taken in order: nothing dropped.
    let dropped: [String]
    if inOrder && next == frame.columns.count {
      dropped = []
    } else if let index {
      dropped = frame.columnNames.filter { index[$0] == nil }
    } else {
      let wanted = Set(schema.map(\.name))
      dropped = frame.columnNames.filter { !wanted.contains($0) }
    }
    if !bad.isEmpty {
      throw PSDError.data(
        bad.count == 1 ? "column " + bad[0] : "\(bad.count) columns have the wrong type",
        notes: bad.count == 1 ? [] : bad, subject: bad.first.map { String($0.prefix { $0 != " " }) })
    }
    var out =
      try index.map { DataFrame(unchecked: columns, rowCount: columns.isEmpty ? 0 : frame.rowCount, index: $0) }
      ?? DataFrame(columns: columns)
    out.lineage = frame.lineage
    return (out, dropped)
  }

  /// The column as `type`, or nil when a value does not fit (text in a numeric column, 2.5 in
  /// an int column). Missing values fit every type.
  static func convert(_ c: Column, to type: ColumnType) -> Column? {
    if c.type == type { return c }
    let n = c.count
    switch (c.data, type) {
    case (.category(let codes, let levels), _):
      let parsed = levels.map { Double($0.trimmingCharacters(in: .whitespaces)) }
      var values = [Double](repeating: .nan, count: n)
      for i in 0..<n where codes[i] >= 0 {
        guard let v = parsed[Int(codes[i])] else { return nil }
        values[i] = v
      }
      return convert(.float(c.name, values), to: type)
    case (_, .category):
      return .category(c.name, strings: (0..<n).map { c.isMissing($0) ? nil : c.text($0) })
    case (_, .float):
      return .float(c.name, c.doubles()!)
    case (_, .int):
      let d = c.doubles()!
      var values = [Int64](repeating: 0, count: n)
      var valid = [Bool](repeating: true, count: n)
      for i in 0..<n {
        if d[i].isNaN { valid[i] = false; continue }
        guard d[i] == d[i].rounded(), abs(d[i]) < 9e15 else { return nil }
        values[i] = Int64(d[i])
      }
      return .int(c.name, values, valid: valid.contains(false) ? valid : nil)
    case (_, .bool):
      let d = c.doubles()!
      var values = [Int8](repeating: -1, count: n)
      for i in 0..<n where !d[i].isNaN {
        guard d[i] == 0 || d[i] == 1 else { return nil }
        values[i] = Int8(d[i])
      }
      return .bool(c.name, values)
    }
  }
}

extension DataFrame {
  /// True when the frame has exactly these columns, names and types, in this order (`schema ==`
  /// without building the frame's schema: replay checks every step's output with it).
  func matches(_ schema: [ColumnSchema]) -> Bool {
    guard columns.count == schema.count else { return false }
    for (c, s) in zip(columns, schema) where c.name != s.name || c.type != s.type { return false }
    return true
  }
}

extension ExpressionValue {
  /// True when row `r` satisfies the condition (missing counts as not satisfied, as in filter).
  func holds(_ r: Int) -> Bool {
    switch self {
    case .truth(let t): return t[r] == 1
    case .boolean(let b): return b
    default: return false
    }
  }
}

import PSDCore
import Synchronization

/// A categorical column's level name parts (`uniqueLevelParts`), kept for the last levels seen:
/// one application's rows usually carry the same level list as the previous one (cut from the
/// same table), and naming ~60 levels each call cost more than the statistics.
final class LevelPartsCache: Sendable {
  private let last = Mutex<(levels: [String], parts: [String])?>(nil)

  func parts(_ levels: [String]) -> [String] {
    // Equal arrays that share storage compare at once.
    if let hit = last.withLock({ $0?.levels == levels ? $0?.parts : nil }) { return hit }
    let parts = uniqueLevelParts(levels)
    last.withLock { $0 = (levels, parts) }
    return parts
  }
}

/// An `aggregate` step whose output layout is known in advance: its input is conformed to the
/// training schema, so which column gets which statistics, and where each statistic goes in
/// the step's training schema, are fixed. One application's side-table rows are then
/// aggregated without resolving the spec, naming ~100 columns, hashing the names into a frame
/// and conforming it again (a quarter of a single application's call went there). The values
/// come from `AggregateKernels.outputs`, the same function `DataFrame.aggregate` names, so both
/// paths give the same bits.
struct PreparedAggregate: Sendable {
  struct Job: Sendable {
    /// Position of the source column in the input schema.
    let column: Int
    let functions: [AggregateFunction]
    /// Output position of each statistic, in the order `AggregateKernels.outputs` gives them
    /// (the functions without per-level outputs; level columns are found per call).
    let positions: [Int]
    /// `<prefix><COL>_`: level columns are this, the level's name part, `_COUNT`/`_SHARE`.
    let base: String
    /// A categorical column with per-level outputs: too many levels is a fallback.
    let perLevel: Bool
    let levelParts = LevelPartsCache()
  }
  let keys: [String]
  let inputCount: Int
  /// Per key: its position in the input and in the output schema.
  let keyInputs: [Int]
  let keyOutputs: [Int]
  /// Output position of `<prefix>COUNT`, nil without a size column.
  let sizeOutput: Int?
  let jobs: [Job]
  let needsRowLists: Bool

  /// Below this many rows the prepared path is used (larger inputs are a batch: the general
  /// path shares its columns between the cores).
  static let maximumRows = serialRows

  /// nil when the layout cannot be told in advance: a spec `aggregate` would refuse, or an
  /// output the training schema does not hold (the general path then errs or notes it).
  init?(
    keys: [String], specs: [AggregateSpec], prefix: String, sizeColumn: Bool,
    input: [ColumnSchema], output: [ColumnSchema], index: [String: Int]
  ) {
    // The spec resolved by `DataFrame.aggregate`'s own resolution, on the input schema (a spec
    // it would refuse is left to the general path, which reports it).
    let resolved: [(column: Int, functions: [AggregateFunction])]
    do {
      resolved = try DataFrame.resolveAggregate(
        specs, keys: keys, columns: input.map { ($0.name, $0.type) }, levelCount: { _ in nil },
        position: { name in
          guard let p = input.firstIndex(where: { $0.name == name }) else {
            throw PSDError.usage("no column '\(name)'", subject: name)
          }
          return p
        })
    } catch {
      return nil
    }
    var keyInputs: [Int] = [], keyOutputs: [Int] = []
    for key in keys {
      guard let i = input.firstIndex(where: { $0.name == key }), let o = index[key], output[o].type == input[i].type
      else { return nil }
      keyInputs.append(i)
      keyOutputs.append(o)
    }
    var sizeOutput: Int?
    if sizeColumn {
      guard let o = index[prefix + "COUNT"], output[o].type == .int else { return nil }
      sizeOutput = o
    }
    var jobs: [Job] = []
    var taken = Set(keyOutputs + (sizeOutput.map { [$0] } ?? []))
    for (p, functions) in resolved {
      let base = prefix + input[p].name + "_"
      var positions: [Int] = []
      for f in functions where !f.needsCategory {
        guard let o = index[base + f.suffix], taken.insert(o).inserted else { return nil }
        positions.append(o)
      }
      jobs.append(
        Job(
          column: p, functions: functions, positions: positions, base: base,
          perLevel: functions.contains(where: \.needsCategory)))
    }
    self.keys = keys
    inputCount = input.count
    self.keyInputs = keyInputs
    self.keyOutputs = keyOutputs
    self.sizeOutput = sizeOutput
    self.jobs = jobs
    needsRowLists = resolved.contains { job in
      job.functions.contains { $0 == .median || $0 == .nunique }
    }
  }

  /// `DataFrame.aggregate` of a few rows conformed to the step's input schema, then conformed
  /// to the step's schema (level columns absent from these rows are zero): the same columns and
  /// values, named by the schema. nil when the rows need the general path (many rows, an
  /// id-like column with too many levels, a level column training never made).
  func aggregate(_ frame: DataFrame, schema: [ColumnSchema], index: [String: Int]) -> DataFrame? {
    guard frame.rowCount < PreparedAggregate.maximumRows, frame.columns.count == inputCount else { return nil }
    for job in jobs where job.perLevel {
      guard case .category(_, let levels) = frame.columns[job.column].data, levels.count <= maximumLevelColumns
      else { return nil }
    }
    guard let groups = try? GroupIndex(frame: frame, keys: keys) else { return nil }
    let G = groups.groupCount
    let rowLists = needsRowLists ? groups.rowsByGroup() : nil
    let sizes = AggregateKernels.groupSizes(groups.groupOfRow, groupCount: G)
    var placed = [Column?](repeating: nil, count: schema.count)
    /// Puts `data` at output position `o` under the schema's name; false when the position is
    /// taken or the type is not the schema's (left to the general path, which errs or converts).
    func place(_ o: Int, _ data: ColumnData) -> Bool {
      let column = Column(name: schema[o].name, data: data)
      guard placed[o] == nil, column.type == schema[o].type else { return false }
      placed[o] = column
      return true
    }
    for (k, p) in zip(keyInputs, keyOutputs) {
      guard place(p, frame.columns[k].gather(groups.firstRow).data) else { return nil }
    }
    if let o = sizeOutput, !place(o, .int(sizes, valid: nil)) { return nil }
    for job in jobs {
      let source = frame.columns[job.column].data
      let results = AggregateKernels.outputs(
        source, functions: job.functions, groups: groups.groupOfRow, groupCount: G, sizes: sizes,
        rowLists: rowLists)
      var parts: [String] = []
      if case .category(_, let levels) = source,
        results.contains(where: { if case .level = $0.kind { true } else { false } })
      {
        parts = job.levelParts.parts(levels)
      }
      var statistic = 0
      for r in results {
        let o: Int?
        switch r.kind {
        case .statistic:
          o = statistic < job.positions.count ? job.positions[statistic] : nil
          statistic += 1
        case .level(let l, let f): o = index[job.base + parts[l] + AggregateKernels.levelSuffix(f)]
        case .missing(let f): o = index[job.base + "MISSING" + AggregateKernels.levelSuffix(f)]
        }
        guard let o, place(o, r.data) else { return nil }
      }
    }
    var columns: [Column] = []
    columns.reserveCapacity(schema.count)
    for (o, c) in placed.enumerated() {
      columns.append(c ?? FeatureRecipe.zeroColumn(schema[o], rows: G))
    }
    return DataFrame(unchecked: columns, rowCount: columns.isEmpty ? 0 : G, index: index)
  }
}

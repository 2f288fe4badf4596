import PSDCore

/// An `encode` step whose output layout is known in advance: its input is conformed to the
/// training schema, so which columns are encoded, and the names of their level columns, are
/// fixed; the frame is built with the step's prepared name index instead of hashing every
/// column name again (about 700 after one-hot encoding the applications).
struct PreparedEncode: Sendable {
  let method: EncodeMethod
  /// Per input column, in order: the index of its frozen levels in the step's prepared list
  /// when it is encoded, nil when it passes through.
  let plan: [Int?]

  /// nil when the training schema is not what `encode` makes of the input schema.
  init?(method: EncodeMethod, prepared: [PreparedLevels], input: [ColumnSchema], output: [ColumnSchema]) {
    var byColumn: [String: Int] = [:]
    for (k, p) in prepared.enumerated() {
      guard input.contains(where: { $0.name == p.column && $0.type == .category }) else { return nil }
      byColumn[p.column] = k
    }
    var expected: [ColumnSchema] = []
    var plan: [Int?] = []
    for c in input {
      let k = byColumn[c.name]
      plan.append(k)
      guard let k else { expected.append(c); continue }
      switch method {
      case .codes: expected.append(ColumnSchema(name: c.name, type: .int))
      case .onehot:
        for part in prepared[k].nameParts { expected.append(ColumnSchema(name: c.name + "_" + part, type: .bool)) }
      }
    }
    guard expected == output else { return nil }
    self.method = method
    self.plan = plan
  }

  /// `DataFrame.encode(_:prepared:)` on a frame conformed to the step's input schema: the same
  /// columns, values and unseen levels (in the same order), named by the step's schema.
  func encode(
    _ frame: DataFrame, prepared: [PreparedLevels], schema: [ColumnSchema], index: [String: Int]
  ) -> (frame: DataFrame, unseen: [UnseenLevel])? {
    guard frame.columns.count == plan.count else { return nil }
    var unseen: [UnseenLevel] = []
    var out: [Column] = []
    out.reserveCapacity(schema.count)
    for (c, k) in zip(frame.columns, plan) {
      guard let k else { out.append(c); continue }
      guard case .category(let codes, let ownLevels) = c.data else { return nil }
      let first = out.count
      out += prepared[k].encodedColumns(
        method, codes: codes, ownLevels: ownLevels, column: c.name, codesName: schema[first].name,
        levelName: { schema[first + $0].name }, unseen: &unseen)
    }
    return (DataFrame(unchecked: out, rowCount: out.isEmpty ? 0 : frame.rowCount, index: index), unseen)
  }
}

/// A `drop` step on a frame conformed to its input schema: the kept columns' positions are
/// fixed, and the frame is built with the step's prepared name index instead of hashing the
/// kept names again.
struct PreparedDrop: Sendable {
  let inputCount: Int
  /// Input positions of the kept columns, in order.
  let kept: [Int]

  /// nil when the training schema is not the input schema without the dropped names.
  init?(names: [String], input: [ColumnSchema], output: [ColumnSchema]) {
    let drop = Set(names)
    guard drop.allSatisfy({ name in input.contains { $0.name == name } }) else { return nil }
    let kept = input.indices.filter { !drop.contains(input[$0].name) }
    guard kept.map({ input[$0] }) == output else { return nil }
    inputCount = input.count
    self.kept = kept
  }

  /// `DataFrame.dropping` of the step's names, the columns named by the step's schema.
  func drop(_ frame: DataFrame, schema: [ColumnSchema], index: [String: Int]) -> DataFrame? {
    guard frame.columns.count == inputCount else { return nil }
    var columns: [Column] = []
    columns.reserveCapacity(kept.count)
    for (o, p) in kept.enumerated() {
      var c = frame.columns[p]
      c.name = schema[o].name
      columns.append(c)
    }
    return DataFrame(unchecked: columns, rowCount: columns.isEmpty ? 0 : frame.rowCount, index: index)
  }
}

import PSDCore

package enum EncodeMethod: String, Sendable, CaseIterable, Codable {
  /// One bool (0/1) column per level, named `<COL>_<level>` (level text sanitized as in aggregate).
  /// A missing value gives 0 in every level column (pandas get_dummies' default).
  case onehot
  /// The category code as an int column: levels numbered 0, 1, ... in their stored order
  /// (first seen when loaded); missing stays missing.
  case codes
}

extension DataFrame {
  /// Encodes the named categorical columns (all of them when `columns` is empty); the new
  /// columns take the place of the old one.
  package func encode(
    _ method: EncodeMethod, columns names: [String] = [],
    frameName: String? = nil
  ) throws -> DataFrame {
    for n in names {
      let c = try column(n, frameName: frameName)
      if c.type != .category {
        throw PSDError.data(
          "column '\(n)' is \(c.type.word), encode needs a categorical column",
          subject: n)
      }
    }
    // The frame's own levels, frozen now: the same code path a recipe replays.
    return try encode(method, frozen: encodeLevels(columns: names), frameName: frameName).frame
  }
}

/// Frozen levels ready to encode with: the code of each label and the one-hot column name part
/// of each level, computed once instead of on every frame encoded.
package struct PreparedLevels: Sendable {
  package let column: String
  package let levels: [String]
  let codeOfLevel: [String: Int32]
  let nameParts: [String]

  package init(_ frozen: FrozenLevels) {
    column = frozen.column
    levels = frozen.levels
    var index: [String: Int32] = [:]
    for (i, l) in frozen.levels.enumerated() { index[l] = Int32(i) }
    codeOfLevel = index
    nameParts = uniqueLevelParts(frozen.levels)
  }
}

extension PreparedLevels {
  /// The columns `method` makes of a categorical column with these frozen levels, named by
  /// `name(l)` for level l's one-hot column (the codes column takes `codesName`); levels the
  /// column holds but training never saw are missing codes / all-zero rows, and are added to
  /// `unseen`. The one encoding `encode` and a recipe's prepared replay share.
  func encodedColumns(
    _ method: EncodeMethod, codes: [Int32], ownLevels: [String], column: String, codesName: String,
    levelName name: (Int) -> String, unseen: inout [UnseenLevel]
  ) -> [Column] {
    let map = ownLevels.map { codeOfLevel[$0] ?? -2 }  // -2: a level training never saw
    var mapped = [Int32](repeating: -1, count: codes.count)
    for (i, code) in codes.enumerated() where code >= 0 {
      let m = map[Int(code)]
      if m == -2 { unseen.append(UnseenLevel(row: i, column: column, level: ownLevels[Int(code)])) }
      mapped[i] = Swift.max(m, -1)
    }
    switch method {
    case .codes:
      let anyMissing = mapped.contains { $0 < 0 }
      return [
        .int(codesName, mapped.map { Int64(Swift.max($0, 0)) }, valid: anyMissing ? mapped.map { $0 >= 0 } : nil)
      ]
    case .onehot:
      var matrix = [[Int8]](repeating: [Int8](repeating: 0, count: codes.count), count: levels.count)
      for (i, code) in mapped.enumerated() where code >= 0 { matrix[Int(code)][i] = 1 }
      return levels.indices.map { .bool(name($0), matrix[$0]) }
    }
  }
}

/// A value `encode` met that its frozen levels do not hold.
package struct UnseenLevel: Sendable, Equatable {
  package var row: Int
  package var column: String
  package var level: String
}

extension DataFrame {
  /// Encodes with levels frozen earlier (a recipe replaying `encode` on new data): output columns
  /// follow `frozen`, whatever levels this frame holds, so an unseen level never shifts a column.
  /// Unseen levels give missing codes (codes) or zeros in every level column (onehot), and are
  /// reported. With `frozen` equal to the frame's own levels this is exactly `encode`.
  package func encode(
    _ method: EncodeMethod, frozen: [FrozenLevels],
    frameName: String? = nil
  ) throws -> (frame: DataFrame, unseen: [UnseenLevel]) {
    try encode(method, prepared: frozen.map(PreparedLevels.init), frameName: frameName)
  }

  /// `encode(_:frozen:)` with the frozen levels prepared once (a recipe replayed many times).
  package func encode(
    _ method: EncodeMethod, prepared: [PreparedLevels],
    frameName: String? = nil
  ) throws -> (frame: DataFrame, unseen: [UnseenLevel]) {
    var byColumn: [String: PreparedLevels] = [:]
    for f in prepared {
      let c = try column(f.column, frameName: frameName)
      if c.type != .category {
        throw PSDError.data(
          "column '\(f.column)' is \(c.type.word), encode needs a categorical column",
          subject: f.column)
      }
      byColumn[f.column] = f
    }
    var unseen: [UnseenLevel] = []
    var out: [Column] = []
    for c in columns {
      guard let prepared = byColumn[c.name], case .category(let codes, let ownLevels) = c.data else {
        out.append(c)
        continue
      }
      out += prepared.encodedColumns(
        method, codes: codes, ownLevels: ownLevels, column: c.name, codesName: c.name,
        levelName: { c.name + "_" + prepared.nameParts[$0] }, unseen: &unseen)
    }
    return (try DataFrame(columns: out), unseen)
  }

  /// The levels `encode` would use now: for each categorical column named (all when empty).
  package func encodeLevels(columns names: [String] = []) -> [FrozenLevels] {
    let wanted = names.isEmpty ? nil : Set(names)
    return columns.compactMap { c in
      guard wanted?.contains(c.name) ?? true, case .category(_, let levels) = c.data else { return nil }
      return FrozenLevels(column: c.name, levels: levels)
    }
  }
}

import PSDCore

public enum EncodeMethod: String, Sendable, CaseIterable {
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
  public func encode(_ method: EncodeMethod, columns names: [String] = [],
                     frameName: String? = nil) throws -> DataFrame {
    let targets: Set<String>
    if names.isEmpty {
      targets = Set(columns.filter { $0.type == .category }.map(\.name))
    } else {
      for n in names {
        let c = try column(n, frameName: frameName)
        if c.type != .category {
          throw PSDError.data("column '\(n)' is \(c.type.word), encode needs a categorical column",
                              subject: n)
        }
      }
      targets = Set(names)
    }
    var out: [Column] = []
    for c in columns {
      guard targets.contains(c.name), case .category(let codes, let levels) = c.data else {
        out.append(c)
        continue
      }
      switch method {
      case .codes:
        let anyMissing = codes.contains { $0 < 0 }
        out.append(.int(c.name, codes.map { Int64(Swift.max($0, 0)) },
                        valid: anyMissing ? codes.map { $0 >= 0 } : nil))
      case .onehot:
        let parts = uniqueLevelParts(levels)
        // Bool columns: one byte per cell (as pandas' uint8 dummies), read as 0/1 by models.
        var matrix = [[Int8]](repeating: [Int8](repeating: 0, count: codes.count), count: levels.count)
        for (i, code) in codes.enumerated() where code >= 0 { matrix[Int(code)][i] = 1 }
        for l in levels.indices { out.append(.bool(c.name + "_" + parts[l], matrix[l])) }
      }
    }
    return try DataFrame(columns: out)
  }
}

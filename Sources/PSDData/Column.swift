import PSDCore

/// The four physical types a column can have.
package enum ColumnType: String, Sendable, CaseIterable, Codable {
  case float, int, bool, category
}

/// A column's values, stored unboxed. Missing values never cost a box:
/// floats use NaN, integers an optional validity mask, booleans -1, categories code -1.
package enum ColumnData: Sendable {
  /// 64-bit floats; NaN marks a missing value.
  case float([Double])
  /// 64-bit integers; `valid[i] == false` marks a missing value. `nil`: nothing is missing.
  case int([Int64], valid: [Bool]?)
  /// 0 false, 1 true, -1 missing.
  case bool([Int8])
  /// Dictionary-encoded strings: `codes[i]` indexes `levels`; -1 marks a missing value.
  case category(codes: [Int32], levels: [String])
}

/// A named column of a frame.
package struct Column: Sendable {
  package var name: String
  package var data: ColumnData

  package init(name: String, data: ColumnData) {
    self.name = name
    self.data = data
  }

  package static func float(_ name: String, _ values: [Double]) -> Column {
    Column(name: name, data: .float(values))
  }
  package static func int(_ name: String, _ values: [Int64], valid: [Bool]? = nil) -> Column {
    Column(name: name, data: .int(values, valid: valid))
  }
  package static func bool(_ name: String, _ values: [Int8]) -> Column {
    Column(name: name, data: .bool(values))
  }
  package static func category(_ name: String, codes: [Int32], levels: [String]) -> Column {
    Column(name: name, data: .category(codes: codes, levels: levels))
  }
  /// Builds a categorical column from strings (nil = missing); levels in first-seen order.
  package static func category(_ name: String, strings: [String?]) -> Column {
    var index: [String: Int32] = [:]
    var levels: [String] = []
    var codes = [Int32](repeating: -1, count: strings.count)
    for (i, s) in strings.enumerated() {
      guard let s else { continue }
      if let c = index[s] {
        codes[i] = c
      } else {
        let c = Int32(levels.count)
        index[s] = c
        levels.append(s)
        codes[i] = c
      }
    }
    return Column(name: name, data: .category(codes: codes, levels: levels))
  }

  package var type: ColumnType {
    switch data {
    case .float: return .float
    case .int: return .int
    case .bool: return .bool
    case .category: return .category
    }
  }

  package var count: Int {
    switch data {
    case .float(let v): return v.count
    case .int(let v, _): return v.count
    case .bool(let v): return v.count
    case .category(let c, _): return c.count
    }
  }

  /// True for float, int and bool columns: the ones arithmetic and models read as numbers.
  package var isNumeric: Bool { type != .category }

  package func isMissing(_ i: Int) -> Bool {
    switch data {
    case .float(let v): return v[i].isNaN
    case .int(_, let valid): return valid.map { !$0[i] } ?? false
    case .bool(let v): return v[i] < 0
    case .category(let c, _): return c[i] < 0
    }
  }

  package var missingCount: Int {
    switch data {
    case .float(let v): return v.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    case .int(_, let valid): return valid.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0
    case .bool(let v): return v.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
    case .category(let c, _): return c.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
    }
  }

  /// The value as a number, NaN when missing. Categories give NaN (use `codes`).
  package func doubleValue(_ i: Int) -> Double {
    switch data {
    case .float(let v): return v[i]
    case .int(let v, let valid):
      if let valid, !valid[i] { return .nan }
      return Double(v[i])
    case .bool(let v): return v[i] < 0 ? .nan : Double(v[i])
    case .category: return .nan
    }
  }

  /// The whole column as numbers (NaN = missing); nil for a categorical column.
  package func doubles() -> [Double]? {
    switch data {
    case .float(let v): return v
    case .int(let v, let valid):
      var out = [Double](repeating: 0, count: v.count)
      do {
        let src = v.span
        var dst = out.mutableSpan
        for i in dst.indices { dst[i] = Double(src[i]) }
      }
      if let valid { for i in 0..<v.count where !valid[i] { out[i] = .nan } }
      return out
    case .bool(let v): return v.map { $0 < 0 ? .nan : Double($0) }
    case .category: return nil
    }
  }

  /// The category label at row i, nil when missing or not categorical.
  package func label(_ i: Int) -> String? {
    if case .category(let codes, let levels) = data, codes[i] >= 0 { return levels[Int(codes[i])] }
    return nil
  }

  /// Rows picked by index; an index of -1 gives a missing value (used by left joins).
  package func gather(_ rows: [Int]) -> Column {
    switch data {
    case .float(let v):
      return .float(name, rows.map { $0 < 0 ? .nan : v[$0] })
    case .int(let v, let valid):
      let anyMissing = valid != nil || rows.contains { $0 < 0 }
      let values = rows.map { $0 < 0 ? 0 : v[$0] }
      guard anyMissing else { return .int(name, values) }
      let mask = rows.map { $0 >= 0 && (valid?[$0] ?? true) }
      return .int(name, values, valid: mask)
    case .bool(let v):
      return .bool(name, rows.map { $0 < 0 ? -1 : v[$0] })
    case .category(let c, let levels):
      return .category(name, codes: rows.map { $0 < 0 ? -1 : c[$0] }, levels: levels)
    }
  }

  /// The value as CSV/display text; "" when missing. Floats use the shortest text that reads
  /// back to the same number (`-3648.0`, `1e-05`, `inf`).
  package func text(_ i: Int) -> String {
    switch data {
    case .float(let v): return v[i].isNaN ? "" : v[i].description
    case .int(let v, let valid):
      if let valid, !valid[i] { return "" }
      return String(v[i])
    case .bool(let v): return v[i] < 0 ? "" : (v[i] == 1 ? "true" : "false")
    case .category(let c, let levels): return c[i] < 0 ? "" : levels[Int(c[i])]
    }
  }
}

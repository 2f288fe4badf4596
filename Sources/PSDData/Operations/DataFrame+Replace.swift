import PSDCore

/// A value in `replace`: a number (numeric and bool columns), a string (categorical columns)
/// or missing.
package enum ReplaceValue: Sendable, Equatable, Codable {
  case number(Double)
  case string(String)
  case missing
}

extension DataFrame {
  /// Replaces every cell equal to `value` in the named columns with `replacement`.
  /// Sentinels to missing: `replace app DAYS_EMPLOYED 365243 with missing`,
  /// `replace app CODE_GENDER "XNA" with missing` (an emptied level is removed from the levels).
  /// `missing` as the value fills missing cells instead (`replace X COL missing with 0`).
  package func replace(
    columns names: [String], value: ReplaceValue, with replacement: ReplaceValue,
    frameName: String? = nil
  ) throws -> DataFrame {
    var frame = self
    for name in names {
      let c = try column(name, frameName: frameName)
      frame = try frame.setting(try DataFrame.replaced(c, value, replacement))
    }
    return frame
  }

  static func replaced(_ c: Column, _ value: ReplaceValue, _ replacement: ReplaceValue) throws -> Column {
    func wrongType(_ v: ReplaceValue) -> PSDError {
      let got: String
      switch v {
      case .string(let s): got = "the text \"\(s)\""
      case .number(let x): got = "the number \(numberText(x))"
      case .missing: got = "missing"
      }
      return PSDError.data(
        "column '\(c.name)' is \(c.type.word); cannot replace with \(got)",
        notes: c.type == .category ? ["categorical values are written in quotes: \"XNA\""] : [],
        subject: c.name)
    }
    switch c.data {
    case .category(var codes, var levels):
      var from: Int32? = nil  // nil: match missing cells
      switch value {
      case .string(let s):
        guard let i = levels.firstIndex(of: s) else { return c }  // nothing to replace
        from = Int32(i)
      case .missing: from = nil
      case .number: throw wrongType(value)
      }
      var to: Int32
      switch replacement {
      case .missing: to = -1
      case .string(let s):
        if let i = levels.firstIndex(of: s) { to = Int32(i) } else { to = Int32(levels.count); levels.append(s) }
      case .number: throw wrongType(replacement)
      }
      let match = from ?? -1
      for i in 0..<codes.count where codes[i] == match { codes[i] = to }
      if let f = from, to != f {
        // Drop the emptied level so describe and one-hot encodings no longer show it.
        levels.remove(at: Int(f))
        if to > f { to -= 1 }
        for i in 0..<codes.count where codes[i] > f { codes[i] -= 1 }
      }
      return .category(c.name, codes: codes, levels: levels)
    case .float(var v):
      let target: Double? = try {
        switch replacement {
        case .missing: return nil
        case .number(let x): return x
        case .string: throw wrongType(replacement)
        }
      }()
      let newValue = target ?? .nan
      switch value {
      case .number(let x): for i in 0..<v.count where v[i] == x { v[i] = newValue }
      case .missing: for i in 0..<v.count where v[i].isNaN { v[i] = newValue }
      case .string: throw wrongType(value)
      }
      return .float(c.name, v)
    case .int(var v, let valid):
      var mask = valid ?? [Bool](repeating: true, count: v.count)
      let newValue: Int64?
      switch replacement {
      case .missing: newValue = nil
      case .number(let x):
        guard x == x.rounded(), let iv = Int64(exactly: x) else {
          // A fractional replacement turns the column into floats.
          return try replaced(.float(c.name, c.doubles()!), value, replacement)
        }
        newValue = iv
      case .string: throw wrongType(replacement)
      }
      switch value {
      case .number(let x):
        guard let target = Int64(exactly: x) else { return c }
        for i in 0..<v.count where mask[i] && v[i] == target {
          if let nv = newValue { v[i] = nv } else { mask[i] = false; v[i] = 0 }
        }
      case .missing:
        for i in 0..<v.count where !mask[i] {
          if let nv = newValue { v[i] = nv; mask[i] = true }
        }
      case .string: throw wrongType(value)
      }
      return .int(c.name, v, valid: mask.contains(false) ? mask : nil)
    case .bool(var b):
      func code(_ r: ReplaceValue) throws -> Int8 {
        switch r {
        case .missing: return -1
        case .number(let x) where x == 0 || x == 1: return Int8(x)
        default: throw wrongType(r)
        }
      }
      let from = try code(value), to = try code(replacement)
      for i in 0..<b.count where b[i] == from { b[i] = to }
      return .bool(c.name, b)
    }
  }
}

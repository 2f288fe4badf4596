import PSDCore

extension DataFrame {
  /// Stacks frames with the same column names (in any order; the result follows the first
  /// frame's order). Int and float columns stack as float; categorical columns merge their
  /// levels (first frame's levels first, then new ones in order); other type clashes are errors.
  package static func concat(_ frames: [DataFrame], names: [String]? = nil) throws -> DataFrame {
    guard let first = frames.first else { throw PSDError.usage("concat needs at least one frame") }
    func label(_ i: Int) -> String { names.map { "'\($0[i])'" } ?? "frame \(i + 1)" }
    for (i, f) in frames.enumerated().dropFirst() {
      let a = Set(first.columnNames), b = Set(f.columnNames)
      if a != b {
        var notes: [String] = []
        let missing = first.columnNames.filter { !b.contains($0) }
        let extra = f.columnNames.filter { !a.contains($0) }
        if !missing.isEmpty { notes.append("missing in \(label(i)): \(missing.prefix(8).joined(separator: ", "))") }
        if !extra.isEmpty { notes.append("only in \(label(i)): \(extra.prefix(8).joined(separator: ", "))") }
        throw PSDError.data(
          "\(label(0)) and \(label(i)) do not have the same columns", notes: notes,
          subject: missing.first ?? extra.first)
      }
    }
    var out: [Column] = []
    for column in first.columns {
      let parts = frames.map { $0[column.name]! }
      out.append(try stack(parts, label: label))
    }
    return try DataFrame(columns: out)
  }

  static func stack(_ parts: [Column], label: (Int) -> String) throws -> Column {
    let name = parts[0].name
    let types = Set(parts.map(\.type))
    if types == [.category] {
      var levels: [String] = []
      var index: [String: Int32] = [:]
      var codes: [Int32] = []
      for p in parts {
        guard case .category(let c, let l) = p.data else { continue }
        let map: [Int32] = l.map { s in
          if let k = index[s] { return k }
          let k = Int32(levels.count)
          index[s] = k
          levels.append(s)
          return k
        }
        codes.append(contentsOf: c.map { $0 < 0 ? -1 : map[Int($0)] })
      }
      return .category(name, codes: codes, levels: levels)
    }
    if types == [.bool] {
      return .bool(
        name,
        parts.flatMap { p -> [Int8] in
          if case .bool(let b) = p.data { return b }; return []
        })
    }
    if types == [.int] {
      var values: [Int64] = []
      var valid: [Bool] = []
      var anyMissing = false
      for p in parts {
        guard case .int(let v, let m) = p.data else { continue }
        values.append(contentsOf: v)
        if let m {
          anyMissing = true; valid.append(contentsOf: m)
        } else {
          valid.append(contentsOf: repeatElement(true, count: v.count))
        }
      }
      return .int(name, values, valid: anyMissing ? valid : nil)
    }
    if types.isSubset(of: [.int, .float]) {
      return .float(name, parts.flatMap { $0.doubles()! })
    }
    let i = parts.firstIndex { $0.type != parts[0].type }!
    throw PSDError.data(
      "column '\(name)' is \(parts[0].type.word) in \(label(0)) but \(parts[i].type.word) in \(label(i))",
      subject: name)
  }
}

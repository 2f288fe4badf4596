import PSDCore

extension DataFrame {
  /// Renames columns; every old name must exist and the new names must stay unique.
  package func renaming(_ pairs: [(from: String, to: String)], frameName: String? = nil) throws -> DataFrame {
    var cols = columns
    for (from, to) in pairs {
      guard let i = columnIndex(from) else {
        throw PSDError.unknown("column", from, in: frameName, candidates: columnNames)
      }
      if to.isEmpty { throw PSDError.usage("cannot rename '\(from)' to an empty name", subject: from) }
      cols[i].name = to
    }
    var seen = Set<String>()
    for c in cols where !seen.insert(c.name).inserted {
      throw PSDError.usage("renaming would give two columns named '\(c.name)'", subject: c.name)
    }
    return try DataFrame(columns: cols)
  }
}

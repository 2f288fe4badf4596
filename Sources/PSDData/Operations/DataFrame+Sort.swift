import PSDCore

/// One sort key: a column and its direction.
package struct SortKey: Sendable, Equatable, Codable {
  package var column: String
  package var descending: Bool
  package init(_ column: String, descending: Bool = false) {
    self.column = column
    self.descending = descending
  }
}

extension DataFrame {
  /// Rows ordered by the keys in turn; stable (equal rows keep their order); missing values
  /// last whatever the direction (pandas' default). Categorical columns sort by label.
  package func sorted(by keys: [SortKey], frameName: String? = nil) throws -> DataFrame {
    if keys.isEmpty { throw PSDError.usage("sort needs at least one column") }
    // Each key becomes a rank array of Doubles (NaN last), so the comparator is uniform.
    var ranks: [[Double]] = []
    for key in keys {
      let c = try column(key.column, frameName: frameName)
      var r: [Double]
      if case .category(let codes, let levels) = c.data {
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        var rankOfCode = [Double](repeating: 0, count: levels.count)
        for (rank, code) in order.enumerated() { rankOfCode[code] = Double(rank) }
        r = codes.map { $0 < 0 ? .nan : rankOfCode[Int($0)] }
      } else {
        r = c.doubles()!
      }
      if key.descending { r = r.map { -$0 } }
      ranks.append(r)
    }
    var order = Array(0..<rowCount)
    order.sort { a, b in
      for r in ranks {
        let x = r[a], y = r[b]
        if x.isNaN || y.isNaN {
          if x.isNaN != y.isNaN { return y.isNaN }
          continue
        }
        if x != y { return x < y }
      }
      return a < b
    }
    return gatherRows(order)
  }
}

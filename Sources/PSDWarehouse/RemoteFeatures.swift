import PSDCore
import PSDData

/// `aggregate` and `join` pushed down: each becomes `CREATE TEMP TABLE … AS SELECT …` on every
/// shard, with the output columns named exactly as the in-memory commands name them. Shards hold
/// every row of a client on one shard, so grouping or joining by a client key is local to each
/// shard and nothing needs merging. Only the new table's column list comes back.
package enum RemoteFeatures {
  /// Functions the warehouse computes with the in-memory semantics (missing values skipped,
  /// sum of nothing 0, sample variance). median, first and last need row order or a sort: collect.
  static let pushed: Set<AggregateFunction> = [.count, .sum, .mean, .min, .max, .std, .var, .nunique, .counts, .shares]

  package static func aggregate(
    _ frame: RemoteFrame, by keys: [String], specs: [AggregateSpec], prefix: String = "",
    sizeColumn: Bool = true, frameName: String? = nil,
    control: TaskControl = .none
  ) throws -> RemoteFrame {
    let keyColumns = try keys.map { try frame.column($0, frameName: frameName) }
    let keySet = Set(keys)
    let named = Set(specs.map(\.column).filter { $0 != "*" })
    var jobs: [(column: RemoteColumn, functions: [AggregateFunction])] = []
    for spec in specs {
      for f in spec.functions where !pushed.contains(f) {
        throw PSDError.usage(
          "aggregate: '\(f.rawValue)' is not computed in the warehouse",
          notes: [
            "pushed down: " + pushed.map(\.rawValue).sorted().joined(separator: " "),
            "for \(f.rawValue), pull the rows first: x = collect \(frameName ?? frame.source)"
          ])
      }
      if spec.column == "*" {
        for c in frame.columns where !keySet.contains(c.name) && !named.contains(c.name) {
          let fits = spec.functions.filter { c.type == .category ? !$0.needsNumbers : !$0.needsCategory }
          if !fits.isEmpty { jobs.append((c, fits)) }
        }
        continue
      }
      let c = try frame.column(spec.column, frameName: frameName)
      if keySet.contains(c.name) {
        throw PSDError.usage("'\(c.name)' is a grouping key and cannot also be aggregated", subject: c.name)
      }
      for f in spec.functions {
        if c.type == .category && f.needsNumbers {
          throw PSDError.data(
            "cannot compute \(f.rawValue) of categorical column '\(c.name)'",
            notes: ["use 'counts' or 'shares' for per-level counts, or 'nunique'"], subject: c.name)
        }
        if c.type != .category && f.needsCategory {
          throw PSDError.data(
            "'\(f.rawValue)' needs a categorical column, '\(c.name)' is \(c.type.rawValue)", subject: c.name)
        }
      }
      jobs.append((c, spec.functions))
    }

    // Levels of the columns that get one output column per level, read over all shards so
    // every shard's table has the same columns.
    var levelsOf: [String: (levels: [String], hasMissing: Bool)] = [:]
    for job in jobs where job.functions.contains(where: \.needsCategory) && levelsOf[job.column.name] == nil {
      let x = job.column.sql()
      let sql =
        "SELECT \(x)::text, count(*) FROM \(frame.relation) AS q WHERE \(keyColumns.map { "\($0.sql()) IS NOT NULL" }.joined(separator: " AND ")) GROUP BY 1"
      var levels = Set<String>(), missing = false
      for shard in try frame.warehouse.query(sql, control: control) {
        for row in shard.rows { if let l = row[0] { levels.insert(l) } else { missing = true } }
      }
      if levels.count > maximumLevelColumns {
        throw PSDError.data(
          "'\(job.column.name)' has \(levels.count) levels: too many for one column per level (at most \(maximumLevelColumns))",
          notes: ["use nunique, or group by it instead"], subject: job.column.name)
      }
      levelsOf[job.column.name] = (levels.sorted(), missing)
    }

    var select = keyColumns.map { "\($0.sql()) AS \(SQL.identifier($0.sqlName))" }
    var names: [String] = keys
    var longNames = frame.longNames.filter { keys.contains($0.value) }
    // Output names longer than the warehouse's limit get a short warehouse name (kept apart by a
    // hash); the frame keeps the full name.
    func add(_ expression: String, _ name: String) throws {
      let sqlName = SQL.physicalName(name)
      if sqlName != name { longNames[sqlName] = name }
      select.append("\(expression) AS \(SQL.identifier(sqlName))")
      names.append(name)
    }
    if sizeColumn { try add("count(*)::bigint", prefix + "COUNT") }
    for job in jobs {
      let base = prefix + job.column.name + "_"
      let raw = job.column.sql()
      let x = job.column.type == .category ? raw : RemoteDescribe.valueExpression(job.column)
      for f in job.functions {
        let name = base + f.suffix
        switch f {
        case .count: try add("count(\(raw))::bigint", name)
        case .sum: try add("coalesce(sum(\(x)), 0)", name)
        case .mean: try add("avg(\(x))", name)
        case .min: try add("min(\(x))", name)
        case .max: try add("max(\(x))", name)
        case .var: try add("var_samp(\(x))", name)
        case .std: try add("stddev_samp(\(x))", name)
        case .nunique: try add("count(DISTINCT \(raw))::bigint", name)
        case .counts, .shares:
          let (levels, hasMissing) = levelsOf[job.column.name]!
          let suffix = f == .counts ? "_COUNT" : "_SHARE"
          for (level, part) in zip(levels, uniqueLevelParts(levels)) {
            let n = "count(*) FILTER (WHERE (\(raw))::text = \(SQL.literal(level)))"
            try add(f == .counts ? "\(n)::bigint" : "\(n)::float8 / count(*)", base + part + suffix)
          }
          if hasMissing {
            let n = "count(*) FILTER (WHERE \(raw) IS NULL)"
            try add(f == .counts ? "\(n)::bigint" : "\(n)::float8 / count(*)", base + "MISSING" + suffix)
          }
        default: break
        }
      }
    }
    if Set(names).count != names.count {
      let dup = names.first { n in names.filter { $0 == n }.count > 1 }!
      throw PSDError.usage("aggregate would make two columns named '\(dup)'", notes: ["use prefix= to tell them apart"])
    }
    let table = frame.warehouse.temporaryName("agg")
    let keyList = keyColumns.map { $0.sql() }
    let sql = """
      CREATE TEMP TABLE \(table) AS SELECT \(select.joined(separator: ", ")) FROM \(frame.relation) AS q \
      WHERE \(keyList.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")) GROUP BY \(keyList.joined(separator: ", "))
      """
    return try materialise(frame.warehouse, sql: sql, table: table, longNames: longNames, control: control)
  }

  package static func join(
    _ left: RemoteFrame, _ right: RemoteFrame, on keys: [String], kind: JoinKind = .left,
    suffix: String = "_right", leftName: String? = nil, rightName: String? = nil,
    control: TaskControl = .none
  ) throws -> RemoteFrame {
    guard left.warehouse === right.warehouse else {
      throw PSDError.usage(
        "join: '\(leftName ?? left.source)' and '\(rightName ?? right.source)' live in different warehouses",
        notes: ["collect one of them, or connect once and read both tables through it"])
    }
    var on: [String] = []
    for k in keys {
      let a = try left.column(k, frameName: leftName), b = try right.column(k, frameName: rightName)
      on.append("\(a.sql("l")) = \(b.sql("r"))")
      if a.type != b.type {
        throw PSDError.data(
          "join key '\(k)' is \(a.type.rawValue) in '\(leftName ?? left.source)' but \(b.type.rawValue) in '\(rightName ?? right.source)'",
          subject: k)
      }
    }
    var select = left.columns.map { $0.sql("l") }
    var longNames = left.longNames
    var taken = Set(left.columnNames)
    for c in right.columns where !keys.contains(c.name) {
      var name = c.name
      while taken.contains(name) { name += suffix }
      taken.insert(name)
      let sqlName = SQL.physicalName(name)
      if sqlName != name { longNames[sqlName] = name }
      select.append("\(c.sql("r")) AS \(SQL.identifier(sqlName))")
    }
    let table = left.warehouse.temporaryName("join")
    let sql = """
      CREATE TEMP TABLE \(table) AS SELECT \(select.joined(separator: ", ")) FROM \(left.relation) AS l \
      \(kind == .inner ? "INNER" : "LEFT") JOIN \(right.relation) AS r ON \(on.joined(separator: " AND "))
      """
    return try materialise(left.warehouse, sql: sql, table: table, longNames: longNames, control: control)
  }

  /// Runs the CREATE on every shard and describes the new table.
  static func materialise(
    _ warehouse: Warehouse, sql: String, table: String, longNames: [String: String],
    control: TaskControl
  ) throws -> RemoteFrame {
    _ = try warehouse.query(sql, control: control)
    return try RemoteFrame.describe(warehouse, relation: table, source: table, longNames: longNames, control: control)
  }
}

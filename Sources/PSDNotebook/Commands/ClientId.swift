import PSDCore
import PSDData

/// The one id convention of every command that names a client (`explain`, `whatif`, `score`,
/// `plot-ascii waterfall|gauge|hist ... client=`): the id column is `id=COL` on the statement,
/// else the session's `set id=COL` (SK_ID_CURR until changed).
extension CommandContext {
  /// The id column this statement uses: `id=`, else the session setting (not checked).
  func idColumnName() throws -> String {
    try string("id") ?? settings.idColumn
  }

  /// The id column of `frame`; an error that says both ways to fix it when the frame has none.
  func idColumn(of frame: DataFrame, named frameName: String, for purpose: String = "to find the client")
    throws -> (name: String, column: Column)
  {
    let name = try idColumnName()
    if let column = frame[name] { return (name, column) }
    var notes: [String] = []
    if let best = Suggestions.closest(to: name, among: frame.columnNames) { notes.append("did you mean '\(best)'?") }
    notes.append("add id=COL to this statement, naming the column that holds the ids")
    notes.append("or set it once for the session: set id=COL (now \(settings.idColumn))")
    let given = option("id")
    throw error(
      "no id column '\(name)' in '\(frameName)' \(purpose)\(given == nil ? " (the session's id column)" : "")",
      at: given?.value ?? option("client")?.value, notes: notes)
  }

  /// The id of `client=` as text (a number is written as psd prints it: 100002).
  func clientId() throws -> String {
    guard let client = try value(option: "client") else {
      throw error("\(spec.name): this is about one client: add client=ID (an id in column \(try idColumnName()))")
    }
    switch client {
    case .number(let v): return Format.number(v)
    case .string(let s): return s
    default: throw error("option 'client' expects an id like 100002", at: option("client")?.value)
    }
  }

  /// The row of the client named by `client=` in `frame`, found in the id column. An id on
  /// several rows is an error: explaining the first one silently could be the wrong application.
  func clientRow(in frame: DataFrame, named frameName: String) throws -> (row: Int, id: String) {
    let wanted = try clientId()
    let (idName, ids) = try idColumn(of: frame, named: frameName)
    let rows = (0..<frame.rowCount).filter { ids.text($0) == wanted }
    guard let row = rows.first else {
      throw error("no client \(wanted) in '\(frameName)' (column \(idName))", at: option("client")?.value)
    }
    if rows.count > 1 {
      throw error(
        "client \(wanted) is on \(rows.count) rows of '\(frameName)' (rows \(rows.prefix(5).map { String($0 + 1) }.joined(separator: ", "))\(rows.count > 5 ? ", ..." : "")); \(spec.name) needs one",
        at: option("client")?.value,
        notes: ["make \(idName) unique first (filter the frame), or name another id column with id="])
    }
    return (row, wanted)
  }
}

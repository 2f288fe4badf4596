import Foundation
import PSDCore
import PSDData
import PSDLanguage

/// `x = load "file.csv" [sep=";"] [missing=["NA", "XNA"]] [types={COL: float; ID: category}]`
enum LoadCommand {
  static let spec = CommandSpec(
    name: "load", topic: "data",
    usage: [
      "load \"file.csv\"", "load \"file.csv\" sep=\";\" missing=[\"NA\", \"XNA\"] types={COL: float}",
      "load model \"file.psdm\"", "load model \"model.txt\" format=lightgbm target=TARGET"
    ],
    summary: "read a CSV file into a frame (types inferred from every value)",
    details: """
      Reads RFC 4180 CSV: quoted fields may hold separators, doubled quotes ("") and line breaks; \
      lines end in LF or CRLF; a UTF-8 byte order mark is skipped. An empty field is missing. Each \
      column's type comes from all its values: whole numbers are int, a decimal anywhere makes the \
      column float, true/false columns are bool, any other text makes it categorical. Text must be \
      UTF-8: invalid bytes are an error naming the line (convert with iconv), never replaced. \
      A row with more or fewer fields than the header, an unterminated quote or a duplicate column \
      name is an error naming the file and line. Large files are parsed on every core; Ctrl-C stops a load. \
      The default missing set is the empty field alone, so no text is ever turned into missing unasked \
      (a level "NA" stays a level); missing=["NA", "N/A", "null"] adds the usual spellings of other \
      tools (exact, case-sensitive matches; quoted fields too). A path may start with ~ (the home \
      folder) or be a name bound to a text: path = "app.csv" then load path.
      """,
    options: [
      OptionSpec("sep", .text, default: .described("\",\""), "field separator: one character, or \"tab\"", as: "\",\""),
      OptionSpec(
        "missing", .structured("[\"NA\", ...]"), default: .described("the empty field only"),
        "texts read as missing besides the empty field, e.g. [\"NA\", \"N/A\", \"null\"]"),
      OptionSpec(
        "types", .structured("{COL: float; ...}"), "column types instead of inference: int, float, bool, category"),
      OptionSpec(
        "threads", .integer(.between(1, Double(CSVReadOptions.maxThreads))), default: .described("every core"),
        "parser threads"),
      OptionSpec(
        "format", .choice(ModelFileFormat.self), default: .text(ModelFileFormat.psdm.rawValue),
        "load model: a .psdm file or LightGBM's text model (binary objective)"),
      OptionSpec(
        "target", .column, default: .text("TARGET"), "load model format=lightgbm: the 0/1 column the model predicts")
    ],
    examples: [
      "app = load \"Examples/data/application_train.csv\"",
      "app = load \"app.csv\" missing=[\"XNA\"] types={SK_ID_CURR: category}",
      "eu = load \"eu.csv\" sep=\";\"",
      "m = load model \"model.txt\" format=lightgbm"
    ],
    keywords: ["model"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    // `load model "file.psdm"` belongs to the models' command file.
    if c.keyword("model") {
      try LoadModelCommand.run(c)
      return
    }
    let path = try c.quoted("a file path in quotes")
    for name in ["format", "target"] where c.hasOption(name) {
      throw c.error("option '\(name)' applies to 'load model'", at: c.option(name)?.value)
    }
    var options = CSVReadOptions()
    if let sepOption = c.option("sep"), let sep = try c.string("sep") {
      let text = sep == "tab" || sep == "\\t" ? "\t" : sep
      guard text.utf8.count == 1, let byte = text.utf8.first, byte != 34, byte != 10, byte != 13 else {
        throw c.error(
          "option 'sep' expects one character like \";\" or \"tab\", found \(sepOption.value.text)",
          at: sepOption.value)
      }
      options.separator = byte
    }
    if let missingOption = c.option("missing") {
      switch try c.value(option: "missing") {
      case .string(let s)?: options.missingTokens = [s]
      case .list(let items)?:
        options.missingTokens = try items.map { item in
          guard case .string(let s) = item else {
            throw c.error("option 'missing' expects quoted texts like [\"NA\", \"XNA\"]", at: missingOption.value)
          }
          return s
        }
      default:
        throw c.error("option 'missing' expects quoted texts like [\"NA\", \"XNA\"]", at: missingOption.value)
      }
    }
    if let typesOption = c.option("types") {
      options.columnTypes = try columnTypes(typesOption.value, c)
    }
    // At most CSVReadOptions.maxThreads (declared): 10⁹ threads reached 18.8 GB before failing.
    if let threads = try c.int("threads") { options.threads = threads }
    let resolved = c.session.resolvePath(path)
    let result: CSVReadResult
    do {
      result = try CSVReader.read(path: resolved, displayName: path, options: options, control: c.control)
    } catch var error as PSDError where error.kind != .cancelled {
      // Point the caret at the path; suggest a close file name from the same directory.
      if error.subject.map({ options.columnTypes[$0] == nil }) ?? true { error.subject = path }
      if error.kind == .io && error.message.hasPrefix("no such file") {
        let directory = (resolved as NSString).deletingLastPathComponent
        let base = (resolved as NSString).lastPathComponent
        if let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory),
          let best = Suggestions.closest(to: base, among: names)
        {
          let typedDirectory = (path as NSString).deletingLastPathComponent
          error.notes.append(
            "did you mean '\(typedDirectory.isEmpty ? best : (typedDirectory as NSString).appendingPathComponent(best))'?"
          )
        }
      }
      throw error
    }
    c.inputFiles.append(path)
    let frame = c.traced(
      result.frame,
      .load(
        path: path, separator: options.separator,
        missingTokens: options.missingTokens), from: [])
    c.print(
      "loaded \(Format.count(frame.rowCount)) rows × \(frame.columnCount) columns from \(path) (\(megabytes(result.byteCount)))"
    )
    c.result(.frame(frame))
  }

  static func megabytes(_ bytes: Int) -> String {
    bytes < 1_000_000 ? String(format: "%.1f KB", Double(bytes) / 1e3) : String(format: "%.1f MB", Double(bytes) / 1e6)
  }

  /// `{COL: float; A B: category}` → column types, with did-you-mean for type names.
  static func columnTypes(_ expr: Expr, _ c: CommandContext) throws -> [String: ColumnType] {
    guard case .block(let entries) = expr.kind else {
      throw c.error("option 'types' expects a block like {SK_ID_CURR: category; AMT_CREDIT: float}", at: expr)
    }
    let aliases: [String: ColumnType] = [
      "int": .int, "float": .float, "bool": .bool, "category": .category,
      "text": .category, "string": .category
    ]
    var types: [String: ColumnType] = [:]
    for entry in entries {
      guard entry.words.count == 1,
        let word = entry.words[0].name
          ?? {
            if case .string(let s) = entry.words[0].kind { return s } else { return nil }
          }()
      else {
        throw c.error(
          "each entry of 'types' names one type: int, float, bool or category", at: entry.words.first ?? expr)
      }
      guard let type = aliases[word] else {
        var notes = ["types: int, float, bool, category"]
        if let best = Suggestions.closest(to: word, among: Array(aliases.keys)) {
          notes.insert("did you mean '\(best)'?", at: 0)
        }
        throw c.error("unknown column type '\(word)'", at: entry.words[0], notes: notes)
      }
      for key in entry.keys {
        let name: String
        if let n = key.name {
          name = n
        } else if case .string(let s) = key.kind {
          name = s
        } else {
          throw c.error("expected a column name, found \(key.text)", at: key)
        }
        types[name] = type
      }
    }
    return types
  }
}

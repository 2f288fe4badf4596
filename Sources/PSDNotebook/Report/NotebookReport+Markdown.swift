import PSDCore
extension NotebookReport {
  /// GitHub-flavoured Markdown: a header table, the input files, then one section per statement
  /// with its source in a `psd` code block and its output in a `text` block.
  package func markdown() -> String {
    var out = "# psd notebook: \(script)\n\n"
    out += "| | |\n|---|---|\n"
    out += "| psd | \(version) |\n"
    out += "| date | \(date) |\n"
    out += "| script | `\(script)`" + (scriptSHA256.map { " (SHA-256 `\($0)`)" } ?? "") + " |\n"
    out += "| outcome | \(outcomeText) |\n"
    out += "| total time | \(NotebookReport.seconds(totalSeconds)) |\n\n"

    out += "## Input files\n\n"
    if inputs.isEmpty {
      out += "No file was read.\n\n"
    } else {
      out += "| file | bytes | SHA-256 |\n|---|---:|---|\n"
      for f in inputs { out += "| `\(f.path)` | \(Format.count(f.bytes)) | `\(f.sha256)` |\n" }
      out += "\n"
    }

    out += "## Statements\n"
    for (i, cell) in cells.enumerated() {
      let status = cell.succeeded ? "" : " · **failed**"
      // The script's comments before the statement, as prose.
      for paragraph in NotebookReport.paragraphs(cell.comment) {
        out += "\n" + NotebookReport.markdownText(paragraph) + "\n"
      }
      out += "\n### [\(i + 1)] \(cell.file):\(cell.line) · \(NotebookReport.seconds(cell.seconds))\(status)\n\n"
      out += NotebookReport.fenced(cell.source, info: "psd")
      let text = NotebookReport.plain(cell.output)
      if !text.isEmpty { out += "\n" + NotebookReport.fenced(text, info: "text") }
    }
    return out
  }

  /// Comment prose as Markdown text: characters that would start a heading, a list, a quote or
  /// HTML at a line start, or emphasis anywhere, are escaped, so a comment reads as written.
  static func markdownText(_ text: String) -> String {
    var out = ""
    for ch in text {
      if "\\`*_<>[]|".contains(ch) { out.append("\\") }
      out.append(ch)
    }
    if let first = out.first, "#-+>".contains(first) || first.isNumber { out = "\\" + out }
    return out
  }

  /// A code block whose fence is longer than any backtick run inside, so output cannot end it.
  static func fenced(_ text: String, info: String) -> String {
    var longest = 0
    var run = 0
    for c in text {
      run = c == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    let body = text.hasSuffix("\n") ? text : text + "\n"
    return "\(fence)\(info)\n\(body)\(fence)\n"
  }
}

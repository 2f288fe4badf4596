import Foundation
import PSDCore

extension NotebookReport {
  /// One self-contained HTML file: inline CSS, no scripts, no network.
  package func html() -> String {
    func esc(_ s: String) -> String { Markup.escape(s) }
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>psd notebook: \(esc(script))</title>
      <style>
      body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
      table { border-collapse: collapse; margin: 1rem 0; }
      th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
      td.num { text-align: right; }
      code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; }
      section.cell { border-left: 4px solid #8a8; margin: 1.2rem 0; padding-left: .8rem; }
      section.failed { border-left-color: #c55; }
      .meta { color: #666; font-size: .85rem; }
      pre.source { background: #f3f3f0; padding: .5rem; }
      pre.output { background: #fafafa; padding: .5rem; overflow-x: auto; }
      figure.chart { margin: .5rem 0; } figure.chart svg { max-width: 100%; height: auto; }
      </style>
      </head>
      <body>
      <h1>psd notebook: \(esc(script))</h1>
      <table>
      <tr><th>psd</th><td>\(esc(version))</td></tr>
      <tr><th>date</th><td>\(esc(date))</td></tr>
      <tr><th>script</th><td><code>\(esc(script))</code>\(scriptSHA256.map { " (SHA-256 <code>\($0)</code>)" } ?? "")</td></tr>
      <tr><th>outcome</th><td>\(esc(outcomeText))</td></tr>
      <tr><th>total time</th><td>\(NotebookReport.seconds(totalSeconds))</td></tr>
      </table>
      <h2>Input files</h2>

      """
    if inputs.isEmpty {
      out += "<p>No file was read.</p>\n"
    } else {
      out += "<table>\n<tr><th>file</th><th>bytes</th><th>SHA-256</th></tr>\n"
      for f in inputs {
        out +=
          "<tr><td><code>\(esc(f.path))</code></td><td class=\"num\">\(Format.count(f.bytes))</td><td><code>\(f.sha256)</code></td></tr>\n"
      }
      out += "</table>\n"
    }
    out += "<h2>Statements</h2>\n"
    for (i, cell) in cells.enumerated() {
      // The script's comments before the statement, as prose.
      for paragraph in NotebookReport.paragraphs(cell.comment) { out += "<p class=\"prose\">\(esc(paragraph))</p>\n" }
      out += "<section class=\"cell\(cell.succeeded ? "" : " failed")\">\n"
      out +=
        "<div class=\"meta\">[\(i + 1)] \(esc(cell.file)):\(cell.line) · \(NotebookReport.seconds(cell.seconds))\(cell.succeeded ? "" : " · <strong>failed</strong>")</div>\n"
      out += "<pre class=\"source\"><code>\(esc(cell.source))</code></pre>\n"
      let text = NotebookReport.plain(cell.output)
      if !cell.figures.isEmpty {
        // The chart as SVG (PSDPlots, the dashboard's renderer) rather than braille text.
        for f in cell.figures {
          // Inline SVG needs no namespace in HTML; dropping it keeps the page free of any URL.
          out +=
            "<figure class=\"chart\">\n\(f.svg.replacingOccurrences(of: #" xmlns="http://www.w3.org/2000/svg""#, with: ""))"
          if !f.notes.isEmpty { out += "<figcaption>\(esc(f.notes.joined(separator: "; ")))</figcaption>\n" }
          out += "</figure>\n"
        }
      } else if !text.isEmpty {
        out += "<pre class=\"output\">\(esc(text))</pre>\n"
      }
      out += "</section>\n"
    }
    out += "</body>\n</html>\n"
    return out
  }
}

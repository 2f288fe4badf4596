/// Docs/language.md, generated from the command table (a test fails when the file is stale).
public enum ReferenceDocs {
  public static func markdown() -> String {
    var out: [String] = []
    out.append("# psd language reference")
    out.append("")
    out.append("<!-- Generated from the command table (Sources/PSDNotebook/Registry/CommandTable.swift).")
    out.append("     Do not edit: run `PSD_UPDATE_DOCS=1 swift test --filter languageReferenceIsUpToDate`. -->")
    out.append("")
    out.append(syntaxSection)
    for topic in CommandTable.topics {
      let specs = CommandTable.all.filter { $0.topic == topic.name }
      if specs.isEmpty { continue }
      out.append("## \(topic.title)")
      out.append("")
      for spec in specs {
        out.append("### `\(spec.name)`")
        out.append("")
        out.append(spec.summary.prefix(1).uppercased() + spec.summary.dropFirst() + ".")
        out.append("")
        out.append("```")
        out += spec.usage
        out.append("```")
        out.append("")
        if !spec.details.isEmpty {
          out.append(spec.details)
          out.append("")
        }
        if !spec.options.isEmpty {
          out.append("| option | value | meaning |")
          out.append("|---|---|---|")
          for o in spec.options {
            out.append("| `\(o.name)` | `\(o.value.replacingOccurrences(of: "|", with: "\\|"))` | \(o.summary.replacingOccurrences(of: "|", with: "\\|")) |")
          }
          out.append("")
        }
        if !spec.examples.isEmpty {
          out.append("Examples:")
          out.append("")
          out.append("```")
          out += spec.examples
          out.append("```")
          out.append("")
        }
      }
    }
    return out.joined(separator: "\n")
  }

  static let syntaxSection = """
    ## Statements

    ```
    # a comment runs to the end of the line
    name = command arguments...          # bind the result to a name
    a, b = command arguments...          # commands may return several values
    command arguments...                 # show the result
    ```

    - **Arguments** are names (`app`), column references (`app.AMT_CREDIT`, or a bare column name
      where the frame is clear), literals (`"path.csv"`, `42`, `0.05`, `1e-05`, `true`, `false`,
      `missing`), lists (`[SK_ID_CURR, TARGET]`), blocks (`{AMT_CREDIT: mean max; CREDIT_ACTIVE: counts}`),
      keywords (`by`, `on`, `with`, `where`, `client`, ...) and options `key=value`.
    - A name that is not a plain identifier is back-quoted: `` `Spouse, partner` ``.
    - **Expressions** (in `derive` and `filter`): `+ - * /`, `< <= > >= == !=`, `and or not`,
      `X is missing`, `X is not missing`, and functions `log`, `abs`, `sqrt`, `exp`, `min`, `max`,
      `clip`, `coalesce`, `if(cond, a, b)`. Precedence, loosest first: `or`, `and`, `not`,
      comparisons, `+ -`, `* /`, unary `-`.
    - A statement continues on the next line while a `(`, `[` or `{` is open (the REPL shows a
      continuation prompt), or after a `\\` at the end of a line. `;` separates statements on one line.
    - **Errors** name the place: `study.psd:12:18: error: no column 'AMT_CREDT' in 'app'`, the line with
      a caret, then `note: did you mean 'AMT_CREDIT'?`. Every syntax error in a script is reported before
      anything runs; a failing statement changes nothing (names keep their previous values) and stops a
      script.

    """
}

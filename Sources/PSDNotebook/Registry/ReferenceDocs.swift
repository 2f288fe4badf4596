/// Docs/language.md, generated from the command table (a test fails when the file is stale).
/// Each option's value, allowed range and default come from its declaration.
package enum ReferenceDocs {
  package static func markdown() -> String {
    var out: [String] = []
    out.append("# psd language reference")
    out.append("")
    out.append("<!-- Generated from the command table (Sources/PSDNotebook/Registry/CommandTable.swift).")
    out.append("     Do not edit: run `PSD_UPDATE_DOCS=1 swift test --filter languageReferenceIsUpToDate`. -->")
    out.append("")
    out.append(syntaxSection)
    out.append(valuesSection)
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
          out.append("| option | value | default | meaning |")
          out.append("|---|---|---|---|")
          func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
          for o in spec.options {
            let value = "`\(cell(o.value))`" + ((o.kind.range?.rule).map { " (\($0))" } ?? "")
            let defaultText = o.defaultValue.text.map(cell) ?? ""
            out.append("| `\(o.name)` | \(value) | \(defaultText) | \(cell(o.summary)) |")
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

  static let valuesSection = """
    ## Values, checks and what assignments print

    ```
    fn = 10                              # a number, a text, a boolean: a scalar
    t = 0.07
    level = "Cash loans"
    ratio = fn / 2 + 1                   # + - * / on numbers, + joins texts
    strict = t < 0.1 and not (fn == 1)   # < <= > >= == != and or not
    cut = threshold m on va cost fn=fn fp=1
    risky = filter s where PD >= t       # t is not a column of s: the scalar
    e = evaluate m on te                 # an evaluation: e.auc, e.gini, e.ks, e.cost, ...
    print "AUC" e.auc "Gini" e.gini
    d = describe app                     # describe, columns, psi, explain m on te: frames
    e                                    # a name alone shows its value
    ```

    - **Scalars** (numbers, texts, booleans, `missing`) are assigned like any result and used
      wherever a value goes: options (`cost fn=fn`, `out=path`), quoted arguments (`load path`),
      `replace`'s values (`replace app DAYS_EMPLOYED sentinel with missing`), `print`, and
      `derive`/`filter` expressions. Functions on values: `abs`, `sqrt`, `log`, `exp`,
      `round`, `floor`, `ceil`, `min`, `max`. `missing` in arithmetic gives `missing`.
    - **In a frame expression a column wins**: a bare name is a column when the frame has one of
      that name, and the session's scalar only otherwise (`filter s where PD >= t`). A record's field
      (`e.ks`) is a value too.
    - **Results are values.** `evaluate` gives an evaluation whose fields are read with a dot;
      `describe FRAME`, `columns`, `psi` and `explain MODEL` give frames to show, filter, sort and save
      (assigned, `describe` and `columns` print only the assignment's line: the table is the value;
      `psi` and `explain` print their report too).
      A value used as the wrong kind says what it is: `'e' is an evaluation, not a frame`.
    - **A name alone** shows its value: a frame's first rows (`show`), a model's summary, a record's
      fields, a scalar.
    - **Every assignment says what it made** in one line when the command prints nothing else:
      `cash: frame 2,728 rows × 122 columns; kept 2,728 of 3,001 rows (90.90 %)`; `join` counts the
      left rows that matched and the right keys that did not; `split` gives both sizes and the
      default rate of each part. A comparison of a categorical column with a level it does not have
      (`NAME_CONTRACT_TYPE == "Cash"`) warns, with the closest level.
    - **A script is checked before it runs**: syntax errors, unknown commands and options, option
      values of the wrong kind (`trees=many`, `kind=lft`), too few arguments for every usage form,
      more names than a command returns, and names used before any statement assigns them are all
      reported, with `file:line:col`, a caret and did-you-mean, and nothing runs. After an unclosed
      bracket, a line that starts like a statement (`name = ...`, `command argument`) at its first
      column starts a new one, so later errors are still found. The REPL checks each entry the
      same way. After `run "other.psd"` names are not checked (that script may assign any).
    - **The prompt equals the file**: `\\` at the end of a line, comments and brackets over several
      lines read the same at the prompt, from a pipe and in a file.
    - A script's full-line `#` comments appear in its `--report` as prose before the statement
      they precede.

    """
}

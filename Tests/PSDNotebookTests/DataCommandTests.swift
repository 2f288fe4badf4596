import Foundation
import Synchronization
import Testing
import PSDTestSupport
import PSDCore
import PSDData
@testable import PSDNotebook

/// load / save / show / columns / describe through a session.
@Suite struct DataCommandTests {
  @Test func loadSaveLoadRoundTripAndOptions() throws {
    let dir = TemporaryDirectory("cmd")
    defer { dir.remove() }
    dir.write("a.csv", "id;amt;kind\n007;1.5;XNA\n8;-3648.0;Cash\n")
    let run = runScript(
      """
      a = load "a.csv" sep=";" missing=["XNA"] types={id: category}
      save a "b.csv"
      b = load "b.csv" types={id: category}
      """, baseDirectory: dir.path)
    #expect(run.succeeded, "\(run.stderr)")
    guard case .frame(let b)? = run.value(named: "b") else {
      Issue.record("b not bound")
      return
    }
    #expect(b["id"]!.label(0) == "007")
    #expect(b["amt"]!.doubleValue(1) == -3648.0)
    #expect(b["kind"]!.isMissing(0))
    #expect(run.stdout.contains("saved a: 2 rows × 3 columns to b.csv"))
  }

  @Test func failedLoadLeavesTheNameAsItWas() throws {
    let dir = TemporaryDirectory("cmd")
    defer { dir.remove() }
    dir.write("good.csv", "a,b\n1,2\n")
    dir.write("bad.csv", "a,b\n1,2\n3\n")
    let (s, out) = makeSession(baseDirectory: dir.path)
    _ = s.run(script: "x = load \"good.csv\"\n", file: "t.psd")
    let outcome = s.run(script: "x = load \"bad.csv\"\n", file: "t.psd")
    #expect(outcome == .failed(.data))
    #expect(out.stderr.contains("'bad.csv' line 3: row has 1 fields, the header has 2"))
    guard case .frame(let x)? = s.value(named: "x") else {
      Issue.record("x lost")
      return
    }
    #expect(x.rowCount == 1)
  }

  @Test func loadReportsProgressInBytes() throws {
    let dir = TemporaryDirectory("cmd")
    defer { dir.remove() }
    let text = "a,b\n" + (0..<500).map { "\($0),\($0 % 3)" }.joined(separator: "\n") + "\n"
    dir.write("p.csv", text)
    let (s, _) = makeSession(baseDirectory: dir.path)
    let seen = Mutex<[ProgressEvent]>([])
    s.progress = { event in seen.withLock { $0.append(event) } }
    #expect(s.run(script: "x = load \"p.csv\"\n", file: "t.psd") == .succeeded)
    let events = seen.withLock { $0 }
    #expect(events.last?.stage == "load")
    #expect(events.last?.done == Double(text.utf8.count))
    #expect(events.last?.total == Double(text.utf8.count))
  }

  @Test func showFitsTheWidthAndElidesTheMiddle() throws {
    let columns = (0..<30).map { Column.float("COLUMN_\($0)", [Double($0), .nan]) }
    let (s, out) = makeSession()
    s.bind("wide", .frame(try DataFrame(columns: columns)))
    s.settings.width = 70
    #expect(s.run(script: "show wide limit=2\n", file: "t.psd") == .succeeded)
    let lines = out.stdout.split(separator: "\n")
    #expect(lines.dropLast().allSatisfy { TextWidth.columns(String($0)) <= 70 })
    #expect(lines[0].hasPrefix("COLUMN_0 "))
    #expect(lines[0].hasSuffix("COLUMN_29"))
    #expect(lines[0].contains("…"))
    #expect(lines[3].contains("NA"))
    #expect(out.stdout.contains("2 of 2 rows × 30 columns ("))
  }
}

@Suite struct TableRendererTests {
  @Test func keepsEverythingWhenItFits() {
    let t = TableRenderer(columns: [.init("name", .left), .init("n")], rows: [["a", "1"], ["bb", "22"]])
    let (text, hidden) = t.render(width: 80)
    #expect(hidden == 0)
    #expect(text == "name   n\n────  ──\na      1\nbb    22\n")
  }

  @Test func elidesMiddleColumnsAndCutsLongCells() {
    let columns = (0..<10).map { TableRenderer.Column("c\($0)") }
    let row = (0..<10).map { String(repeating: "x", count: $0 == 0 ? 50 : 6) }
    let (text, hidden) = TableRenderer(columns: columns, rows: [row], maximumCellWidth: 10).render(width: 40)
    #expect(hidden > 0)
    let lines = text.split(separator: "\n")
    #expect(lines.allSatisfy { TextWidth.columns(String($0)) <= 40 })
    #expect(lines[2].hasPrefix("xxxxxxxxx…"))
    #expect(lines[0].hasSuffix("c9"))
  }

  @Test func wideCharactersCountTwice() {
    #expect(TextWidth.columns("東京") == 4)
    #expect(TextWidth.columns("Zürich") == 6)
    #expect(TextWidth.truncate("東京都庁", to: 5, ellipsis: "…") == "東京…")
  }

  @Test func numbersReadBackOrRoundToDigits() {
    #expect(TableRenderer.number(1293502.5) == "1293502.5")
    #expect(TableRenderer.number(-3648.0) == "-3648")
    #expect(TableRenderer.number(0.0830369673913225) == "0.083037")
    #expect(TableRenderer.number(1225029.37512345) == "1225029")
    #expect(TableRenderer.number(.nan) == "NA")
  }
}

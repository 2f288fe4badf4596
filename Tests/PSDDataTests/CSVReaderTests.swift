import Foundation
import Testing
import PSDTestSupport
import PSDCore
@testable import PSDData

@Suite struct CSVReaderTests {
  @Test func infersIntFloatCategoryAndBool() throws {
    let frame = try readCSV("id,amount,kind,flag\n1,2.5,cash,true\n2,3,revolving,false\n")
    #expect(frame.rowCount == 2)
    #expect(frame.columnNames == ["id", "amount", "kind", "flag"])
    #expect(frame["id"]!.type == .int)
    #expect(frame["amount"]!.type == .float)
    #expect(frame["amount"]!.doubles() == [2.5, 3.0])
    #expect(frame["kind"]!.type == .category)
    #expect(frame["kind"]!.label(1) == "revolving")
    #expect(frame["flag"]!.type == .bool)
    #expect(frame["flag"]!.text(0) == "true")
  }

  @Test func intBecomesFloatWhenADecimalAppearsLate() throws {
    var text = "n\n"
    for i in 0..<5000 { text += "\(i)\n" }
    text += "0.5\n"
    let frame = try readCSV(text)
    #expect(frame["n"]!.type == .float)
    #expect(frame["n"]!.doubleValue(4999) == 4999)
    #expect(frame["n"]!.doubleValue(5000) == 0.5)
  }

  @Test func numbersBecomeCategoryWhenALabelAppearsLateKeepingTheirText() throws {
    let frame = try readCSV("code,x\n01,1\n1.50,2\n,3\nXNA,4\n")
    let code = frame["code"]!
    #expect(code.type == .category)
    #expect(code.label(0) == "01")
    #expect(code.label(1) == "1.50")
    #expect(code.isMissing(2))
    #expect(code.label(3) == "XNA")
    #expect(frame["x"]!.type == .int)
  }

  @Test func floatFormsFromPandasAndPython() throws {
    let frame = try readCSV("v\n-3648.0\n1e-05\ninf\n-inf\nnan\n1E+3\n.5\n-0.25\n1.2345678901234567e+19\n0.1\n")
    let v = frame["v"]!.doubles()!
    #expect(frame["v"]!.type == .float)
    #expect(v[0] == -3648.0)
    #expect(v[1] == 1e-05)
    #expect(v[2] == .infinity)
    #expect(v[3] == -.infinity)
    #expect(v[4].isNaN)
    #expect(v[5] == 1000)
    #expect(v[6] == 0.5)
    #expect(v[7] == -0.25)
    #expect(v[8] == 12345678901234567890.0)
    // Written as a 20-digit integer it would be an id beyond 64 bits: a label, kept exact
    // (CSVHardeningTests.twentyDigitIdsStayDistinct).
    #expect(v[9] == 0.1)
  }

  /// Words in any case: true/false make a boolean column, inf/infinity/nan (signed or not) a
  /// float one; anything close to them but not them is a label.
  @Test func wordsInAnyCase() throws {
    let flags = try readCSV("f\nTRUE\nfalse\nTrue\nFALSE\n")["f"]!
    #expect(flags.type == .bool)
    #expect((0..<4).map { flags.text($0) } == ["true", "false", "true", "false"])
    let v = try readCSV("v\n+Infinity\n-INF\nNaN\n1.5\n-inf\n")["v"]!.doubles()!
    #expect(v[0] == .infinity)
    #expect(v[1] == -.infinity)
    #expect(v[2].isNaN)
    #expect(v[3] == 1.5)
    #expect(v[4] == -.infinity)
    for near in ["truex", "-true", "+nan1", "infinit", "-", "fals"] {
      #expect(try readCSV("w\n\(near)\n")["w"]!.type == .category, "\(near)")
    }
  }

  @Test func fastPathAgreesWithStrtodOnManyValues() throws {
    var rng = TestGenerator(seed: 20261206)
    var text = "v\n"
    var expected: [Double] = []
    for i in 0..<3000 {
      let x = Double.random(in: -1e6...1e6, using: &rng) * (i % 3 == 0 ? 1e-9 : 1)
      let s = i % 2 == 0 ? x.description : String(format: "%.4f", x)
      text += s + "\n"
      expected.append(strtod(s, nil))
    }
    let v = try readCSV(text)["v"]!.doubles()!
    #expect(v == expected)
  }

  @Test func int64LimitsAndOverflowToLabels() throws {
    let frame = try readCSV("a,b\n9223372036854775807,9223372036854775808\n-9223372036854775808,1\n")
    #expect(frame["a"]!.type == .int)
    if case .int(let values, _) = frame["a"]!.data {
      #expect(values == [Int64.max, Int64.min])
    }
    // Beyond 64 bits the column is categorical: exact, never rounded to a float.
    #expect(frame["b"]!.type == .category)
    #expect(frame["b"]!.label(0) == "9223372036854775808")
    #expect(frame["b"]!.label(1) == "1")
  }

  @Test func rfc4180Quoting() throws {
    let text = "name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\n\"multi\nline\",plain\r\n\"\",x\r\n"
    let frame = try readCSV(text)
    #expect(frame.rowCount == 3)
    #expect(frame["name"]!.label(0) == "Smith, J")
    #expect(frame["note"]!.label(0) == "said \"hi\"")
    #expect(frame["name"]!.label(1) == "multi\nline")
    #expect(frame["name"]!.isMissing(2))
  }

  @Test func quotedNumbersAreNumbers() throws {
    let frame = try readCSV("a\n\"12\"\n\"3\"\n")
    #expect(frame["a"]!.type == .int)
  }

  @Test func crlfBomAndNoTrailingNewline() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("SK_ID,v\r\n1,2.5\r\n2,".utf8)
    let scratch = TemporaryDirectory("csv")
    defer { scratch.remove() }
    let frame = try CSVReader.read(path: scratch.write("bom.csv", bytes: bytes)).frame
    #expect(frame.columnNames == ["SK_ID", "v"])
    #expect(frame.rowCount == 2)
    #expect(frame["v"]!.isMissing(1))
    #expect(frame["v"]!.doubleValue(0) == 2.5)
  }

  @Test func emptyFieldsAreMissingInEveryType() throws {
    let frame = try readCSV("i,f,c,b\n1,,x,true\n,2.5,,\n3,1,y,false\n")
    #expect(frame["i"]!.type == .int)
    #expect(frame["i"]!.isMissing(1))
    #expect(!frame["i"]!.isMissing(0))
    #expect(frame["f"]!.isMissing(0))
    #expect(frame["c"]!.isMissing(1))
    #expect(frame["b"]!.isMissing(1))
    #expect(frame["i"]!.missingCount == 1)
  }

  @Test func allMissingColumnIsFloat() throws {
    let frame = try readCSV("a,b\n,1\n,2\n")
    #expect(frame["a"]!.type == .float)
    #expect(frame["a"]!.missingCount == 2)
  }

  @Test func missingTokensAndSeparatorOption() throws {
    let options = CSVReadOptions(separator: UInt8(ascii: ";"), missingTokens: ["NA", "XNA"])
    let frame = try readCSV("a;b\n1;XNA\nNA;y\n2,5;z\n", options: options)
    #expect(frame["a"]!.type == .category)  // "2,5" is a label with ';' as separator
    #expect(frame["a"]!.isMissing(1))
    #expect(frame["b"]!.isMissing(0))
    #expect(frame["b"]!.label(1) == "y")
  }

  @Test func forcedTypes() throws {
    let options = CSVReadOptions(columnTypes: ["id": .category, "x": .float, "flag": .bool])
    let frame = try readCSV("id,x,flag\n007,1,1\n8,2,0\n", options: options)
    #expect(frame["id"]!.type == .category)
    #expect(frame["id"]!.label(0) == "007")
    #expect(frame["x"]!.type == .float)
    #expect(frame["flag"]!.type == .bool)
    let bad = csvError("id,x\n1,2\n2,abc\n", options: CSVReadOptions(columnTypes: ["x": .float]))
    #expect(bad?.message.contains("line 3") == true)
    #expect(bad?.message.contains("'x'") == true)
    let unknown = csvError("id,x\n1,2\n", options: CSVReadOptions(columnTypes: ["X2": .float]))
    #expect(unknown?.message.contains("no column 'X2'") == true)
  }

  @Test func headerOnlyGivesZeroRows() throws {
    let frame = try readCSV("a,b,c\n")
    #expect(frame.rowCount == 0)
    #expect(frame.columnNames == ["a", "b", "c"])
    let noNewline = try readCSV("a,b")
    #expect(noNewline.rowCount == 0)
    #expect(noNewline.columnCount == 2)
  }

  @Test func blankLinesSkippedInMultiColumnFiles() throws {
    let frame = try readCSV("a,b\n1,2\n\n3,4\n\n")
    #expect(frame.rowCount == 2)
  }

  @Test func oneColumnEmptyLinesAreMissing() throws {
    let frame = try readCSV("a\n1\n\n3\n")
    #expect(frame.rowCount == 3)
    #expect(frame["a"]!.isMissing(1))
  }

  @Test func categoriesShareLevelsAndKeepFirstSeenOrder() throws {
    let frame = try readCSV("c\nb\na\nb\nb\nc\n")
    guard case .category(let codes, let levels) = frame["c"]!.data else {
      Issue.record("not categorical")
      return
    }
    #expect(levels == ["b", "a", "c"])
    #expect(codes == [0, 1, 0, 0, 2])
  }

  @Test func utf8LabelsRoundTrip() throws {
    let frame = try readCSV("city\nZürich\n東京\n")
    #expect(frame["city"]!.label(0) == "Zürich")
    #expect(frame["city"]!.label(1) == "東京")
  }
}

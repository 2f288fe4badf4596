import Foundation
import Testing

@testable import PSDSynth

@Suite struct SynthOptionsTests {
  func parseError(_ arguments: [String]) -> String? {
    do {
      _ = try SynthOptions.parse(arguments)
      return nil
    } catch let error as SynthError {
      return error.message
    } catch {
      return "\(error)"
    }
  }

  @Test func parsesTheDocumentedArguments() throws {
    let options = try #require(try SynthOptions.parse(["--scale", "0.5", "--seed", "7", "--out", "x", "--force"]))
    #expect(options == SynthOptions(scale: 0.5, seed: 7, outputDirectory: "x", force: true))
    let inline = try #require(try SynthOptions.parse(["--scale=2", "--out=y", "--max-months=12"]))
    #expect(inline.scale == 2 && inline.outputDirectory == "y" && inline.maxMonths == 12)
    #expect(try SynthOptions.parse(["--help"]) == nil)
  }

  @Test func rejectsBadArguments() {
    #expect(parseError(["--scale", "0", "--out", "x"])?.contains("greater than 0") == true)
    #expect(parseError(["--scale", "-1", "--out", "x"])?.contains("greater than 0") == true)
    #expect(parseError(["--scale", "abc", "--out", "x"])?.contains("must be a number") == true)
    #expect(parseError(["--scale", "0.0000001", "--out", "x"])?.contains("too small") == true)
    #expect(parseError(["--seed", "-3", "--out", "x"])?.contains("non-negative integer") == true)
    #expect(parseError(["--scale", "1"])?.contains("--out DIR is required") == true)
    #expect(parseError(["--out"])?.contains("needs a value") == true)
    let unknown = parseError(["--sacle", "1", "--out", "x"])
    #expect(unknown?.contains("unknown option '--sacle'") == true)
    #expect(unknown?.contains("did you mean '--scale'") == true)
    #expect(parseError(["--max-months", "200", "--out", "x"])?.contains("1 to 96") == true)
  }

  @Test func refusesANonEmptyFolderWithoutForce() throws {
    let dir = Fixture.temporaryDirectory("nonempty")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try Data("keep me".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
    #expect(throws: SynthError.self) {
      _ = try SynthGenerator.run(SynthOptions(scale: 0.001, seed: 1, outputDirectory: dir))
    }
    let contents = try FileManager.default.contentsOfDirectory(atPath: dir)
    #expect(contents == ["notes.txt"], "a refused run left files behind: \(contents)")
    // With --force the generated files are written and other files are left alone.
    _ = try SynthGenerator.run(SynthOptions(scale: 0.001, seed: 1, outputDirectory: dir, force: true))
    let after = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
    #expect(after == Set(["notes.txt"] + HomeCreditSchema.files.map(\.name) + [HomeCreditSchema.truePDFile]))
  }

  @Test func refusesAnUnwritableLocation() throws {
    let dir = Fixture.temporaryDirectory("file")
    try Data("x".utf8).write(to: URL(fileURLWithPath: dir))
    let error = #expect(throws: SynthError.self) {
      _ = try SynthGenerator.run(SynthOptions(scale: 0.001, seed: 1, outputDirectory: dir + "/sub"))
    }
    #expect(error?.message.contains("cannot create output folder") == true)
    let notFolder = #expect(throws: SynthError.self) {
      _ = try SynthGenerator.run(SynthOptions(scale: 0.001, seed: 1, outputDirectory: dir))
    }
    #expect(notFolder?.message.contains("not a folder") == true)
  }
}

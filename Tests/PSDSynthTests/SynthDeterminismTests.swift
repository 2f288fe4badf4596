import Foundation
import Testing
import PSDTestSupport

@testable import PSDSynth

@Suite struct SynthDeterminismTests {
  static let files = HomeCreditSchema.files.map(\.name) + [HomeCreditSchema.truePDFile]

  @Test func sameSeedGivesIdenticalBytesWhateverTheWorkerCount() throws {
    let one = try Fixture.generate(scale: 0.004, seed: 11, workers: 1, tag: "det1")
    let two = try Fixture.generate(scale: 0.004, seed: 11, workers: 2, tag: "det2")
    for name in Self.files {
      let a = Fixture.bytes(one, name), b = Fixture.bytes(two, name)
      #expect(!a.isEmpty)
      #expect(a == b, "\(name) differs between runs with the same seed")
    }
  }

  @Test func anotherSeedGivesOtherData() throws {
    let a = try Fixture.generate(scale: 0.002, seed: 1, tag: "seedA")
    let b = try Fixture.generate(scale: 0.002, seed: 2, tag: "seedB")
    for name in Self.files {
      #expect(Fixture.bytes(a, name) != Fixture.bytes(b, name), "\(name) is the same for two seeds")
    }
  }

  @Test func rowCountsScaleLinearly() {
    #expect(Population(scale: 1).trainCount == 307_511)
    #expect(Population(scale: 1).testCount == 48_744)
    let p = Population(scale: 0.5)
    #expect(p.trainCount == 153_756)
    let tests = (0..<p.total).filter { p.isTest($0) }.count
    #expect(tests == p.testCount)
  }

  @Test func committedSampleIsTheGeneratorsOutput() throws {
    // The arguments documented in Examples/data/README.md.
    let command = "psd-synth --scale 0.00976 --seed 42 --max-months 12 --max-records 4 --out Examples/data --force"
    let sample = repositoryRoot.appendingPathComponent("Examples/data").path
    let readme = try String(contentsOfFile: sample + "/README.md", encoding: .utf8)
    #expect(readme.contains(command))
    let arguments = Array(command.split(separator: " ").dropFirst().map(String.init))
    var options = try #require(try SynthOptions.parse(arguments))
    let fresh = Fixture.temporaryDirectory("sample")
    options.outputDirectory = fresh
    options.force = false
    _ = try SynthGenerator.run(options)
    var total = 0
    for name in Self.files {
      let committed = Fixture.bytes(sample, name)
      total += committed.count
      #expect(!committed.isEmpty, "Examples/data/\(name) is missing")
      #expect(
        committed == Fixture.bytes(fresh, name),
        "Examples/data/\(name) is not what the generator writes; run Scripts/synth_sample.sh")
    }
    #expect(total < 10_000_000)
  }
}

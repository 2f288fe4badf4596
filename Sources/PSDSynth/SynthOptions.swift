// Command-line options of psd-synth and their validation.

package struct SynthError: Error, CustomStringConvertible, Equatable {
  package let message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }
}

package struct SynthOptions: Equatable {
  package var scale: Double = 1
  package var seed: UInt64 = 42
  package var outputDirectory: String = ""
  package var force = false
  /// Monthly histories keep at most this many recent months (96 = the real data window).
  package var maxMonths = 96
  /// At most this many bureau credits and previous applications per applicant (60 = no cap).
  package var maxRecords = 60

  package init(
    scale: Double = 1, seed: UInt64 = 42, outputDirectory: String, force: Bool = false, maxMonths: Int = 96,
    maxRecords: Int = 60
  ) {
    self.scale = scale
    self.seed = seed
    self.outputDirectory = outputDirectory
    self.force = force
    self.maxMonths = maxMonths
    self.maxRecords = maxRecords
  }

  package static let usage = """
    usage: psd-synth --out DIR [--scale S] [--seed N] [--max-months M] [--max-records R] [--force]
      --out DIR        folder for the eight Home Credit CSV files and true_pd.csv
      --scale S        size relative to the real data (1 = 307,511 training applicants); default 1
      --seed N         random seed (non-negative integer); default 42
      --max-months M   keep only the last M months of monthly histories (1-96); default 96
      --max-records R  at most R bureau credits and R previous applications per applicant
                       (1-60); default 60 (no cap). With --max-months, makes small samples.
      --force          overwrite the files in a non-empty folder
    """

  static let flags = ["--out", "--scale", "--seed", "--max-months", "--max-records", "--force", "--help"]

  /// Parses arguments (without the program name). Returns nil when help was asked for.
  package static func parse(_ arguments: [String]) throws -> SynthOptions? {
    var options = SynthOptions(outputDirectory: "")
    var sawOut = false
    var i = 0
    func value(_ flag: String) throws -> String {
      i += 1
      guard i < arguments.count else { throw SynthError("\(flag) needs a value") }
      return arguments[i]
    }
    while i < arguments.count {
      var arg = arguments[i]
      var inline: String? = nil
      if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
        inline = String(arg[arg.index(after: eq)...])
        arg = String(arg[..<eq])
      }
      func next() throws -> String { if let inline { return inline }; return try value(arg) }
      switch arg {
      case "--help", "-h":
        return nil
      case "--out":
        options.outputDirectory = try next()
        sawOut = true
      case "--scale":
        let text = try next()
        guard let s = Double(text), s.isFinite else { throw SynthError("--scale must be a number, got '\(text)'") }
        guard s > 0 else { throw SynthError("--scale must be greater than 0, got \(text)") }
        guard s <= 100 else { throw SynthError("--scale must be at most 100, got \(text)") }
        options.scale = s
      case "--seed":
        let text = try next()
        guard let s = UInt64(text) else { throw SynthError("--seed must be a non-negative integer, got '\(text)'") }
        options.seed = s
      case "--max-months":
        let text = try next()
        guard let m = Int(text), (1...96).contains(m) else {
          throw SynthError("--max-months must be an integer from 1 to 96, got '\(text)'")
        }
        options.maxMonths = m
      case "--max-records":
        let text = try next()
        guard let m = Int(text), (1...60).contains(m) else {
          throw SynthError("--max-records must be an integer from 1 to 60, got '\(text)'")
        }
        options.maxRecords = m
      case "--force":
        if inline != nil { throw SynthError("--force takes no value") }
        options.force = true
      default:
        var message = arg.hasPrefix("-") ? "unknown option '\(arg)'" : "unexpected argument '\(arg)'"
        if let near = closest(arg, among: flags) { message += " (did you mean '\(near)'?)" }
        throw SynthError(message)
      }
      i += 1
    }
    guard sawOut, !options.outputDirectory.isEmpty else {
      throw SynthError("--out DIR is required: the folder to write the CSV files to")
    }
    // The population must hold at least one training applicant.
    guard Population(scale: options.scale).trainCount >= 1 else {
      throw SynthError("--scale \(options.scale) is too small: it gives no training applicant (use at least 0.000002)")
    }
    return options
  }

  static func closest(_ word: String, among candidates: [String]) -> String? {
    var best: (String, Int)? = nil
    for c in candidates {
      let d = editDistance(word, c)
      if d <= max(2, c.count / 3), best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
  }

  static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    var previous = Array(0...y.count)
    for i in 1...x.count {
      var current = [i] + [Int](repeating: 0, count: y.count)
      for j in 1...max(y.count, 1) where j <= y.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[y.count]
  }
}

/// Who is in the population: training and test applicants interleaved by id.
package struct Population {
  package static let realTrain = 307_511
  package static let realTest = 48_744
  package let trainCount: Int
  package let testCount: Int
  package var total: Int { trainCount + testCount }

  package init(scale: Double) {
    trainCount = Int((Double(Population.realTrain) * scale).rounded())
    testCount = Int((Double(Population.realTest) * scale).rounded())
  }

  /// Test applicants are spread evenly among training ones (as the real ids interleave).
  @inline(__always)
  package func isTest(_ index: Int) -> Bool {
    guard testCount > 0 else { return false }
    return ((index + 1) * testCount) / total > (index * testCount) / total
  }

  /// SK_ID_CURR of the applicant at `index` (ids start at 100001 like the real ones).
  @inline(__always)
  package func applicantId(_ index: Int) -> Int { 100_001 + index }
}

// Runs the generation: applicants are cut into blocks, workers on every core build a block's rows
// in byte buffers (each block depends only on the seed and its applicants' indices), and blocks are
// appended to the files strictly in order. Files are written through PSDCore's AtomicFile (a
// temporary name in the same folder, synced and renamed) and committed only when everything
// succeeded.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import PSDCore

package struct SynthSummary {
  package var files: [(name: String, rows: Int, bytes: Int)] = []
  package var trainPositives = 0
  package var trainCount = 0
  package var seconds = 0.0
  package var totalRows: Int { files.reduce(0) { $0 + $1.rows } }
  package var totalBytes: Int { files.reduce(0) { $0 + $1.bytes } }
}

/// The nine output buffers of one block (eight tables + true PD).
struct BlockOutput {
  var train = CSVBuffer(capacity: 1 << 20)
  var test = CSVBuffer(capacity: 1 << 18)
  var bureau = CSVBuffer(capacity: 1 << 20)
  var balance = CSVBuffer(capacity: 1 << 22)
  var previous = PreviousOutput()
  var truePD = CSVBuffer(capacity: 1 << 16)
  var rows = [Int](repeating: 0, count: 9)
  var positives = 0

  mutating func reset() {
    train.removeAll(); test.removeAll(); bureau.removeAll(); balance.removeAll()
    previous.previous.removeAll(); previous.pos.removeAll(); previous.instalments.removeAll()
    previous.cards.removeAll(); truePD.removeAll()
    for i in rows.indices { rows[i] = 0 }
    positives = 0
  }

  /// Buffers in file order: train, test, bureau, bureau_balance, previous, POS, instalments, cards, true PD.
  func buffer(_ i: Int) -> [UInt8] {
    switch i {
    case 0: return train.bytes
    case 1: return test.bytes
    case 2: return bureau.bytes
    case 3: return balance.bytes
    case 4: return previous.previous.bytes
    case 5: return previous.pos.bytes
    case 6: return previous.instalments.bytes
    case 7: return previous.cards.bytes
    default: return truePD.bytes
    }
  }
}

package enum SynthGenerator {
  static let blockSize = 1024

  /// Generates the files into `options.outputDirectory`.
  package static func run(_ options: SynthOptions, workers: Int? = nil, log: ((String) -> Void)? = nil) throws
    -> SynthSummary
  {
    let start = Date()
    let directory = try prepareDirectory(options)
    let population = Population(scale: options.scale)
    let seed = options.seed
    _ = ApplicationModel.intercept  // calibrate once, before the workers start

    // Pre-pass: side-table sizes per applicant give consecutive SK_ID_BUREAU / SK_ID_PREV ranges.
    let n = population.total
    var bureauStart = [Int](repeating: 0, count: n + 1)
    var previousStart = [Int](repeating: 0, count: n + 1)
    for i in 0..<n {
      let core = ApplicantCore(seed: seed, index: i, maxRecords: options.maxRecords)
      bureauStart[i + 1] = bureauStart[i] + core.bureauCount
      previousStart[i + 1] = previousStart[i] + core.previousCount
    }

    let names = HomeCreditSchema.files.map(\.name) + [HomeCreditSchema.truePDFile]
    let headers = HomeCreditSchema.files.map(\.columns) + [HomeCreditSchema.truePD]
    var files: [AtomicFile.Writer] = []
    do {
      for (name, header) in zip(names, headers) {
        let file = try openOutput(directory + "/" + name)
        files.append(file)
        var buffer = CSVBuffer(capacity: 4096)
        buffer.header(header)
        try file.write(buffer.bytes)
      }
    } catch {
      files.forEach { $0.discard() }
      throw (error as? PSDError).map { SynthError($0.message) } ?? error
    }

    let blockCount = (n + blockSize - 1) / blockSize
    // The output is the same for any worker count (blocks are written in order).
    let workerCount = max(1, min(workers ?? Parallel.coreCount, blockCount))
    let state = RunState()
    var summary = SynthSummary()
    summary.trainCount = population.trainCount

    let context = BlockContext(
      seed: seed, population: population, maxMonths: options.maxMonths, maxRecords: options.maxRecords,
      bureauStart: bureauStart, previousStart: previousStart)
    let fileBox = files
    Parallel.forEach(workerCount) { _ in
      var output = BlockOutput()
      while true {
        guard let block = state.claim(below: blockCount) else { return }
        output.reset()
        generateBlock(block, context: context, into: &output)
        state.commit(block) {
          for f in 0..<fileBox.count {
            try fileBox[f].write(output.buffer(f))
          }
          return (output.rows, output.positives)
        }
        if state.failed { return }
      }
    }
    if let error = state.error {
      files.forEach { $0.discard() }
      throw (error as? PSDError).map { SynthError($0.message) } ?? error
    }
    do {
      for file in files { try file.commit() }
    } catch let error as PSDError {
      files.forEach { $0.discard() }
      throw SynthError(error.message)
    }
    for (i, name) in names.enumerated() {
      summary.files.append((name, state.rows[i], files[i].bytesWritten))
    }
    summary.trainPositives = state.positives
    summary.seconds = Date().timeIntervalSince(start)
    log?("wrote \(summary.totalRows) rows, \(summary.totalBytes) bytes in \(String(format: "%.1f", summary.seconds)) s")
    return summary
  }

  struct BlockContext {
    let seed: UInt64
    let population: Population
    let maxMonths: Int
    let maxRecords: Int
    let bureauStart: [Int]
    let previousStart: [Int]
  }

  static func generateBlock(_ block: Int, context: BlockContext, into out: inout BlockOutput) {
    let population = context.population
    let lo = block * blockSize
    let hi = min(lo + blockSize, population.total)
    let intercept = ApplicationModel.intercept
    for i in lo..<hi {
      let core = ApplicantCore(seed: context.seed, index: i, maxRecords: context.maxRecords)
      var rng = SynthRNG(seed: context.seed, index: UInt64(i), stream: 1)
      let isTrain = !population.isTest(i)
      let id = population.applicantId(i)
      let record = ApplicationModel.draw(&rng, core: core, isTrain: isTrain)
      let pd = SynthMath.sigmoid(intercept + ApplicationModel.riskScore(core: core, record: record))
      let target = rng.uniform() < pd ? 1 : 0
      if isTrain {
        ApplicationModel.write(record, id: id, target: target, rng: &rng, into: &out.train)
        out.rows[0] += 1
        out.positives += target
      } else {
        ApplicationModel.write(record, id: id, target: nil, rng: &rng, into: &out.test)
        out.rows[1] += 1
      }
      out.truePD.int(id)
      out.truePD.fixed(pd, 10)
      out.truePD.endRow()
      out.rows[8] += 1

      var sideRng = SynthRNG(seed: context.seed, index: UInt64(i), stream: 2)
      let balanceBefore = out.balance.count
      BureauGenerator.write(
        applicantId: id, core: core, firstBureauId: 5_000_000 + context.bureauStart[i],
        maxMonths: context.maxMonths, rng: &sideRng, bureau: &out.bureau, balance: &out.balance)
      out.rows[2] += core.bureauCount
      _ = balanceBefore
      var prevRng = SynthRNG(seed: context.seed, index: UInt64(i), stream: 3)
      PreviousGenerator.write(
        applicantId: id, core: core, record: record,
        firstPreviousId: 1_000_001 + context.previousStart[i], maxMonths: context.maxMonths,
        rng: &prevRng, into: &out.previous)
      out.rows[4] += core.previousCount
    }
    out.rows[3] = countLines(out.balance.bytes)
    out.rows[5] = countLines(out.previous.pos.bytes)
    out.rows[6] = countLines(out.previous.instalments.bytes)
    out.rows[7] = countLines(out.previous.cards.bytes)
  }

  static func countLines(_ bytes: [UInt8]) -> Int {
    var n = 0
    for b in bytes where b == 0x0A { n += 1 }
    return n
  }

  /// A file of the data set, written under a temporary name until `commit`.
  static func openOutput(_ path: String) throws -> AtomicFile.Writer {
    do {
      return try AtomicFile.Writer(path: path)
    } catch let error as PSDError {
      throw SynthError(error.message)
    }
  }

  /// Checks the output folder: creates it if needed, refuses a non-empty one without --force.
  static func prepareDirectory(_ options: SynthOptions) throws -> String {
    let fm = FileManager.default
    let path = options.outputDirectory
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw SynthError("output path '\(path)' exists and is not a folder") }
      let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
      if !contents.isEmpty && !options.force {
        throw SynthError(
          "output folder '\(path)' is not empty (\(contents.count) entries); pass --force to overwrite the generated files"
        )
      }
    } else {
      do {
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
      } catch {
        throw SynthError("cannot create output folder '\(path)': check the path and its permissions")
      }
    }
    guard access(path, W_OK) == 0 else { throw SynthError("output folder '\(path)' is not writable") }
    return path
  }
}

/// Shared progress of the workers: next block to claim, next block to write, first error.
/// `@unchecked Sendable`: every stored property is read and written only while holding
/// `condition`'s lock.
final class RunState: @unchecked Sendable {
  private let condition = NSCondition()
  private var nextClaim = 0
  private var nextWrite = 0
  private(set) var error: Error?
  private(set) var rows = [Int](repeating: 0, count: 9)
  private(set) var positives = 0

  var failed: Bool {
    condition.lock(); defer { condition.unlock() }
    return error != nil
  }

  func claim(below count: Int) -> Int? {
    condition.lock(); defer { condition.unlock() }
    guard error == nil, nextClaim < count else { return nil }
    nextClaim += 1
    return nextClaim - 1
  }

  /// Runs `write` once every earlier block has been written (keeps file order deterministic).
  func commit(_ block: Int, _ write: () throws -> ([Int], Int)) {
    condition.lock()
    while nextWrite != block && error == nil { condition.wait() }
    if error == nil {
      do {
        let (blockRows, blockPositives) = try write()
        for i in rows.indices { rows[i] += blockRows[i] }
        positives += blockPositives
      } catch {
        self.error = error
      }
    }
    nextWrite += 1
    condition.broadcast()
    condition.unlock()
  }
}

import Foundation
import PSDCore
import PSDData

/// The .psdm model file: a fixed header, a JSON description (for people and tools), and a
/// little-endian binary body holding every number as its exact IEEE-754 bits, so a loaded model
/// predicts bit for bit what the saved one did. Layout in Docs/modelling.md.
package enum ModelFile {
  package static let magic = Array("PSDMODEL".utf8)
  /// 2 adds the feature recipe (in the JSON part); files of format 1 load without one.
  /// 3 adds zero-as-missing nodes (bit 1 of the node flags, LightGBM imports); a model without any
  /// is still written as format 2, so psd of format 2 reads it.
  package static let formatVersion: UInt32 = 3
  static let headerSize = 8 + 4 + 4 + 8 + 8

  /// What the JSON part says: enough to tell what a file holds without psd.
  struct Description: Codable {
    var format = "psd model"
    var formatVersion: UInt32
    var estimator: String
    var target: String
    var features: [FeatureSpec]
    var threshold: Double
    var calibration: String
    var summary: [String: String]
    var recipe: FeatureRecipe?
  }

  /// Recipes hold numbers that JSON cannot (a missing range bound): written as strings.
  static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

  // MARK: writing

  package static func encode(_ model: CreditModel) throws -> [UInt8] {
    let calibrationName: String
    switch model.calibration {
    case nil: calibrationName = "none"
    case .platt?: calibrationName = "platt"
    case .isotonic?: calibrationName = "isotonic"
    }
    let usesZeroMissing = model.usesZeroAsMissing
    let version: UInt32 = usesZeroMissing ? 3 : 2
    let description = Description(
      formatVersion: version, estimator: model.kindName, target: model.target,
      features: model.features, threshold: model.threshold,
      calibration: calibrationName, summary: model.summary, recipe: model.recipe)
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let json = Array(try encoder.encode(description))

    var body = ByteWriter()
    body.f64(model.threshold)
    switch model.calibration {
    case nil: body.u8(0)
    case .platt(let a, let b)?: body.u8(1); body.f64(a); body.f64(b)
    case .isotonic(let x, let y)?:
      body.u8(2); body.u32(UInt32(x.count))
      for v in x { body.f64(v) }
      for v in y { body.f64(v) }
    }
    switch model.estimator {
    case .gbdt(let b):
      body.u8(1)
      body.f64(b.baseScore)
      body.i64(Int64(b.bestIteration ?? -1))
      body.f64(b.bestValidationAUC ?? .nan)
      body.u32(UInt32(b.trees.count))
      for tree in b.trees {
        body.u32(UInt32(tree.nodes.count))
        for node in tree.nodes {
          body.i32(node.feature); body.f64(node.threshold)
          body.u8((node.defaultLeft ? 1 : 0) | (node.zeroAsMissing ? 2 : 0))
          body.i32(node.left); body.i32(node.right)
          body.f64(node.value); body.f64(node.cover); body.f64(node.gain)
          if let c = node.categoriesLeft {
            body.i32(Int32(c.count))
            for code in c { body.i32(code) }
          } else {
            body.i32(-1)
          }
        }
      }
    case .logistic(let l):
      body.u8(2)
      body.f64(l.intercept)
      body.u32(UInt32(l.featureCount)); body.u8(l.converged ? 1 : 0); body.u32(UInt32(l.iterations))
      body.u32(UInt32(l.terms.count))
      for (t, term) in l.terms.enumerated() {
        body.u32(UInt32(term.feature))
        switch term.kind {
        case .value: body.u8(0); body.i32(0)
        case .missingIndicator: body.u8(1); body.i32(0)
        case .level(let code): body.u8(2); body.i32(code)
        }
        body.f64(term.mean); body.f64(term.scale); body.f64(l.coefficients[t])
      }
    case .scorecard(let card):
      body.u8(3)
      card.write(to: &body)
    }

    var out = ByteWriter()
    out.bytes.append(contentsOf: magic)
    out.u32(version)
    out.u32(UInt32(json.count))
    out.u64(UInt64(body.bytes.count))
    out.u64(checksum(json + body.bytes))
    out.bytes.append(contentsOf: json)
    out.bytes.append(contentsOf: body.bytes)
    return out.bytes
  }

  /// Writes to a temporary file beside `path`, then renames it over `path`: a crash never
  /// leaves a half-written model.
  package static func save(_ model: CreditModel, to path: String) throws {
    try AtomicFile.write(Data(try encode(model)), to: path)
  }

  // MARK: reading

  /// Reads a model file; `displayName` is how messages name it (the path as the user wrote it).
  package static func load(from path: String, displayName: String? = nil) throws -> CreditModel {
    let name = displayName ?? path
    guard let data = FileManager.default.contents(atPath: path) else {
      if FileManager.default.fileExists(atPath: path) { throw PSDError.io("cannot read '\(name)'") }
      throw PSDError.io("no file '\(name)'")
    }
    return try decode(Array(data), name: name)
  }

  package static func decode(_ bytes: [UInt8], name: String = "model") throws -> CreditModel {
    func refuse(_ why: String) -> PSDError { PSDError(.model, "'\(name)' \(why)") }
    guard bytes.count >= 8, Array(bytes[0..<8]) == magic else {
      throw refuse("is not a psd model file (it does not start with PSDMODEL)")
    }
    guard bytes.count >= headerSize else { throw refuse("is truncated (the header is incomplete)") }
    var header = ByteReader(bytes, from: 8)
    let version = try header.u32()
    if version > formatVersion {
      throw PSDError(
        .model,
        "'\(name)' was written by a newer psd (model format \(version); this psd reads format \(formatVersion) and older)",
        notes: ["update psd to load it"])
    }
    if version == 0 { throw refuse("is corrupted (format version 0)") }
    let jsonLength = Int(try header.u32())
    // A flipped bit in the length must not trap converting or adding it (checked before the
    // checksum, which needs the lengths).
    let bodyLength64 = try header.u64()
    guard bodyLength64 <= UInt64(bytes.count) else {
      throw refuse("is corrupted: its header promises a body of \(bodyLength64) bytes, the file has \(bytes.count)")
    }
    let bodyLength = Int(bodyLength64)
    let expected = try header.u64()
    let end = headerSize + jsonLength + bodyLength
    if bytes.count < end {
      throw refuse("is truncated: \(bytes.count) bytes, the header promises \(end)")
    }
    if bytes.count > end { throw refuse("is corrupted: \(bytes.count - end) unexpected bytes after the model") }
    let payload = Array(bytes[headerSize..<end])
    if checksum(payload) != expected { throw refuse("is corrupted (checksum mismatch)") }

    let description: Description
    do {
      let decoder = JSONDecoder()
      decoder.nonConformingFloatDecodingStrategy = .convertFromString(
        positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
      description = try decoder.decode(Description.self, from: Data(payload[0..<jsonLength]))
    } catch {
      throw refuse("is corrupted (its description is not valid JSON)")
    }
    // The header's version is outside the checksum; the description's copy is inside it, and a
    // header that claims a later format than the description was damaged (a flipped bit).
    if version > description.formatVersion {
      throw refuse(
        "is corrupted: its header says model format \(version), its description \(description.formatVersion)")
    }
    var r = ByteReader(payload, from: jsonLength)
    do {
      let threshold = try r.f64()
      var calibration: ProbabilityCalibration? = nil
      switch try r.u8() {
      case 0: break
      case 1: calibration = .platt(a: try r.f64(), b: try r.f64())
      case 2:
        let count = try r.count(each: 16)
        let x = try (0..<count).map { _ in try r.f64() }
        let y = try (0..<count).map { _ in try r.f64() }
        calibration = .isotonic(x: x, y: y)
      default: throw ByteReader.Failure.bad
      }
      let features = description.features
      let estimator: CreditModel.Estimator
      switch try r.u8() {
      case 1:
        let base = try r.f64()
        let best = try r.i64()
        let bestAUC = try r.f64()
        let treeCount = try r.count(each: 4)
        var trees: [DecisionTree] = []
        trees.reserveCapacity(treeCount)
        for _ in 0..<treeCount {
          let nodeCount = try r.count(each: 49)
          var nodes: [TreeNode] = []
          nodes.reserveCapacity(nodeCount)
          for _ in 0..<nodeCount {
            var node = TreeNode()
            node.feature = try r.i32(); node.threshold = try r.f64()
            let flags = try r.u8()
            node.defaultLeft = flags & 1 == 1; node.zeroAsMissing = flags & 2 != 0
            node.left = try r.i32(); node.right = try r.i32()
            node.value = try r.f64(); node.cover = try r.f64(); node.gain = try r.f64()
            let categoryCount = try r.i32()
            if categoryCount >= 0 {
              guard Int(categoryCount) * 4 <= r.remaining else { throw ByteReader.Failure.bad }
              node.categoriesLeft = try (0..<Int(categoryCount)).map { _ in try r.i32() }
            }
            nodes.append(node)
          }
          // Every child index and feature must point inside the model, or prediction would crash.
          for (i, node) in nodes.enumerated() where !node.isLeaf {
            // Children after parents also rules out cycles.
            guard node.feature >= 0, Int(node.feature) < features.count, Int(node.left) > i, Int(node.right) > i,
              Int(node.left) < nodeCount, Int(node.right) < nodeCount
            else { throw ByteReader.Failure.bad }
          }
          if nodes.isEmpty { throw ByteReader.Failure.bad }
          trees.append(DecisionTree(nodes: nodes))
        }
        estimator = .gbdt(
          BoostedTrees(
            trees: trees, baseScore: base, bestIteration: best < 0 ? nil : Int(best),
            bestValidationAUC: bestAUC.isNaN ? nil : bestAUC))
      case 2:
        let intercept = try r.f64()
        let featureCount = Int(try r.u32())
        let converged = try r.u8() == 1
        let iterations = Int(try r.u32())
        let termCount = try r.count(each: 33)
        var terms: [LogisticModel.Term] = []
        var coefficients: [Double] = []
        for _ in 0..<termCount {
          let feature = Int(try r.u32())
          let kindCode = try r.u8()
          let level = try r.i32()
          guard feature < featureCount else { throw ByteReader.Failure.bad }
          let kind: LogisticModel.Term.Kind
          switch kindCode {
          case 0: kind = .value
          case 1: kind = .missingIndicator
          case 2: kind = .level(level)
          default: throw ByteReader.Failure.bad
          }
          terms.append(.init(feature: feature, kind: kind, mean: try r.f64(), scale: try r.f64()))
          coefficients.append(try r.f64())
        }
        guard featureCount == features.count else { throw ByteReader.Failure.bad }
        estimator = .logistic(
          LogisticModel(
            intercept: intercept, terms: terms, coefficients: coefficients,
            featureCount: featureCount, converged: converged, iterations: iterations))
      case 3:
        estimator = .scorecard(try Scorecard.read(from: &r, featureCount: features.count))
      default: throw ByteReader.Failure.bad
      }
      if !r.atEnd { throw ByteReader.Failure.bad }
      var model = CreditModel(
        estimator: estimator, target: description.target, features: features,
        threshold: threshold, calibration: calibration, summary: description.summary)
      model.recipe = description.recipe
      return model
    } catch is ByteReader.Failure {
      throw refuse("is corrupted (its model data does not parse)")
    }
  }

  /// FNV-1a, 64-bit: catches flipped or lost bytes (not tampering).
  static func checksum(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
  }
}

struct ByteWriter {
  var bytes: [UInt8] = []
  mutating func u8(_ v: UInt8) { bytes.append(v) }
  mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func f64(_ v: Double) { u64(v.bitPattern) }
}

struct ByteReader {
  enum Failure: Error { case bad }
  let bytes: [UInt8]
  var position: Int
  init(_ bytes: [UInt8], from position: Int) { self.bytes = bytes; self.position = position }
  var atEnd: Bool { position == bytes.count }
  var remaining: Int { bytes.count - position }

  /// A u32 count of items at least `each` bytes long, refused when the rest of the data cannot
  /// hold them: a corrupted count must not reserve gigabytes before the reads fail.
  mutating func count(each: Int) throws -> Int {
    let n = Int(try u32())
    guard n * each <= remaining else { throw Failure.bad }
    return n
  }

  private mutating func take(_ k: Int) throws -> UInt64 {
    guard position + k <= bytes.count else { throw Failure.bad }
    var v: UInt64 = 0
    for i in 0..<k { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
    position += k
    return v
  }
  mutating func u8() throws -> UInt8 { UInt8(try take(1)) }
  mutating func u32() throws -> UInt32 { UInt32(try take(4)) }
  mutating func i32() throws -> Int32 { Int32(bitPattern: UInt32(try take(4))) }
  mutating func u64() throws -> UInt64 { try take(8) }
  mutating func i64() throws -> Int64 { Int64(bitPattern: try take(8)) }
  mutating func f64() throws -> Double { Double(bitPattern: try take(8)) }
}

extension CreditModel {
  /// Whether a tree treats zero as missing (a LightGBM zero_as_missing model): such a model
  /// needs model format 3.
  package var usesZeroAsMissing: Bool {
    guard case .gbdt(let b) = estimator else { return false }
    return b.trees.contains { $0.nodes.contains(where: \.zeroAsMissing) }
  }
}

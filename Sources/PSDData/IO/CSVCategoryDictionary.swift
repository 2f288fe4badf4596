/// Interns category labels straight from the file's bytes: a new label is copied once into a
/// byte arena, a repeated one costs a hash and a memcmp. No String is created until the frame
/// is built (one per distinct label). Manually managed: call `free()` exactly once.
struct CSVCategoryDictionary {
  private(set) var arena: UnsafeMutablePointer<UInt8>
  private var arenaCount = 0
  private var arenaCapacity: Int
  /// Level i spans arena[starts[i] ..< starts[i + 1]].
  private(set) var starts: UnsafeMutablePointer<Int>
  private var hashes: UnsafeMutablePointer<UInt64>
  private(set) var count = 0
  private var levelCapacity: Int
  /// Open addressing: slot -> code, -1 empty.
  private var table: UnsafeMutablePointer<Int32>
  private var mask: Int

  init() {
    arenaCapacity = 256
    arena = .allocate(capacity: arenaCapacity)
    levelCapacity = 16
    starts = .allocate(capacity: levelCapacity + 1)
    starts[0] = 0
    hashes = .allocate(capacity: levelCapacity)
    mask = 63
    table = .allocate(capacity: mask + 1)
    table.initialize(repeating: -1, count: mask + 1)
  }

  func free() {
    arena.deallocate()
    starts.deallocate()
    hashes.deallocate()
    table.deallocate()
  }

  mutating func reset() {
    free()
    self = CSVCategoryDictionary()
  }

  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < n {
      tail |= UInt64(p[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    h ^= h >> 29
    return h
  }

  /// The code of the label `p[0..<n]`, adding it if new (`isNew` tells the caller to check it).
  @inline(__always)
  mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int, isNew: inout Bool) -> Int32 {
    let h = CSVCategoryDictionary.hash(p, n)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let code = table[slot]
      if code < 0 { break }
      let c = Int(code)
      if hashes[c] == h {
        let s = starts[c]
        if starts[c + 1] - s == n && memcmpBytes(arena + s, p, n) { return code }
      }
      slot = (slot + 1) & mask
    }
    isNew = true
    return insert(p, n, hash: h, slot: slot)
  }

  @inline(__always)
  private func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= n {
      if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      {
        return false
      }
      i += 8
    }
    while i < n {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  private mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, slot: Int) -> Int32 {
    let code = count
    growBytes(&arena, capacity: &arenaCapacity, used: arenaCount, needed: arenaCount + n)
    (arena + arenaCount).update(from: p, count: n)
    arenaCount += n
    if count == levelCapacity {
      let newCapacity = levelCapacity * 2
      let grownStarts = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity + 1)
      grownStarts.update(from: starts, count: count + 1)
      starts.deallocate()
      starts = grownStarts
      let grownHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
      grownHashes.update(from: hashes, count: count)
      hashes.deallocate()
      hashes = grownHashes
      levelCapacity = newCapacity
    }
    hashes[code] = h
    starts[code + 1] = arenaCount
    count += 1
    table[slot] = Int32(code)
    if count * 2 > mask {
      rehash()
    }
    return Int32(code)
  }

  private mutating func rehash() {
    let newMask = mask * 2 + 1
    let newTable = UnsafeMutablePointer<Int32>.allocate(capacity: newMask + 1)
    newTable.initialize(repeating: -1, count: newMask + 1)
    for c in 0..<count {
      var slot = Int(truncatingIfNeeded: hashes[c]) & newMask
      while newTable[slot] >= 0 { slot = (slot + 1) & newMask }
      newTable[slot] = Int32(c)
    }
    table.deallocate()
    table = newTable
    mask = newMask
  }

  /// The bytes of level `code`.
  func level(_ code: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: arena + starts[code], count: starts[code + 1] - starts[code])
  }

  /// Looks a label up without adding it.
  func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
    let h = CSVCategoryDictionary.hash(p, n)
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let code = table[slot]
      if code < 0 { return nil }
      let c = Int(code)
      if hashes[c] == h && starts[c + 1] - starts[c] == n && memcmpBytes(arena + starts[c], p, n) {
        return code
      }
      slot = (slot + 1) & mask
    }
  }
}

/// Makes room for `needed` bytes in a raw byte buffer by doubling it, keeping its first `used`
/// bytes. Shared by the category arena and the parser's scratch space (both hot paths).
@inline(__always)
func growBytes(_ buffer: inout UnsafeMutablePointer<UInt8>, capacity: inout Int, used: Int, needed: Int) {
  guard needed > capacity else { return }
  var newCapacity = capacity * 2
  while newCapacity < needed { newCapacity *= 2 }
  let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
  grown.update(from: buffer, count: used)
  buffer.deallocate()
  buffer = grown
  capacity = newCapacity
}

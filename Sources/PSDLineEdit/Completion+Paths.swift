#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// File paths inside a string literal (`load "Examples/da` + Tab).
package enum PathCompletion {
  /// The partial path when the cursor is inside an open string literal, else nil.
  package static func openLiteral(_ before: String) -> String? {
    var inside = false
    var start = before.startIndex
    var escaped = false
    for i in before.indices {
      let c = before[i]
      if escaped { escaped = false; continue }
      if c == "\\" && inside { escaped = true; continue }
      if c == "\"" {
        inside.toggle()
        start = before.index(after: i)
      } else if c == "#" && !inside {
        return nil  // a comment: nothing to complete
      }
    }
    return inside ? String(before[start...]) : nil
  }

  /// Entries of the directory named in `partial` that extend it; directories end with "/".
  /// Hidden entries only when the typed name starts with a dot.
  package static func candidates(for partial: String) -> [String] {
    let dirPart: String
    let namePart: String
    if let slash = partial.lastIndex(of: "/") {
      dirPart = String(partial[...slash])
      namePart = String(partial[partial.index(after: slash)...])
    } else {
      dirPart = ""
      namePart = partial
    }
    var dirToOpen = dirPart.isEmpty ? "." : dirPart
    if dirToOpen.hasPrefix("~/"), let home = getenv("HOME") {
      dirToOpen = String(cString: home) + dirToOpen.dropFirst()
    }
    guard let dir = opendir(dirToOpen) else { return [] }
    defer { closedir(dir) }
    var result: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
      guard name.hasPrefix(namePart) else { continue }
      var st = stat()
      let isDir = stat(dirToOpen + "/" + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
      result.append(dirPart + name + (isDir ? "/" : ""))
    }
    return result.sorted()
  }

  /// A unique file closes the literal; a directory waits for more.
  package static func terminator(_ match: String) -> String { match.hasSuffix("/") ? "" : "\"" }
}

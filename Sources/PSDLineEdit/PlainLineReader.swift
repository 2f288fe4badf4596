#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Reads lines from a pipe or file: no prompt, no escape codes, no history, so
/// `psd < study.psd` prints exactly what `psd study.psd` prints.
package final class PlainLineReader: LineReader {
  package init() {}

  package func readLine(continuation: Bool) -> LineInput {
    // The stdlib retries getline() while errno is EINTR, and getline() leaves errno alone at end
    // of input: an EINTR left over from a command cancelled by Ctrl-C made it spin forever.
    errno = 0
    guard let line = Swift.readLine(strippingNewline: true) else { return .end }
    // A CRLF script read through a pipe keeps its CR otherwise.
    return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
  }

  package func addHistory(_ entry: String) {}
}

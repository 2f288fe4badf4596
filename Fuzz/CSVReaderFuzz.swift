// libFuzzer target: any bytes as a CSV file. The reader must return a frame or throw a PSDError;
// a crash, a hang or a sanitizer report is a bug. Built by Scripts/fuzz.sh, not by SwiftPM.
#if canImport(Glibc)
import Glibc
#endif
import PSDCore
import PSDData

// The reader maps a file, so each input is written to one scratch file per process.
private let scratch = "/tmp/psd-fuzz-csv-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  guard fd >= 0 else { return 0 }
  var written = 0
  while written < size {
    let n = write(fd, data + written, size - written)
    if n <= 0 { break }
    written += n
  }
  close(fd)
  // The first byte picks the options, so both the one-thread and the split (parallel) paths and
  // a second separator are reached.
  var options = CSVReadOptions()
  if size > 0 {
    let mode = data[0]
    if mode & 1 == 1 { options.threads = 2; options.parallelThreshold = 0 } else { options.threads = 1 }
    if mode & 2 == 2 { options.separator = UInt8(ascii: ";") }
    if mode & 4 == 4 { options.missingTokens = ["NA", "XNA"] }
  }
  if let result = try? CSVReader.read(path: scratch, options: options) {
    // Touch every column so a malformed frame (wrong lengths) trips the sanitizer here.
    for column in result.frame.columns { _ = column.count }
  }
  return 0
}

// libFuzzer target: any bytes as a psd script. The lexer and parser must return statements or
// diagnostics; a crash (a stack overflow included), a hang or a sanitizer report is a bug.
// Built by Scripts/fuzz.sh, not by SwiftPM.
import PSDLanguage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = Parser.parse(source, file: "fuzz.psd")
  _ = Parser.isIncomplete(source)
  return 0
}

import Foundation
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// `psd serve MODEL.psdm ...` runs `psd-serve` from the same folder as `psd`: the server stack
/// (Hummingbird, SwiftNIO) is a separate product, so building psd never compiles it.
enum ServeLauncher {
  /// Replaces this process with psd-serve; returns only when that fails, with the message to print.
  static func exec(_ arguments: [String]) -> String {
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let server = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("psd-serve").path
    guard FileManager.default.isExecutableFile(atPath: server) else {
      return
        "psd serve needs psd-serve beside psd (\(server)); build it with: swift build -c release --product psd-serve"
    }
    let argv = [server] + arguments
    var cArgs = argv.map { strdup($0) }
    cArgs.append(nil)
    execv(server, &cArgs)
    return "psd serve: cannot start \(server): \(String(cString: strerror(errno)))"
  }
}

import Foundation
import PSDServer

/// psd-serve: the scoring API (Docs/api.md). Exit 0 after a graceful stop, 2 for bad arguments,
/// 1 when the model or a table cannot be loaded or the port cannot be bound.
let arguments = Array(CommandLine.arguments.dropFirst())
let command: ServeCommand
do {
  command = try ServeCommand.parse(arguments)
} catch {
  let text = "\(error)" == "help" ? ServeCommand.usage : "psd-serve: \(error)\n\(ServeCommand.usage)"
  FileHandle.standardError.write(Data((text + "\n").utf8))
  exit("\(error)" == "help" ? 0 : 2)
}
do {
  try await command.run()
} catch {
  FileHandle.standardError.write(Data("psd-serve: \(error)\n".utf8))
  exit(1)
}

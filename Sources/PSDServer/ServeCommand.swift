import Foundation
import Hummingbird
import NIOCore
import PSDCore
import PSDService

/// `psd-serve MODEL.psdm [--clients FILE|DIR] [--reference FILE] [--id COL] [--host H] [--port P]
/// [--port-file PATH] [--max-body BYTES] [--idle-timeout S] [--no-access-log]`.
package struct ServeCommand: Sendable {
  package var modelPath = ""
  package var clientsPath: String?
  package var referencePath: String?
  package var idColumn = "SK_ID_CURR"
  package var host = "127.0.0.1"
  package var port = 8080
  package var portFile: String?
  package var maxBodyBytes = 1 << 20
  package var idleTimeoutSeconds = 30
  package var accessLog = true

  package static let usage = """
    usage: psd-serve MODEL.psdm [--clients FILE|DIR] [--reference FILE] [--id SK_ID_CURR]
                     [--host 127.0.0.1] [--port 8080] [--port-file PATH]
                     [--max-body 1048576] [--idle-timeout 30] [--no-access-log]
      (also: psd serve MODEL.psdm ...)
    --clients PATH     CSV of clients: the id column and the model's features (a frame saved from a study),
                       or (a model with a feature recipe) a folder of raw tables named like the recipe's
                       inputs (application.csv or application_test.csv, bureau.csv, ...)
    --reference FILE   CSV of the training rows (with the target): drift, percentiles, training ranges
    --port 0           any free port; --port-file writes the port chosen
    SIGTERM or Ctrl-C finishes the requests in flight and exits 0.
    """

  package static func parse(_ arguments: [String]) throws -> ServeCommand {
    var c = ServeCommand()
    var positional: [String] = []
    var i = 0
    func value(_ name: String) throws -> String {
      i += 1
      guard i < arguments.count else { throw PSDError.usage("\(name) needs a value") }
      return arguments[i]
    }
    func integer(_ name: String, _ range: ClosedRange<Int>) throws -> Int {
      let text = try value(name)
      guard let n = Int(text), range.contains(n) else {
        throw PSDError.usage(
          "\(name) expects a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
      }
      return n
    }
    let options = [
      "--clients", "--reference", "--id", "--host", "--port", "--port-file", "--max-body", "--idle-timeout",
      "--no-access-log", "--help"
    ]
    while i < arguments.count {
      let a = arguments[i]
      switch a {
      case "--clients": c.clientsPath = try value(a)
      case "--reference": c.referencePath = try value(a)
      case "--id": c.idColumn = try value(a)
      case "--host": c.host = try value(a)
      case "--port": c.port = try integer(a, 0...65535)
      case "--port-file": c.portFile = try value(a)
      case "--max-body": c.maxBodyBytes = try integer(a, 1...(1 << 30))
      case "--idle-timeout": c.idleTimeoutSeconds = try integer(a, 1...3600)
      case "--no-access-log": c.accessLog = false
      case "--help", "-h": throw PSDError.usage("help")
      default:
        if a.hasPrefix("-") {
          throw PSDError.unknown("option", a, candidates: options)
        }
        positional.append(a)
      }
      i += 1
    }
    guard positional.count == 1 else {
      throw PSDError.usage(
        positional.isEmpty ? "which model? give MODEL.psdm" : "one model only, found \(positional.count) paths")
    }
    c.modelPath = positional[0]
    return c
  }

  /// Loads everything, serves until SIGTERM/SIGINT, drains, returns.
  package func run() async throws {
    let service = try ScoringService.open(
      modelPath: modelPath, clientsPath: clientsPath, referencePath: referencePath,
      idColumn: idColumn)
    let router = ServeRoutes.router(service: service, options: .init(maxBodyBytes: maxBodyBytes, accessLog: accessLog))
    let announce =
      "psd-serve: \(service.model.headline); sha256 \(service.sha256.prefix(12))…; "
      + "\(service.clients?.count ?? 0) clients"
      + (service.clients?.raw.map { raw in
        " built by the recipe from " + raw.files.keys.sorted().map { "\($0)=\(raw.files[$0]!)" }.joined(separator: " ")
      } ?? "")
      + ", \(service.reference?.matrix.rowCount ?? 0) reference rows"
      + (service.recipe.map { r in
        "; raw applications through the recipe (application"
          + r.sideTableNames.map { " + \($0)" }.joined() + ")"
      } ?? "")
    let portFile = self.portFile
    let host = self.host
    let app = Application(
      router: router,
      server: .http1(configuration: .init(idleTimeout: .seconds(Int64(idleTimeoutSeconds)))),
      configuration: .init(address: .hostname(host, port: port), serverName: "psd-serve"),
      onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? 0
        if let portFile {
          // Written whole or not at all (Foundation's atomic write: a temporary file, then rename),
          // so a script polling for it never reads half a number.
          try? AtomicFile.write(Data("\(bound)\n".utf8), to: portFile)
        }
        FileHandle.standardError.write(Data("\(announce)\npsd-serve: listening on http://\(host):\(bound)\n".utf8))
      })
    try await app.runService()
    FileHandle.standardError.write(Data("psd-serve: stopped after draining in-flight requests\n".utf8))
  }
}

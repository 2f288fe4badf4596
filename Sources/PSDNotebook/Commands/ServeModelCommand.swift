import Foundation
import PSDCore
import PSDData
import PSDModels

/// `serve M port=8080 [clients=FRAME] [reference=FRAME]`: the scoring API on a model of the
/// session. psd does not compile the server stack: the model (and the frames) are saved to a
/// temporary folder and the `psd-serve` beside the psd executable serves them until Ctrl-C.
enum ServeModelCommand {
  static let spec = CommandSpec(
    name: "serve", topic: "models",
    usage: ["serve MODEL [port=8080] [host=127.0.0.1] [clients=FRAME] [reference=FRAME]"],
    summary: "serve a model as the scoring API (psd-serve) until Ctrl-C",
    details: """
      Saves the model to a temporary .psdm (atomically) and runs psd-serve, the separate server product, \
      from the folder of the psd executable: PD, decision at the model's threshold, four reasons, what-if, \
      the dashboard (Docs/api.md). clients=FRAME gives the clients the API looks up by id (the id column \
      and the model's features), reference=FRAME the training rows (drift, percentiles). Prints the URL; \
      Ctrl-C stops the server (in-flight requests finish) and ends the statement. psd never compiles the \
      server: build it once with swift build --product psd-serve. port=0 takes any free port.
      """,
    options: [
      OptionSpec("port", .integer(.between(0, 65535)), default: 8080, "loopback port, 0: any free port"),
      OptionSpec("host", .text, default: .text("127.0.0.1"), "address to listen on", as: "ADDRESS"),
      OptionSpec("clients", .frame, "the clients the API looks up by id"),
      OptionSpec("reference", .frame, "the training rows: drift and percentiles")
    ],
    examples: ["serve m port=8080", "serve m port=8080 clients=te reference=tr"],
    run: run)

  /// psd-serve beside the running executable.
  static func serverPath() -> String {
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("psd-serve").path
  }

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, name) = try c.model()
    let port = try c.intValue("port")
    let host = try c.stringValue("host")
    let clients = try c.frame(option: "clients")
    let reference = try c.frame(option: "reference")
    try c.checkArgumentsRead()
    let server = serverPath()
    guard FileManager.default.isExecutableFile(atPath: server) else {
      throw c.error(
        "serve: psd-serve is not beside psd (\(server))",
        notes: ["build it with: swift build --product psd-serve (or -c release for the release folder)"])
    }
    let dir = NSTemporaryDirectory() + "psd-serve-\(getpid())-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let modelPath = "\(dir)/\(name).psdm"
    try ModelFile.save(model, to: modelPath)
    var arguments = [modelPath, "--host", host, "--port", String(port), "--port-file", "\(dir)/port"]
    if let clients {
      try CSVWriter.write(clients.frame, to: "\(dir)/clients.csv", control: c.control)
      arguments += ["--clients", "\(dir)/clients.csv"]
    }
    if let reference {
      try CSVWriter.write(reference.frame, to: "\(dir)/reference.csv", control: c.control)
      arguments += ["--reference", "\(dir)/reference.csv"]
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: server)
    process.arguments = arguments
    let log = "\(dir)/server.log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    func stop() {
      if process.isRunning { process.terminate() }  // SIGTERM: psd-serve drains and exits 0
      process.waitUntilExit()
    }
    var announced = false
    do {
      while process.isRunning {
        try c.control.checkCancelled()
        if !announced, let text = try? String(contentsOfFile: "\(dir)/port", encoding: .utf8),
          let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
          let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
          // Shown at once (a statement's output is otherwise held until it ends, and this one
          // ends only at Ctrl-C).
          c.session.emit(
            "serving \(model.kindName) model '\(name)' at http://\(shown):\(bound)/ (API: /v1/score, docs: /openapi.json)"
              + (clients.map { "; \($0.frame.rowCount) clients from '\($0.name)'" } ?? "")
              + "\nCtrl-C stops the server\n")
          announced = true
        }
        usleep(50_000)
      }
    } catch {
      stop()
      c.print("psd-serve stopped")
      throw error
    }
    // It ended by itself: a port in use, a table it could not read.
    let tail = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(3)
      .map { String($0) }
    throw c.error("serve: psd-serve exited with status \(process.terminationStatus)", notes: tail)
  }
}

// swift-tools-version: 6.1
// psd: a credit-scoring notebook for the terminal.
// Layers, dependencies pointing one way:
//   PSDCore (errors, suggestions, cancellation/progress, atomic files) -> CGlibcExtras
//   PSDData (columnar frame, CSV I/O, feature operations)      -> PSDCore
//   PSDModels (GBDT, logistic, metrics, threshold, TreeSHAP)   -> PSDData
//   PSDPlots (terminal charts from plain numbers)              -> PSDCore
//   PSDLanguage (lexer, parser, diagnostics)                   -> PSDCore
//   PSDScoring (recipe replay, decision, reasons)              -> PSDData, PSDModels
//   PSDNotebook (session, command registry, commands)          -> all of the above
//   PSDLineEdit (libedit REPL front end)                       -> CEditLine, PSDCore
//   PSDWarehouse (libpq client, pushed-down SQL, shard merge)  -> CLibPQ, PSDData, PSDModels
//   PSDSynth (synthetic Home Credit data)                      -> PSDCore
//   psd (executable), psd-synth (executable)
//   PSDService (scoring API: requests, validation, reasons; no HTTP) -> PSDModels, PSDScoring
//   PSDServer (Hummingbird adapter), psd-serve (executable)           -> PSDService
//   PSDDashboard (web page assets, SVG charts from PSDPlots; no HTTP)  -> PSDService, PSDPlots
import PackageDescription

let package = Package(
  name: "psd",
  products: [
    .executable(name: "psd", targets: ["psd"]),
    .executable(name: "psd-synth", targets: ["psd-synth"]),
    // The scoring API: a separate product, so `swift build --product psd` never compiles the server stack.
    .executable(name: "psd-serve", targets: ["psd-serve"]),
  ],
  dependencies: [
    // Used by PSDServer only. No default traits: swift-configuration is not needed.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    // Header-only: a glibc call the Glibc module lacks (early writeback for large saves).
    .systemLibrary(name: "CGlibcExtras"),
    .target(name: "PSDCore", dependencies: ["CGlibcExtras"]),
    .target(name: "PSDData", dependencies: ["PSDCore"]),
    // Header-only: a cache prefetch hint for the histogram loops.
    .systemLibrary(name: "CPrefetch"),
    .target(name: "PSDModels", dependencies: ["PSDCore", "PSDData", "CPrefetch"]),
    .target(name: "PSDPlots", dependencies: ["PSDCore"]),
    .target(name: "PSDLanguage", dependencies: ["PSDCore"]),
    // Recipe replay + model + decision + reasons (no terminal, no HTTP).
    .target(name: "PSDScoring", dependencies: ["PSDCore", "PSDData", "PSDModels"]),
    .target(
      name: "PSDNotebook",
      dependencies: ["PSDCore", "PSDData", "PSDModels", "PSDPlots", "PSDLanguage", "PSDScoring", "PSDWarehouse"]),
    // Debian: apt-get install libedit-dev (Scripts/install-deps.sh does it).
    .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    .target(name: "PSDLineEdit", dependencies: ["CEditLine", "PSDCore"]),
    // Debian: apt-get install libpq-dev (Scripts/install-deps.sh does it). Only PSDWarehouse links it.
    .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .target(name: "PSDWarehouse", dependencies: ["CLibPQ", "PSDCore", "PSDData", "PSDModels"]),
    .executableTarget(name: "psd", dependencies: ["PSDCore", "PSDNotebook", "PSDLineEdit"]),
    .target(name: "PSDSynth", dependencies: ["PSDCore"]),
    .executableTarget(name: "psd-synth", dependencies: ["PSDSynth"]),
    // PSDScoring: a raw application goes through the model's feature recipe (no HTTP either).
    .target(name: "PSDService", dependencies: ["PSDCore", "PSDData", "PSDModels", "PSDScoring"]),
    .target(
      name: "PSDServer",
      dependencies: ["PSDCore", "PSDService", "PSDDashboard", .product(name: "Hummingbird", package: "hummingbird"),
                     .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                     .product(name: "HTTPTypes", package: "swift-http-types")]),
    .executableTarget(name: "psd-serve", dependencies: ["PSDServer"]),
    // Dashboard/ (HTML, CSS, JS) embedded as generated Swift by Scripts/embed_dashboard.py.
    .target(name: "PSDDashboard", dependencies: ["PSDService", "PSDModels", "PSDPlots"]),
    // TreeSHAP benchmark helper for Scripts/bench_shap.py (not shipped, not a test).
    .executableTarget(name: "psd-bench-shap", dependencies: ["PSDModels"], path: "Scripts/bench_shap"),
    // Single-application scoring latency for Scripts/bench_scoring.sh (not shipped, not a test).
    .executableTarget(name: "psd-bench-scoring", dependencies: ["PSDData", "PSDModels", "PSDScoring"], path: "Scripts/bench_scoring"),

    // What the tests share (issue 12): the repository root, a seeded generator, temporary folders,
    // frame equality with tolerances, running psd text in a captured session, the golden scripts.
    .target(name: "PSDTestSupport", dependencies: ["PSDCore", "PSDData", "PSDModels", "PSDNotebook"], path: "Tests/PSDTestSupport"),
    .testTarget(name: "PSDCoreTests", dependencies: ["PSDCore", "PSDTestSupport"]),
    .testTarget(name: "PSDDataTests", dependencies: ["PSDData", "PSDTestSupport"]),
    // LightGBM fixtures (Scripts/lightgbm_fixtures.py) are read from the source tree.
    .testTarget(name: "PSDModelsTests", dependencies: ["PSDModels", "PSDData"], exclude: ["Fixtures"]),
    // Golden charts are read from the source tree (#filePath), not bundled.
    .testTarget(name: "PSDPlotsTests", dependencies: ["PSDPlots", "PSDCore"], exclude: ["Golden"]),
    .testTarget(name: "PSDLanguageTests", dependencies: ["PSDLanguage"]),
    .testTarget(
      name: "PSDNotebookTests", dependencies: ["PSDNotebook", "PSDData", "PSDModels", "PSDTestSupport"]),
    // The schema document's column lists are a fixture read from the source tree.
    .testTarget(name: "PSDSynthTests", dependencies: ["PSDSynth", "PSDTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "PSDScoringTests", dependencies: ["PSDScoring", "PSDData", "PSDModels"]),
    // The small trained model and service both API test targets use.
    .target(name: "PSDServiceTestSupport", dependencies: ["PSDService", "PSDModels", "PSDData"],
            path: "Tests/PSDServiceTestSupport"),
    // PSDNotebook: the recipe tests train a model with a recipe by running a psd study in process.
    .testTarget(name: "PSDServiceTests", dependencies: ["PSDService", "PSDServiceTestSupport", "PSDModels", "PSDData",
                                                        "PSDScoring", "PSDNotebook", "PSDTestSupport"]),
    .testTarget(
      name: "PSDServerTests",
      dependencies: ["PSDServer", "PSDService", "PSDServiceTestSupport", "PSDModels", .product(name: "Hummingbird", package: "hummingbird"),
                     .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                     .product(name: "HTTPTypes", package: "swift-http-types")]),
    .testTarget(name: "PSDDashboardTests", dependencies: ["PSDDashboard", "PSDService", "PSDServiceTestSupport", "PSDTestSupport"]),
    .testTarget(name: "PSDLineEditTests", dependencies: ["PSDLineEdit", "PSDNotebook", "PSDData", "PSDTestSupport"]),
    .testTarget(name: "PSDWarehouseTests", dependencies: ["PSDWarehouse", "PSDNotebook", "PSDData", "PSDModels", "PSDTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)

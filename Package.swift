// swift-tools-version: 6.0
// psd: a credit-scoring notebook for the terminal.
// Layers, dependencies pointing one way:
//   PSDCore (errors, suggestions, cancellation/progress)
//   PSDData (columnar frame, CSV I/O, feature operations)      -> PSDCore
//   PSDModels (GBDT, logistic, metrics, threshold, TreeSHAP)   -> PSDData
//   PSDPlots (terminal charts from plain numbers)              -> PSDCore
//   PSDLanguage (lexer, parser, diagnostics)                   -> PSDCore
//   PSDScoring (recipe replay, decision, reasons)              -> PSDData, PSDModels
//   PSDNotebook (session, command registry, commands)          -> all of the above
//   PSDLineEdit (libedit REPL front end)                       -> CEditLine, PSDNotebook
//   PSDWarehouse (libpq client, pushed-down SQL, shard merge)  -> CLibPQ, PSDData, PSDModels
//   psd (executable), psd-synth (synthetic Home Credit data)
import PackageDescription

let package = Package(
  name: "psd",
  products: [
    .executable(name: "psd", targets: ["psd"]),
    .executable(name: "psd-synth", targets: ["psd-synth"]),
  ],
  targets: [
    .target(name: "PSDCore"),
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
    .target(name: "PSDLineEdit", dependencies: ["CEditLine", "PSDNotebook"]),
    // Debian: apt-get install libpq-dev (Scripts/install-deps.sh does it). Only PSDWarehouse links it.
    .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .target(name: "PSDWarehouse", dependencies: ["CLibPQ", "PSDCore", "PSDData", "PSDModels"]),
    .executableTarget(name: "psd", dependencies: ["PSDNotebook", "PSDLineEdit"]),
    .target(name: "PSDSynth"),
    .executableTarget(name: "psd-synth", dependencies: ["PSDSynth"]),
    // TreeSHAP benchmark helper for Scripts/bench_shap.py (not shipped, not a test).
    .executableTarget(name: "psd-bench-shap", dependencies: ["PSDModels"], path: "Scripts/bench_shap"),
    // Single-application scoring latency for Scripts/bench_scoring.sh (not shipped, not a test).
    .executableTarget(name: "psd-bench-scoring", dependencies: ["PSDScoring"], path: "Scripts/bench_scoring"),

    .testTarget(name: "PSDCoreTests", dependencies: ["PSDCore"]),
    .testTarget(name: "PSDDataTests", dependencies: ["PSDData"]),
    // LightGBM fixtures (Scripts/lightgbm_fixtures.py) are read from the source tree.
    .testTarget(name: "PSDModelsTests", dependencies: ["PSDModels", "PSDData"], exclude: ["Fixtures"]),
    // Golden charts are read from the source tree (#filePath), not bundled.
    .testTarget(name: "PSDPlotsTests", dependencies: ["PSDPlots"], exclude: ["Golden"]),
    .testTarget(name: "PSDLanguageTests", dependencies: ["PSDLanguage"]),
    .testTarget(
      name: "PSDNotebookTests", dependencies: ["PSDNotebook", "PSDData", "PSDModels"]),
    .testTarget(name: "PSDSynthTests", dependencies: ["PSDSynth"]),
    .testTarget(name: "PSDScoringTests", dependencies: ["PSDScoring", "PSDData", "PSDModels"]),
    .testTarget(name: "PSDLineEditTests", dependencies: ["PSDLineEdit", "PSDNotebook", "PSDData"]),
    .testTarget(name: "PSDWarehouseTests", dependencies: ["PSDWarehouse", "PSDNotebook", "PSDData", "PSDModels"]),
  ],
  swiftLanguageModes: [.v5]
)

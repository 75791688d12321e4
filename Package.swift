// swift-tools-version:6.0
import PackageDescription

/// PersonaBank: synthetic persona generation with a semantic dedup gate, and dataset audits.
///
/// Layering (each module one job; only `LinearAlgebra` imports `CBLAS`, only `Embedding` imports `CEncoderKernels`):
///   CBLAS → LinearAlgebra → VectorIndex, Embedding → FieldScoring (field-aware duplicate score, with PersonaKit)
///   CEncoderKernels (C: the encoder's int8 products, chosen at run time by CPU feature) → Embedding
///   PersonaKit (records, readers, validation, the bundled default inputs) · Networking (HTTP transport, retries)
///   LLMClient (chat completions) → Judging (the LLM judge of the gate's ambiguous band, with FieldScoring's score names)
///   Charts (SVG) · CommandLineSupport (flags, progress, exit codes)
///   Analysis, then Generation (its steering counts the audit's phrase templates), Thresholds (the three jobs),
///   Publishing (splits and cards),
///   Sharding (sharded embedding, partitioned dedup) → thin executables.
let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "PersonaBank",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spb-generate", targets: ["Generate"]),
        .executable(name: "spb-analyze", targets: ["Analyze"]),
        .executable(name: "spb-bench", targets: ["Bench"]),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CBLAS"], swiftSettings: optimize),
        // No -march: every vector kernel names its instruction set in a target attribute and runs
        // only where the CPU has it. Debug builds get release's -O2 because unoptimised intrinsics
        // are 10x slower, which made the int8 tests take minutes instead of seconds.
        .target(name: "CEncoderKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "VectorIndex", dependencies: ["LinearAlgebra"], swiftSettings: optimize),
        .target(name: "PersonaKit", resources: [.copy("DefaultComponents")]),
        .target(name: "Networking"),
        .target(name: "Embedding", dependencies: ["LinearAlgebra", "Networking", "CEncoderKernels"], swiftSettings: optimize),
        .target(name: "FieldScoring", dependencies: ["Embedding", "LinearAlgebra", "PersonaKit"]),
        .target(name: "LLMClient", dependencies: ["Networking", "PersonaKit"]),
        .target(name: "Judging", dependencies: ["LLMClient", "Networking", "PersonaKit", "FieldScoring"]),
        .target(name: "Charts"),
        .target(name: "CommandLineSupport", dependencies: ["PersonaKit"]),
        .target(
            name: "Generation",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "FieldScoring", "Judging", "LLMClient", "Networking", "PersonaKit",
                           "CommandLineSupport", "Analysis"]
        ),
        .target(
            name: "Analysis",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "PersonaKit", "Charts", "CommandLineSupport"],
            swiftSettings: optimize
        ),
        .target(
            name: "Thresholds",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "FieldScoring", "Judging", "LLMClient", "Networking", "PersonaKit", "Analysis",
                           "Charts", "CommandLineSupport"]
        ),
        .target(
            name: "Publishing",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "PersonaKit", "Analysis", "CommandLineSupport"],
            swiftSettings: optimize
        ),
        .target(
            name: "Sharding",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "PersonaKit", "Analysis", "CommandLineSupport"],
            swiftSettings: optimize
        ),
        .executableTarget(name: "Generate", dependencies: ["Generation", "CommandLineSupport"]),
        .executableTarget(name: "Analyze", dependencies: ["Analysis", "Thresholds", "FieldScoring", "Judging", "LLMClient", "Publishing", "Sharding", "CommandLineSupport"]),
        .executableTarget(
            name: "Bench",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "FieldScoring", "Generation", "Analysis", "PersonaKit", "CommandLineSupport",
                           "Thresholds"],
            path: "Benchmarks/Bench",
            swiftSettings: optimize
        ),
        .target(
            name: "TestSupport",
            dependencies: ["LinearAlgebra", "Networking", "PersonaKit"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "TestSupport"]),
        .testTarget(name: "PersonaKitTests", dependencies: ["PersonaKit", "TestSupport"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking", "TestSupport"]),
        .testTarget(
            name: "EmbeddingTests",
            dependencies: ["Embedding", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "LLMClientTests", dependencies: ["LLMClient", "TestSupport"]),
        .testTarget(
            name: "GenerationTests",
            dependencies: ["Generation", "Analysis", "Embedding", "FieldScoring", "Judging", "LLMClient", "Networking", "PersonaKit", "Publishing",
                           "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["Analysis", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ThresholdsTests", dependencies: ["Thresholds", "Judging", "VectorIndex", "TestSupport"]),
        .testTarget(
            name: "FieldScoringTests",
            dependencies: ["FieldScoring", "Embedding", "LinearAlgebra", "PersonaKit", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestSupport"]),
        .testTarget(name: "PublishingTests", dependencies: ["Publishing", "Analysis", "PersonaKit", "TestSupport"]),
        .testTarget(name: "ShardingTests", dependencies: ["Sharding", "Analysis", "VectorIndex", "PersonaKit", "TestSupport"]),
        .testTarget(
            name: "HardeningTests",
            dependencies: ["Generation", "Analysis", "Thresholds", "VectorIndex", "PersonaKit", "LLMClient", "Networking", "TestSupport"]
        ),
        .testTarget(name: "CommandLineTests", dependencies: ["CommandLineSupport", "PersonaKit", "TestSupport"]),
    ]
)

// swift-tools-version:6.0
import PackageDescription

/// PersonaBank: synthetic persona generation with a semantic dedup gate, and dataset audits.
///
/// Layering (each module one job; only `LinearAlgebra` imports `CBLAS`, only `Codecs` imports the compression
/// libraries, only `Embedding` imports `CEncoderKernels`, only `Networking` imports `CSocketShims`; no other Swift
/// module touches a raw pointer, issue 23):
///   CBLAS → LinearAlgebra → VectorIndex, Embedding → FieldScoring (field-aware duplicate score, with PersonaKit and RunFormat)
///   CEncoderKernels (C: the encoder's int8 products, chosen at run time by CPU feature) → Embedding
///   CSnappy, CZstd, CZlib (their shim headers hold the char* casts and zlib's z_stream) → Codecs (pointer-free
///   compress/decompress: passes [UInt8] arrays only) → Parquet (reader and writer, pointer-free)
///   CSocketShims (C: getaddrinfo, connect and send with an offset) → Networking (HTTP transport, retries; pointer-free)
///   Parquet → PersonaKit (records, readers of every dataset format, validation, the bundled default inputs)
///   LinearAlgebra, PersonaKit → RunFormat (a run directory's file names, the embeddings.f32 codec whose reader reports damage, the Codable
///   manifest, events and rejects): Generation writes through it; Analysis, Publishing and Sharding read through it
///   LLMClient (chat completions) → Judging (the LLM judge of the gate's ambiguous band, with FieldScoring's score names)
///   Charts (SVG) · CommandLineSupport (the parser, shared option groups, enum options, progress, exit codes, peak memory)
///   TextMetrics (words, stop words, phrase templates, Vendi and the Vendi withdrawal loop: shared by the generator's steering,
///   the audit and dedup's --keep --by diversity)
///   → ContentChecks (named rules on what persona fields say: the generator's filter and the audit's validity)
///   Analysis, Generation (the audit and the generator, each over TextMetrics), Thresholds (similarity benchmarks, over FieldScoring and Judging),
///   Publishing (splits as JSONL or Parquet, and cards),
///   Sharding (sharded embedding, partitioned dedup that measures its recall, its --keep budget and --annotate copies of the
///   input (JSONL, CSV, Parquet), stored embeddings checked for the audit)
///   → thin executables: every subcommand is a `*CommandLine` type of its job's module; the executables only pass it models.

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
        .target(name: "LinearAlgebra", dependencies: ["CBLAS"]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Codecs", dependencies: ["CSnappy", "CZstd", "CZlib"]),
        .target(name: "Parquet", dependencies: ["Codecs"]),
        // No -march: every vector kernel names its instruction set in a target attribute and runs
        // only where the CPU has it. No unsafe flags either (a package with them cannot be a
        // dependency): debug builds compile the kernels unoptimised, which makes the int8 accuracy
        // test take about 2 minutes instead of 12 s; release builds are optimised as usual.
        .target(name: "CEncoderKernels"),
        .target(name: "VectorIndex", dependencies: ["LinearAlgebra"]),
        .target(name: "PersonaKit", dependencies: ["Parquet"], resources: [.copy("DefaultComponents")]),
        // The socket calls that need sockaddr casts or pointer arithmetic, so Networking passes arrays only.
        .target(name: "CSocketShims"),
        .target(name: "Networking", dependencies: ["CSocketShims"]),
        .target(name: "Embedding", dependencies: ["LinearAlgebra", "Networking", "CEncoderKernels"]),
        .target(name: "RunFormat", dependencies: ["LinearAlgebra", "PersonaKit"]),
        .target(name: "FieldScoring", dependencies: ["Embedding", "LinearAlgebra", "PersonaKit", "RunFormat"]),
        .target(name: "LLMClient", dependencies: ["Networking", "PersonaKit"]),
        .target(name: "Judging", dependencies: ["LLMClient", "Networking", "PersonaKit", "FieldScoring"]),
        .target(name: "TextMetrics", dependencies: ["LinearAlgebra"]),
        .target(name: "ContentChecks", dependencies: ["PersonaKit", "TextMetrics"]),
        .target(name: "Charts"),
        .target(name: "CommandLineSupport", dependencies: ["PersonaKit"]),
        .target(
            name: "Generation",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "FieldScoring", "Judging", "LLMClient", "Networking", "PersonaKit",
                           "RunFormat", "CommandLineSupport", "TextMetrics", "ContentChecks"]
        ),
        .target(
            name: "Analysis",
            dependencies: ["LinearAlgebra", "Embedding", "PersonaKit", "RunFormat", "TextMetrics", "ContentChecks", "Charts", "CommandLineSupport"]
        ),
        .target(
            name: "Thresholds",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "FieldScoring", "Judging", "LLMClient", "PersonaKit", "Charts", "CommandLineSupport"]
        ),
        .target(
            name: "Publishing",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "PersonaKit", "Parquet", "RunFormat", "Analysis", "CommandLineSupport"]
        ),
        .target(
            name: "Sharding",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "Parquet", "PersonaKit", "RunFormat", "Analysis", "TextMetrics",
                           "CommandLineSupport"]
        ),
        .executableTarget(name: "Generate", dependencies: ["Generation"]),
        .executableTarget(name: "Analyze", dependencies: ["Analysis", "Thresholds", "Embedding", "Publishing", "Sharding", "CommandLineSupport"]),
        .executableTarget(
            name: "Bench",
            dependencies: ["LinearAlgebra", "VectorIndex", "Embedding", "FieldScoring", "Generation", "Analysis", "PersonaKit", "Thresholds",
                           "CommandLineSupport"],
            path: "Benchmarks/Bench"
        ),
        .target(
            name: "TestSupport",
            dependencies: ["LinearAlgebra", "Networking", "PersonaKit", "Parquet", "RunFormat"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "TestSupport"]),
        .testTarget(name: "PersonaKitTests", dependencies: ["PersonaKit", "Parquet", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking", "TestSupport"]),
        .testTarget(
            name: "EmbeddingTests",
            dependencies: ["Embedding", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "LLMClientTests", dependencies: ["LLMClient", "TestSupport"]),
        .testTarget(
            name: "GenerationTests",
            dependencies: ["Generation", "Analysis", "TextMetrics", "Embedding", "FieldScoring", "Judging", "LLMClient", "Networking", "PersonaKit",
                           "Publishing", "Parquet", "RunFormat", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["Analysis", "TextMetrics", "Parquet", "RunFormat", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ThresholdsTests", dependencies: ["Thresholds", "Judging", "VectorIndex", "TestSupport"]),
        .testTarget(
            name: "FieldScoringTests",
            dependencies: ["FieldScoring", "Embedding", "LinearAlgebra", "PersonaKit", "RunFormat", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ContentChecksTests", dependencies: ["ContentChecks", "PersonaKit"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "PublishingTests", dependencies: ["Publishing", "Analysis", "PersonaKit", "Parquet", "RunFormat", "TestSupport"]),
        .testTarget(name: "ShardingTests", dependencies: ["Sharding", "Analysis", "VectorIndex", "PersonaKit", "Parquet", "TextMetrics", "TestSupport"]),
        .testTarget(
            name: "RunFormatTests",
            dependencies: ["RunFormat", "Generation", "Analysis", "Publishing", "Sharding", "LinearAlgebra", "PersonaKit", "Embedding", "TestSupport"]
        ),
        .testTarget(
            name: "HardeningTests",
            dependencies: ["Generation", "Analysis", "Thresholds", "VectorIndex", "PersonaKit", "Parquet", "Networking", "RunFormat", "TestSupport"]
        ),
        .testTarget(name: "CommandLineTests", dependencies: ["CommandLineSupport", "PersonaKit"]),
        .testTarget(
            name: "ParquetTests",
            dependencies: ["Parquet", "Codecs", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)

import Analysis
import Foundation
import LinearAlgebra
import VectorIndex

/// `spb-bench index`: exact top-k search and self-join of the `VectorIndex`, timed against the
/// machine's own sgemm peak measured in the same run.
///
/// Writes the (normalised) vectors and queries as `.npy` files plus the timings as JSON to
/// `--data-dir`, so `Benchmarks/python/index_bench.py` can time faiss on the very same data and
/// print the Swift/faiss ratios (`Benchmarks/index.sh` runs both).
enum IndexBenchmark {
    static let help = """
        usage: spb-bench index [options]

        Times VectorIndex.search(queries:k:) and selfJoin(threshold:) on seeded random unit vectors,
        plus a square sgemm for the machine's peak; medians of --runs timed runs after one warm-up.

        options:
          --count N          stored vectors (default 100000)
          --queries N        queries for the top-k search (default 1000)
          --dimension N      vector dimension (default 384)
          --k N              neighbours per query (default 10)
          --threshold X      self-join threshold (default 0.9)
          --tile-rows N      self-join tile side (default 2048)
          --runs N           timed runs per measurement (default 3)
          --join-runs N      timed self-join runs (default: --runs; 0 skips the self-join)
          --peak-size N      side of the square sgemm used for the peak (default 3072)
          --data-dir PATH    where the .npy files and index_swift.json go (default Benchmarks/data)
        """

    static func main(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        do {
            let options = try BenchOptions(arguments, valueOptions: [
                "--count", "--queries", "--dimension", "--k", "--threshold", "--tile-rows", "--runs",
                "--join-runs", "--peak-size", "--data-dir",
            ])
            let runs = max(1, try options.int("--runs", default: 3))
            try run(IndexBenchmarkSettings(
                count: try options.int("--count", default: 100_000),
                queries: try options.int("--queries", default: 1_000),
                dimension: max(1, try options.int("--dimension", default: 384)),
                k: try options.int("--k", default: 10),
                threshold: try options.float("--threshold", default: 0.9),
                tileRows: max(1, try options.int("--tile-rows", default: 2_048)),
                runs: runs,
                joinRuns: try options.int("--join-runs", default: runs),
                peakSize: max(64, try options.int("--peak-size", default: 3_072)),
                dataDirectory: URL(fileURLWithPath: options.string("--data-dir", default: "Benchmarks/data"))))
            return 0
        } catch let error as BenchUsageError {
            FileHandle.standardError.write(Data("error: \(error.message)\nhint: spb-bench index --help\n".utf8))
            return 64
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    static func run(_ settings: IndexBenchmarkSettings) throws {
        let environment = ProcessInfo.processInfo.environment
        let blasEnvironment = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS"]
            .map { "\($0)=\(environment[$0] ?? "(unset)")" }.joined(separator: " ")
        print("spb-bench index: \(settings.count) × \(settings.dimension) vectors, \(settings.queries) queries, "
            + "k=\(settings.k), τ=\(settings.threshold), BLAS threads \(BLAS.threadCount), \(blasEnvironment)")

        let index = try VectorIndex(vectors: unitGaussianRows(settings.count, settings.dimension, seed: 2_024))
        let queries = try VectorIndex(vectors: unitGaussianRows(settings.queries, settings.dimension, seed: 2_025)).snapshot()
        try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)
        let vectors = index.snapshot()
        try NumpyFile.write(NumpyFile.float32Bytes(vectors.storage), descr: "<f4",
                            shape: [vectors.rows, vectors.columns], to: settings.file("index_vectors.npy"))
        try NumpyFile.write(NumpyFile.float32Bytes(queries.storage), descr: "<f4",
                            shape: [queries.rows, queries.columns], to: settings.file("index_queries.npy"))

        // The peak is measured before and after the timed parts; the higher of the two is used,
        // so on a busy machine the fractions err low rather than high.
        let peakBefore = sgemmPeak(side: settings.peakSize, runs: settings.runs)
        print(String(format: "sgemm peak    %5d³ (before)   %8.3f s   %7.1f GFLOP/s", settings.peakSize, peakBefore.seconds, peakBefore.gflops))

        var hits: [[Neighbor]] = []
        let search = try Stopwatch.median(runs: settings.runs) { hits = try index.search(queries: queries, k: settings.k) }
        let searchFlops = 2.0 * Double(settings.queries) * Double(settings.count) * Double(settings.dimension)
        try NumpyFile.write(NumpyFile.int64Bytes(hits.flatMap { row in row.map(\.id) }), descr: "<i8",
                            shape: [hits.count, settings.k], to: settings.file("index_swift_topk_ids.npy"))

        let singleQueries = min(settings.queries, 20)
        let single = try Stopwatch.median(runs: settings.runs) {
            for query in 0 ..< singleQueries { _ = try index.search(queries.row(query), k: settings.k) }
        }
        let perQuery = single.median / Double(max(singleQueries, 1))
        print(String(format: "top-%d single  (sgemv, memory-bound) %8.3f ms per query", settings.k, perQuery * 1e3))

        var join: (median: Double, all: [Double])?
        var pairs = 0
        if settings.joinRuns > 0 {
            join = Stopwatch.median(runs: settings.joinRuns, warmUp: 0) {
                pairs = index.selfJoin(threshold: settings.threshold, tileRows: settings.tileRows).count
            }
        }
        let peakAfter = sgemmPeak(side: settings.peakSize, runs: settings.runs)
        let peak = peakAfter.gflops > peakBefore.gflops ? peakAfter : peakBefore
        print(String(format: "sgemm peak    %5d³ (after)    %8.3f s   %7.1f GFLOP/s; fractions below use %.1f",
                     settings.peakSize, peakAfter.seconds, peakAfter.gflops, peak.gflops))
        report("top-\(settings.k) batch", search.median, flops: searchFlops, peak: peak.gflops)
        let joinFlops = selfJoinFlops(count: settings.count, dimension: settings.dimension, tileRows: settings.tileRows)
        let usefulJoinFlops = Double(settings.count) * Double(settings.count - 1) * Double(settings.dimension)
        if let join {
            report("self-join τ=\(settings.threshold)", join.median, flops: joinFlops, peak: peak.gflops)
            print("              \(pairs) pairs; upper-triangle tiles execute \(String(format: "%.3f", joinFlops / usefulJoinFlops))× the i<j flops")
        }

        let results: [String: Any] = [
            "count": settings.count, "dimension": settings.dimension, "queries": settings.queries,
            "k": settings.k, "threshold": Double(settings.threshold), "tile_rows": settings.tileRows,
            "blas_threads": BLAS.threadCount, "environment": blasEnvironment,
            "peak_gflops": peak.gflops, "peak_gflops_before": peakBefore.gflops,
            "peak_gflops_after": peakAfter.gflops, "peak_side": settings.peakSize,
            "search_seconds": search.median, "search_runs": search.all,
            "search_gflops": searchFlops / search.median / 1e9,
            "single_query_ms": perQuery * 1e3,
            "join_seconds": join?.median ?? NSNull(), "join_runs": join?.all ?? [],
            "join_gflops": join.map { joinFlops / $0.median / 1e9 } ?? NSNull(), "join_pairs": pairs,
        ]
        let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: settings.file("index_swift.json"))
        print("wrote \(settings.file("index_swift.json").path) and the .npy inputs for Benchmarks/python/index_bench.py")
    }

    /// Prints one timing line: seconds, GFLOP/s and the fraction of the measured peak.
    static func report(_ label: String, _ seconds: Double, flops: Double, peak: Double) {
        let gflops = flops / seconds / 1e9
        print(String(format: "%@ %8.3f s   %7.1f GFLOP/s   %5.1f%% of peak",
                     label.padding(toLength: 30, withPad: " ", startingAt: 0), seconds, gflops, 100 * gflops / peak))
    }

    /// Seeded Gaussian rows (normalised later by the index).
    static func unitGaussianRows(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var generator = BenchRandom(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: (0 ..< rows * columns).map { _ in generator.nextGaussian() })
    }

    /// The median time and rate of a square `side`³ sgemm with the current BLAS threads.
    static func sgemmPeak(side: Int, runs: Int) -> (seconds: Double, gflops: Double) {
        var generator = BenchRandom(seed: 7)
        let a = Matrix(rows: side, columns: side, storage: (0 ..< side * side).map { _ in generator.nextGaussian() })
        let timing = Stopwatch.median(runs: runs) { _ = BLAS.multiply(a, .none, a, .transposed) }
        return (timing.median, 2 * pow(Double(side), 3) / timing.median / 1e9)
    }

    /// Flops the self-join's sgemm calls execute: row tile `I` against columns `I.start..<n`.
    static func selfJoinFlops(count: Int, dimension: Int, tileRows: Int) -> Double {
        stride(from: 0, to: count, by: tileRows).reduce(0.0) { total, start in
            total + 2 * Double(min(tileRows, count - start)) * Double(count - start) * Double(dimension)
        }
    }
}

/// The sizes and paths of one `spb-bench index` run.
struct IndexBenchmarkSettings {
    let count, queries, dimension, k: Int
    let threshold: Float
    let tileRows, runs, joinRuns, peakSize: Int
    let dataDirectory: URL

    func file(_ name: String) -> URL { dataDirectory.appendingPathComponent(name) }
}
import Foundation

/// A bad benchmark option (exit code 64).
fileprivate struct BenchUsageError: Error {
    let message: String
}

/// Minimal `--name value` / `--name=value` option parsing for benchmarks.
fileprivate struct BenchOptions {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String], valueOptions: Set<String>, flagOptions: Set<String> = []) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            if flagOptions.contains(argument) {
                flags.insert(argument)
            } else if valueOptions.contains(parts[0]) {
                if parts.count == 2 {
                    values[parts[0]] = parts[1]
                } else {
                    guard index + 1 < arguments.count else { throw BenchUsageError(message: "\(argument) needs a value") }
                    values[argument] = arguments[index + 1]
                    index += 1
                }
            } else {
                throw BenchUsageError(message: "unknown option \(argument)")
            }
            index += 1
        }
    }

    func int(_ name: String, default value: Int) throws -> Int {
        guard let text = values[name] else { return value }
        guard let parsed = Int(text), parsed >= 0 else { throw BenchUsageError(message: "\(name) expects a non-negative integer, got '\(text)'") }
        return parsed
    }

    func float(_ name: String, default value: Float) throws -> Float {
        guard let text = values[name] else { return value }
        guard let parsed = Float(text), parsed.isFinite else { throw BenchUsageError(message: "\(name) expects a number, got '\(text)'") }
        return parsed
    }

    func string(_ name: String, default value: String) -> String { values[name] ?? value }

    func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// Wall-clock timing helpers.
fileprivate enum Stopwatch {
    /// Seconds taken by `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Median of `runs` timings of `body` (after `warmUp` untimed calls).
    static func median(runs: Int, warmUp: Int = 1, _ body: () throws -> Void) rethrows -> (median: Double, all: [Double]) {
        for _ in 0 ..< warmUp { try body() }
        let times = try (0 ..< max(runs, 1)).map { _ in try seconds(body) }
        let sorted = times.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return (median, times)
    }
}

/// SplitMix64 for reproducible benchmark data (the same generator as the tests use).
fileprivate struct BenchRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample (Box-Muller).
    mutating func nextGaussian() -> Float {
        let u1 = Double.random(in: Double.ulpOfOne ..< 1, using: &self)
        let u2 = Double.random(in: 0 ..< 1, using: &self)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

/// Writes `.npy` files (format 1.0) that numpy reads with `np.load`.
fileprivate enum NumpyFile {
    /// Writes a row-major little-endian array of `shape` with numpy type `descr` (e.g. `<f4`).
    static func write(_ bytes: Data, descr: String, shape: [Int], to url: URL) throws {
        var data = NotebookFiles.npyHeader(descr: descr, shape: shape)
        data.append(bytes)
        try data.write(to: url)
    }

    /// Float32 little-endian bytes of `values`.
    static func float32Bytes(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Int64 little-endian bytes of `values`.
    static func int64Bytes(_ values: [Int]) -> Data {
        var data = Data(capacity: values.count * 8)
        for value in values { withUnsafeBytes(of: Int64(value).littleEndian) { data.append(contentsOf: $0) } }
        return data
    }
}

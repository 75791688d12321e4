import Foundation
import LinearAlgebra
import VectorIndex

/// `dedup-report.json`: what a dedup run did, with its settings, timings and memory.
public struct DedupReport: Sendable, Codable, Equatable {
    /// Settings of the boundary rule (partitioned mode).
    public struct BoundaryRule: Sendable, Codable, Equatable {
        /// The rule in words.
        public var rule: String
        public var margin: Float
        public var maxCopies: Int
        public var maxPartitionRows: Int
        public var targetPartitionRows: Int
        public var kmeansIterations: Int
        public var seed: UInt64

        /// The rule of `settings`.
        init(_ settings: DedupSettings) {
            rule = DedupReport.boundaryRule
            margin = settings.margin
            maxCopies = settings.maxCopies
            maxPartitionRows = settings.maxPartitionRows
            targetPartitionRows = settings.targetPartitionRows
            kmeansIterations = settings.iterations
            seed = settings.seed
        }
    }

    /// A staged run's own figures (`--stage plan|join|merge`, e.g. on a Ray cluster).
    public struct Staged: Sendable, Codable, Equatable {
        /// Join tasks.
        public var tasks: Int
        /// The slowest join task's seconds (``Timings/joinSeconds`` is their sum).
        public var slowestTaskSeconds: Double
        /// Peak resident memory of the plan process, of the largest join task, and of the merge.
        public var planPeakResidentBytes: Int?
        public var joinPeakResidentBytes: Int?
        public var mergePeakResidentBytes: Int?
    }

    /// Seconds per stage.
    public struct Timings: Sendable, Codable, Equatable {
        public var readSeconds = 0.0
        public var normalizeSeconds = 0.0
        public var centroidSeconds = 0.0
        public var assignSeconds = 0.0
        public var joinSeconds = 0.0
        /// Finding the recall sample's exact neighbours.
        public var recallSeconds = 0.0
        /// Widening to the target recall (``RecallReport/wideningSeconds``).
        public var wideningSeconds = 0.0
        public var greedySeconds = 0.0
        /// Read through greedy keep (writing the files not included).
        public var totalSeconds = 0.0
    }

    public var source: String
    public var inputKind: String
    public var n: Int
    public var dimension: Int
    /// τ.
    public var threshold: Float
    /// `exact` or `partitioned`.
    public var mode: String
    /// Top-level partitions (0 when exact).
    public var partitions: Int
    public var kept: Int
    public var dropped: Int
    /// Distinct pairs at cosine ≥ τ found.
    public var pairsFound: Int
    /// The greedy order rule in words.
    public var keepRule: String
    public var boundary: BoundaryRule?
    /// Statistics of the first partitioning (the widening steps are in ``recall``).
    public var statistics: PartitionedDedup.Statistics
    /// The measured recall and the widening (partitioned runs; nil when exact: every pair was scored).
    public var recall: RecallReport?
    public var timings: Timings
    /// Upper estimate of the bytes held at once (vectors, ids, centroids, assignments, per-worker partitions, pairs).
    public var peakMemoryEstimateBytes: Int
    /// The process's measured peak resident set (VmHWM), when the system reports it; for a
    /// staged run, the largest of its stages.
    public var peakResidentBytes: Int?
    /// Present only for a staged run.
    public var staged: Staged? = nil
    /// Present only with `--against`: the input records dropped for a reference match, before ``n`` (the
    /// records deduplicated against each other) was counted.
    public var against: ReferenceMatches.Summary? = nil
    /// Present only with `--keep N`: how the N records were chosen (``threshold``, ``kept`` and ``dropped`` are the
    /// budget's: by threshold, τ is the one chosen).
    public var budget: DedupBudget.Summary? = nil
    /// Present only with `--annotate`: the annotated copy of the input.
    public var annotated: DedupAnnotator.Summary? = nil

    static let keepRule = "input order: a record is dropped when an earlier kept record has cosine >= threshold; "
        + "it names the most similar such kept record"

    static let boundaryRule = "each row joins every partition whose centroid cosine is within margin of its best (at most maxCopies, closest first); "
        + "pairs are scored within each partition, guests included, so a pair is found when its rows share a partition; "
        + "partitions above maxPartitionRows are split again by the same rule, then joined exactly in chunks"

    /// The estimate of ``peakMemoryEstimateBytes`` for a run.
    static func memoryEstimate(n: Int, d: Int, statistics: PartitionedDedup.Statistics, workers: Int) -> Int {
        let vectors = n * d * 4, ids = n * 40, greedy = n * 16
        let pairs = statistics.pairsBeforeMerge * MemoryLayout<SimilarPair>.stride * 2
        let join = statistics.largestJoin
        let tile = min(join, 2048) * min(join, 2048) * 4
        guard statistics.mode == "partitioned" else { return vectors + ids + greedy + pairs + tile }
        let k = statistics.partitions
        let centroids = 2 * k * d * 4 + statistics.sampleRows * d * 4 + SphericalKMeans.blockRows * (k + d) * 4
        let assignments = statistics.placements * 4
        let perWorker = join * d * 4 + tile + join * 4
        return vectors + ids + greedy + pairs + centroids + assignments + workers * perWorker
    }

    /// One line for standard output.
    public func summary() -> String {
        let memory = peakResidentBytes.map { String(format: "%.2f GB peak RSS", Double($0) / 1e9) } ?? "peak RSS unknown"
        let shape = mode == "exact" ? "exact" : "\(partitions) partitions, ε \(boundary?.margin ?? 0)"
        return "\(n) records at τ \(threshold) (\(shape)): kept \(kept), dropped \(dropped), \(pairsFound) pairs; "
            + String(format: "%.1f s, ", timings.totalSeconds) + memory + "\n" + (recall.map { $0.summary() + "\n" } ?? "")
            + (against.map { "against \($0.references.joined(separator: ", ")) (\($0.referenceRows) records): dropped \($0.dropped) "
                + "input records within τ of one, listed in \(ReferenceMatches.fileName)\n" } ?? "")
            + (budget.map { $0.line() + "\n" } ?? "")
            + (annotated.map { "annotated \($0.records) records with \($0.columns.joined(separator: ", ")) → \($0.file)"
                + ($0.note.map { " (\($0))" } ?? "") + "\n" } ?? "")
    }
}

import Embedding
import Foundation

/// How `spb-analyze dedup` finds near-duplicate pairs; one constant per concept, shown by `--help`.
public struct DedupSettings: Sendable, Equatable {
    /// Exact self-join or k-means partitions.
    public enum Mode: Sendable, Equatable {
        /// Exact below ``DedupSettings/exactBelow`` rows, partitioned from there on.
        case automatic
        /// Always the exact blocked self-join (O(n²)).
        case exact
        /// Always partitioned.
        case partitioned
    }

    /// Inputs with fewer rows than this are deduplicated exactly in automatic mode.
    public static let defaultExactBelow = 50_000
    /// The boundary margin ε: a row joins every partition whose centroid similarity is within ε of its best.
    public static let defaultMargin: Float = 0.04
    /// At most this many partitions per row (its primary plus guests), the closest first.
    public static let defaultMaxCopies = 4
    /// Largest partition (members including guests) joined in one piece; larger ones are split again.
    public static let defaultMaxPartitionRows = 6_000
    /// Rows per partition aimed at when the partition count is automatic.
    public static let defaultTargetPartitionRows = 1_000
    /// Lloyd iterations of the spherical k-means.
    public static let defaultIterations = 10
    /// Sampled rows per centroid for the k-means (capped by n).
    public static let defaultSamplePerPartition = 40
    /// Rows whose exact neighbours measure a partitioned run's recall (`--recall-sample`).
    public static let defaultRecallSample = 2_000
    /// The recall a partitioned run widens its search to reach (`--target-recall`).
    public static let defaultTargetRecall = 0.99

    /// Cosine similarity at which a later record duplicates an earlier kept one.
    public var threshold: Float = MiniLMEncoder.defaultDuplicateThreshold
    /// Exact, partitioned or chosen by size.
    public var mode: Mode = .automatic
    /// Automatic mode: the row count from which partitioning is used.
    public var exactBelow = DedupSettings.defaultExactBelow
    /// Number of top-level partitions; nil chooses `n / targetPartitionRows` (at least 2).
    public var partitions: Int?
    /// The boundary margin ε (see ``defaultMargin``).
    public var margin: Float = DedupSettings.defaultMargin
    /// At most this many partitions per row.
    public var maxCopies = DedupSettings.defaultMaxCopies
    /// Partition size cap (rows, guests included).
    public var maxPartitionRows = DedupSettings.defaultMaxPartitionRows
    /// Rows per partition aimed at by the automatic partition count.
    public var targetPartitionRows = DedupSettings.defaultTargetPartitionRows
    /// Lloyd iterations.
    public var iterations = DedupSettings.defaultIterations
    /// Seed of the k-means sample and initial centres.
    public var seed: UInt64 = 42
    /// Threads for the assignment sgemm and the partition joins (`--threads`).
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Rows sampled to measure recall (all rows when fewer).
    public var recallSample = DedupSettings.defaultRecallSample
    /// The estimated recall a partitioned run must reach; 0 measures without widening.
    public var targetRecall = DedupSettings.defaultTargetRecall

    public init() {}

    /// Whether `count` rows are deduplicated by partitions under these settings.
    public func usesPartitions(count: Int) -> Bool {
        switch mode {
        case .exact: false
        case .partitioned: count >= 2
        case .automatic: count >= exactBelow
        }
    }

    /// The number of top-level partitions for `count` rows.
    public func partitionCount(count: Int) -> Int {
        let chosen = partitions ?? max(2, (count + targetPartitionRows / 2) / max(targetPartitionRows, 1))
        return max(1, min(chosen, count))
    }
}

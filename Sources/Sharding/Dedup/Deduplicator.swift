import Analysis
import CommandLineSupport
import Foundation
import LinearAlgebra
import VectorIndex

/// Runs a dedup on read input and writes `keep.txt`, `drops.csv` and `dedup-report.json`.
public enum Deduplicator {
    /// The outcome of ``run(_:settings:readSeconds:)``.
    public struct Result: Sendable {
        /// The greedy keep at the report's τ.
        public var keep: GreedyKeep
        /// What is written: the greedy keep, or what a budget (`--keep N`, ``DedupBudget``) made of it.
        public var decision: DedupDecision
        public var pairs: [SimilarPair]
        public var report: DedupReport
    }

    /// Normalises the rows, finds the pairs at τ (partitioned: measuring the recall and widening to
    /// the target, ``RecallWidening``) and applies the greedy keep in input order.
    /// - Parameters:
    ///   - input: the rows, normalised in place (so no second copy of the matrix is made).
    ///   - readSeconds: time spent reading the input, for the report.
    /// - Throws: `InputError` for a zero or non-finite row.
    public static func run(_ input: inout DedupInput, settings: DedupSettings, readSeconds: Double = 0) throws -> Result {
        var timings = DedupReport.Timings()
        timings.readSeconds = readSeconds
        let normalizeStart = ContinuousClock.now
        try input.normalizeRows()
        timings.normalizeSeconds = PartitionedDedup.seconds(since: normalizeStart)
        return try search(input, settings: settings, timings: timings)
    }

    /// ``run(_:settings:readSeconds:)`` on rows already normalised (a second search at another τ normalises nothing
    /// twice, so its scores are those of the first), with the read and normalise times of `timings`.
    static func search(_ input: DedupInput, settings: DedupSettings, timings: DedupReport.Timings) throws -> Result {
        var timings = timings
        let first = PartitionedDedup.pairs(of: input.vectors, settings: settings)
        timings.centroidSeconds = first.statistics.centroidSeconds
        timings.assignSeconds = first.statistics.assignSeconds
        timings.joinSeconds = first.statistics.joinSeconds
        var pairs = first.pairs, recall: RecallReport?
        if first.statistics.mode == "partitioned" {
            let sample = RecallSample(vectors: input.vectors, size: settings.recallSample, threshold: settings.threshold,
                                      seed: RecallSample.seed(forRunSeed: settings.seed))
            (pairs, recall) = try RecallWidening.run(first: first, sample: sample, settings: settings) { input.vectors }
        }
        return decide(pairs: pairs, statistics: first.statistics, recall: recall, timings: timings, settings: settings,
                      source: input.source, inputKind: input.kind, n: input.vectors.rows, dimension: input.vectors.columns)
    }

    /// Applies the greedy keep in input order to the found `pairs` and builds the report, adding
    /// the recall, widening and greedy times to `timings` and totalling them.
    static func decide(pairs: [SimilarPair], statistics: PartitionedDedup.Statistics, recall: RecallReport?, timings: DedupReport.Timings,
                       settings: DedupSettings, source: String, inputKind: String, n: Int, dimension: Int) -> Result {
        var timings = timings
        timings.recallSeconds = recall?.truthSeconds ?? 0
        timings.wideningSeconds = recall?.wideningSeconds ?? 0
        let greedyStart = ContinuousClock.now
        let keep = GreedyKeep(count: n, pairs: pairs, threshold: settings.threshold)
        timings.greedySeconds = PartitionedDedup.seconds(since: greedyStart)
        timings.totalSeconds = timings.readSeconds + timings.normalizeSeconds + timings.centroidSeconds + timings.assignSeconds
            + timings.joinSeconds + timings.recallSeconds + timings.wideningSeconds + timings.greedySeconds
        let partitioned = statistics.mode == "partitioned"
        let report = DedupReport(
            source: source, inputKind: inputKind, n: n, dimension: dimension,
            threshold: settings.threshold, mode: statistics.mode, partitions: statistics.partitions,
            kept: keep.keptCount, dropped: keep.drops.count, pairsFound: pairs.count, keepRule: DedupReport.keepRule,
            boundary: partitioned ? DedupReport.BoundaryRule(settings) : nil,
            statistics: statistics, recall: recall, timings: timings,
            peakMemoryEstimateBytes: DedupReport.memoryEstimate(n: n, d: dimension, statistics: statistics, workers: settings.workers),
            peakResidentBytes: PeakResidentMemory.bytes())
        return Result(keep: keep, decision: DedupDecision(keep), pairs: pairs, report: report)
    }

    /// Names of the three output files.
    public static let keepFile = "keep.txt", dropsFile = "drops.csv", reportFile = "dedup-report.json"

    /// The header of ``dropsFile``.
    public static let dropsHeader = "dropped_id,kept_id,score,reason"

    /// Writes `keep.txt` (kept ids, input order), `drops.csv` (`dropped_id,kept_id,score,reason`, input
    /// order; `reason` is `duplicate`, or `selection` with the kept id and score empty) and
    /// `dedup-report.json` into `directory` (created if needed), from `result.decision`.
    public static func write(_ result: Result, ids: [String], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var keep = ""
        keep.reserveCapacity(result.decision.kept.count * 8)
        for (index, kept) in result.decision.kept.enumerated() where kept { keep += ids[index] + "\n" }
        try Data(keep.utf8).write(to: directory.appendingPathComponent(keepFile), options: .atomic)
        var drops = dropsHeader + "\n"
        for drop in result.decision.drops {
            drops += NotebookFiles.csvField(ids[drop.dropped]) + "," + (drop.keptBy.map { NotebookFiles.csvField(ids[$0]) } ?? "") + ","
                + (drop.score.map { String(format: "%.6f", $0) } ?? "") + "," + drop.reason.rawValue + "\n"
        }
        try Data(drops.utf8).write(to: directory.appendingPathComponent(dropsFile), options: .atomic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(result.report).write(to: directory.appendingPathComponent(reportFile), options: .atomic)
    }
}

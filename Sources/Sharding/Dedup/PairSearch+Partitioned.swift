import Analysis
import LinearAlgebra
import VectorIndex

extension PairSearch {
    /// `dedup`'s partitioned search for the audit past its exact size: spherical k-means partitions with
    /// boundary copies, its recall measured on a seeded sample of rows and widened to `targetRecall` (``RecallWidening``).
    /// - Parameters:
    ///   - targetRecall: widen until the estimate reaches it (`--target-recall`).
    ///   - recallSample: rows of the recall measurement (`--recall-sample`).
    ///   - workers: join threads.
    public static func partitioned(targetRecall: Double = DedupSettings.defaultTargetRecall,
                                   recallSample: Int = DedupSettings.defaultRecallSample,
                                   workers: Int = DedupSettings().workers) -> PairSearch {
        PairSearch(method: "k-means partitions with boundary copies (spb-analyze dedup's search), recall measured on a seeded sample of rows "
            + "against all rows and widened to \(targetRecall)") { vectors, threshold, seed in
            var settings = DedupSettings()
            settings.mode = .partitioned
            settings.threshold = threshold
            settings.seed = seed
            settings.targetRecall = targetRecall
            settings.recallSample = recallSample
            settings.workers = workers
            let first = PartitionedDedup.pairs(of: vectors, settings: settings)
            let sample = RecallSample(vectors: vectors, size: recallSample, threshold: threshold, seed: RecallSample.seed(forRunSeed: seed))
            let (pairs, report) = try RecallWidening.run(first: first, sample: sample, settings: settings) { vectors }
            let estimate = report.estimate
            let widening = report.widening.isEmpty ? "none: the first partitioning reached the target"
                : report.widening.map { "\($0.kind) (\($0.reason))" }.joined(separator: "; ")
            return Outcome(pairs: pairs.map { NeighborPair(first: $0.first, second: $0.second, score: $0.score) },
                           recall: SearchRecall(sampleRows: estimate.sampleRows, truePairs: estimate.truePairs, recall: estimate.recall,
                                                lower95: estimate.lower95, upper95: estimate.upper95, target: targetRecall,
                                                widening: widening + String(format: "; %.1f s measuring, %.1f s widening", report.truthSeconds, report.wideningSeconds)))
        }
    }
}

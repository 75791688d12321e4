import Foundation
import LinearAlgebra
import VectorIndex

/// Measures a partitioned run's recall on its own input and widens the search until the estimate
/// reaches the target (``DedupSettings/targetRecall``).
///
/// Widening adds independently seeded k-means partitionings (a pair missed by one is found by the
/// next when its rows share a partition there), and falls back to the exact self-join when the
/// partitionings the miss rate projects would cost more dot products than it (see ``nextStep``).
/// The decision uses counted dot products, not seconds, so the same input and settings always
/// widen the same way (a staged run and a single-process run report the same pairs).
public enum RecallWidening {
    /// What to do next.
    enum Step: Equatable {
        /// One more partitioning (the projection needs `projected` more in all).
        case partitioning(projected: Int)
        /// The exact self-join.
        case exact
    }

    /// The step after partitionings whose estimated miss rates were `misses` (first pass first).
    /// - Parameters:
    ///   - target: the recall to reach.
    ///   - partitioningProducts: dot products of one partitioning (the mean so far).
    ///   - exactProducts: dot products of the exact self-join.
    ///   - spentProducts: dot products the widening has spent already.
    /// - Returns: the step and why, in words.
    static func nextStep(misses: [Double], target: Double, partitioningProducts: Int, exactProducts: Int, spentProducts: Int) -> (Step, String) {
        let miss = misses.last ?? 1, goal = 1 - target
        // Each partitioning is assumed to divide the misses by the ratio the last one achieved;
        // the first widening assumes partitionings miss independently (ratio = the first miss rate).
        let ratio = misses.count >= 2 ? miss / misses[misses.count - 2] : miss
        guard ratio < 1 else {
            return (.exact, String(format: "the last partitioning found none of the missed pairs (miss rate %.4f): the exact self-join", miss))
        }
        guard goal > 0 else { return (.exact, "a target of 1 needs every pair: the exact self-join") }
        let needed = ratio > 0 ? max(1, Int((log(goal / miss) / log(ratio)).rounded(.up))) : 1
        let projected = needed.multipliedReportingOverflow(by: partitioningProducts)
        let remaining = exactProducts - spentProducts
        let figures = String(format: "miss rate %.4f, ratio per partitioning %.3f: %d more partitioning%@ of about %@ dot products each, "
                                 + "the exact self-join %@", miss, ratio, needed, needed == 1 ? "" : "s",
                             scientific(partitioningProducts), scientific(exactProducts))
        if !projected.overflow, projected.partialValue < remaining { return (.partitioning(projected: needed), figures + ": partitioning") }
        return (.exact, figures + (spentProducts > 0 ? " (\(scientific(spentProducts)) spent)" : "") + ": the exact self-join")
    }

    /// `value` as `1.2e9`.
    static func scientific(_ value: Int) -> String { String(format: "%.2g", Double(value)) }

    /// The k-means seed of widening partitioning `round` (1, 2, …) of a run seeded with `seed`.
    public static func seed(round: Int, runSeed seed: UInt64) -> UInt64 { seed &+ UInt64(round) &* 0x9E37_79B9_7F4A_7C15 }

    /// Measures `first` (the pairs of the configured partitioning) against `sample` and widens until
    /// the estimate reaches `settings.targetRecall`.
    /// - Parameters:
    ///   - first: the first partitioning's merged pairs and figures.
    ///   - sample: the truth.
    ///   - settings: the run's settings (τ, partition rule, seed, workers, target).
    ///   - vectors: the unit rows, asked for only when the run widens.
    /// - Returns: every pair found (merged), and the report.
    /// - Throws: what `vectors` throws.
    public static func run(first: (pairs: [SimilarPair], statistics: PartitionedDedup.Statistics), sample: RecallSample,
                           settings: DedupSettings, vectors: () throws -> Matrix) throws -> (pairs: [SimilarPair], report: RecallReport) {
        var pairs = first.pairs
        let firstPass = sample.estimate(found: pairs)
        var estimate = firstPass
        var steps = [RecallReport.Step]()
        var misses = [1 - estimate.recall]
        var partitioningProducts = [first.statistics.scoredProducts]
        var spent = 0
        let exactProducts = PartitionedDedup.exactProducts(count: sample.population)
        var loaded: Matrix?
        while estimate.recall < settings.targetRecall {
            let mean = partitioningProducts.reduce(0, +) / partitioningProducts.count
            let (step, reason) = nextStep(misses: misses, target: settings.targetRecall, partitioningProducts: mean,
                                          exactProducts: exactProducts, spentProducts: spent)
            let start = ContinuousClock.now
            let matrix = try loaded ?? vectors()
            loaded = matrix
            var widened = settings
            var seed: UInt64?
            switch step {
            case .partitioning:
                seed = Self.seed(round: steps.count + 1, runSeed: settings.seed)
                widened.seed = seed ?? settings.seed
                widened.mode = .partitioned
            case .exact:
                widened.mode = .exact
            }
            let (more, statistics) = PartitionedDedup.pairs(of: matrix, settings: widened)
            let before = pairs.count
            pairs = step == .exact ? more : PartitionedDedup.merged(pairs + more)
            estimate = sample.estimate(found: pairs)
            spent += statistics.scoredProducts
            if step != .exact {
                partitioningProducts.append(statistics.scoredProducts)
                misses.append(1 - estimate.recall)
            }
            steps.append(RecallReport.Step(kind: step == .exact ? "exact" : "partitioning", seed: seed, scoredProducts: statistics.scoredProducts,
                                           seconds: PartitionedDedup.seconds(since: start), pairsAdded: pairs.count - before,
                                           recallAfter: estimate.recall, reason: reason))
            if step == .exact { break }
        }
        let report = RecallReport(method: RecallReport.method, intervalMethod: RecallEstimate.intervalMethod, wideningRule: RecallReport.wideningRule,
                                  sampleSeed: sample.seed, target: settings.targetRecall, reached: estimate.recall >= settings.targetRecall,
                                  estimate: estimate, firstPass: firstPass, widening: steps, truthSeconds: sample.seconds,
                                  wideningSeconds: steps.reduce(0) { $0 + $1.seconds })
        return (pairs, report)
    }
}

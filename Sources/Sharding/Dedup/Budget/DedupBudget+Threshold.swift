import CommandLineSupport
import Foundation
import LinearAlgebra
import VectorIndex

extension DedupBudget {
    /// `--by threshold` on a run at `--threshold`: lowers the floor when needed, chooses τ and adds back to N.
    /// - Throws: `UsageError` when even the lowest floor the pair cap allows keeps more than N.
    func chooseThreshold(_ result: inout Deduplicator.Result, input: DedupInput, settings: DedupSettings) throws {
        let start = ContinuousClock.now
        var floor = settings.threshold, searches = 1
        if result.keep.keptCount > keep {
            let lowest = Self.lowestFloor(of: input.vectors, maxPairs: maxPairs, seed: settings.seed)
            guard lowest < floor else {
                throw unreachable(fewest: result.keep.keptCount, floor: floor, pairs: result.pairs.count,
                                  why: "the pairs at --threshold \(settings.threshold) already fill --max-pairs")
            }
            var lower = settings
            lower.threshold = lowest
            result = try Deduplicator.search(input, settings: lower, timings: result.report.timings)
            (floor, searches) = (lowest, 2)
            guard result.keep.keptCount <= keep else {
                throw unreachable(fewest: result.keep.keptCount, floor: floor, pairs: result.pairs.count,
                                  why: "that is the lowest tau whose pairs fit --max-pairs")
            }
        }
        let (threshold, greedy) = Self.threshold(keepingAtMost: keep, count: input.vectors.rows, pairs: result.pairs, floor: floor)
        var decision = DedupDecision(greedy)
        let addBack = greedy.drops.sorted { $0.score != $1.score ? $0.score < $1.score : $0.dropped < $1.dropped }
            .prefix(max(0, keep - greedy.keptCount)).map(\.dropped)
        decision.addBack(Set(addBack))
        result.keep = greedy
        result.decision = decision
        result.report.threshold = threshold
        result.report.budget = Summary(keep: keep, by: .threshold, rule: rule, kept: decision.keptCount, chosenThreshold: threshold,
                                       keptAtThreshold: greedy.keptCount, addedBack: addBack.count, pairFloor: floor, pairSearches: searches,
                                       seconds: PartitionedDedup.seconds(since: start))
    }

    private func unreachable(fewest: Int, floor: Float, pairs: Int, why: String) -> UsageError {
        UsageError("--keep \(keep) is out of reach: at tau " + String(format: "%.4f", floor)
                       + " (\(pairs) pairs; \(why)) the greedy keep still keeps \(fewest) records",
                   hint: "--keep \(fewest) or more, or a larger --max-pairs (now \(maxPairs)), or --by diversity")
    }

    /// A τ among the distinct pair scores ≥ `floor` at which the greedy keep of `count` records keeps at most `keep`
    /// while the next higher score keeps more (found by binary search: the keep count grows with τ except where
    /// greedy chains make it dip), with that keep.
    /// - Parameters:
    ///   - pairs: every pair found at cosine ≥ `floor`, whose greedy keep keeps at most `keep` records (so one exists).
    /// - Complexity: O((n + p log p) · log p) for `p` pairs.
    static func threshold(keepingAtMost keep: Int, count: Int, pairs: [SimilarPair], floor: Float) -> (threshold: Float, keep: GreedyKeep) {
        var scores = pairs.map(\.score).filter { $0 >= floor }
        scores.sort()
        var distinct = [Float]()
        distinct.reserveCapacity(scores.count)
        for score in scores where distinct.last != score { distinct.append(score) }
        // keep(distinct[low]) ≤ N; above distinct[high] (no pair left: every record kept) more than N.
        var low = 0, high = distinct.count
        var best = GreedyKeep(count: count, pairs: pairs, threshold: distinct.first ?? floor)
        while high - low > 1 {
            let middle = (low + high) / 2
            let candidate = GreedyKeep(count: count, pairs: pairs, threshold: distinct[middle])
            if candidate.keptCount <= keep {
                (low, best) = (middle, candidate)
            } else {
                high = middle
            }
        }
        return (distinct.isEmpty ? floor : distinct[low], best)
    }

    /// The lowest τ whose pairs number at most about `maxPairs`: the pairs among a seeded sample of ``floorSampleRows``
    /// rows, scaled to all pairs, estimate the count (exact when the sample is every row); -1 (every pair) when all fit.
    /// - Parameter vectors: unit rows.
    /// - Complexity: O(s² · d + s² log s) for s sampled rows.
    static func lowestFloor(of vectors: Matrix, maxPairs: Int, seed: UInt64) -> Float {
        let n = vectors.rows
        let rows = RecallSample.rows(size: floorSampleRows, of: n, seed: SeededGenerator.mix(seed ^ 0x666C_6F6F_72))
        let s = rows.count
        guard s >= 2 else { return -1 }
        let sample = vectors.selecting(rows: rows)
        let gram = BLAS.multiply(sample, .none, sample, .transposed)
        var scores = [Float]()
        scores.reserveCapacity(s * (s - 1) / 2)
        for i in 0 ..< s {
            for j in i + 1 ..< s { scores.append(gram.storage[i * s + j]) }
        }
        scores.sort(by: >)
        let allowed = Double(maxPairs) * Double(scores.count) / (Double(n) * Double(n - 1) / 2)
        guard allowed < Double(scores.count) else { return -1 }
        return scores[Int(allowed)].nextUp
    }
}

import Analysis
import Foundation
import LinearAlgebra
@testable import Sharding
import Testing
import TestSupport
import VectorIndex

/// Isotropic unit vectors (no cluster structure, where k-means partitions have the least purchase)
/// with planted near-duplicate groups of 2-4 rows at cosine 0.93-0.97 to the group's first row:
/// the hard case, small.
struct IsotropicPlantedData {
    var vectors: Matrix

    init(count: Int, dimension d: Int, groups: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var vectors = random.unitRows(count, columns: d)
        var positions = Array(0 ..< count)
        positions.shuffle(using: &random)
        var used = 0
        for _ in 0 ..< groups {
            let size = Int.random(in: 2 ... 4, using: &random)
            let group = positions[used ..< used + size]
            used += size
            for row in group.dropFirst() {
                let cosine = Float.random(in: 0.93 ... 0.97, using: &random)
                let step = (1 / (cosine * cosine) - 1).squareRoot()
                let noise = random.unitRows(1, columns: d)
                var copy = Matrix(rows: 1, columns: d, storage: (0 ..< d).map { vectors[group.first!, $0] + step * noise[0, $0] })
                Vectors.normalizeRows(&copy)
                for j in 0 ..< d { vectors[row, j] = copy[0, j] }
            }
        }
        self.vectors = vectors
    }
}

/// A partitioned dedup measures its own recall (a seeded sample's exact neighbours against all rows)
/// and widens until the estimate reaches the target, also on data without cluster structure.
@Suite("Recall that measures itself (partitioned dedup)", .serialized)
struct RecallTests {
    static let isotropic = IsotropicPlantedData(count: 20_000, dimension: 64, groups: 2_000, seed: 17)
    static let threshold: Float = 0.9

    /// Every pair ≥ τ, by the exact self-join.
    static let exactPairs: Set<Int64> = Set(VectorIndex.selfJoin(of: isotropic.vectors, threshold: threshold).map(key))

    /// Share of the exact pairs in `pairs`.
    static func trueRecall(_ pairs: [SimilarPair]) -> Double {
        Double(Set(pairs.map(key)).intersection(exactPairs).count) / Double(exactPairs.count)
    }

    static func settings(partitions: Int?, target: Double) -> DedupSettings {
        var settings = DedupSettings()
        settings.threshold = threshold
        settings.mode = .partitioned
        settings.partitions = partitions
        settings.targetRecall = target
        return settings
    }

    static func run(_ settings: DedupSettings) throws -> Deduplicator.Result {
        var input = DedupInput(vectors: isotropic.vectors, ids: (0 ..< isotropic.vectors.rows).map(String.init), kind: "npy", source: "isotropic")
        return try Deduplicator.run(&input, settings: settings)
    }

    @Test("the estimate agrees with the recall against the exact pairs, inside its 95 % interval")
    func estimateMatchesTruth() throws {
        #expect(Self.exactPairs.count > 2_500, "the planted groups give pairs ≥ τ: \(Self.exactPairs.count)")
        for partitions in [20, 200] {
            let result = try Self.run(Self.settings(partitions: partitions, target: 0))
            let recall = try #require(result.report.recall)
            let truth = Self.trueRecall(result.pairs)
            #expect(truth < 0.99, "isotropic data: one partitioning misses pairs (\(partitions) partitions: \(truth))")
            #expect(recall.widening.isEmpty && recall.estimate == recall.firstPass, "target 0 measures without widening")
            #expect(recall.estimate.sampleRows == DedupSettings.defaultRecallSample)
            #expect(abs(recall.estimate.recall - truth) <= 0.02, "\(partitions) partitions: estimate \(recall.estimate.recall), truth \(truth)")
            #expect(recall.estimate.lower95 <= truth && truth <= recall.estimate.upper95,
                    "\(truth) outside [\(recall.estimate.lower95), \(recall.estimate.upper95)]")
            #expect(recall.estimate.truePairs > 400)
        }
    }

    @Test("with a target the run widens until the estimate reaches it, and the true recall follows",
          arguments: [(20, 0.99), (200, 0.99), (20, 1.0)])
    func widensToTarget(partitions: Int, target: Double) throws {
        let result = try Self.run(Self.settings(partitions: partitions, target: target))
        let recall = try #require(result.report.recall)
        #expect(recall.reached && recall.estimate.recall >= target, "\(recall.summary())")
        #expect(!recall.widening.isEmpty && recall.firstPass.recall < 0.99)
        #expect(Self.trueRecall(result.pairs) >= target - 0.005, "true recall \(Self.trueRecall(result.pairs)) after \(recall.summary())")
        #expect(result.report.timings.wideningSeconds > 0 && result.report.timings.recallSeconds > 0)
        #expect(result.pairs.allSatisfy { Self.exactPairs.contains(key($0)) }, "widening adds exact pairs only")
        #expect(result.report.summary().contains(String(format: "target %.3f reached", target)), "\(result.report.summary())")
        if target == 1 {
            #expect(recall.widening.map(\.kind) == ["exact"], "a target of 1 needs the exact join: \(recall.widening.map(\.reason))")
            #expect(Self.trueRecall(result.pairs) == 1)
        } else {
            // Partitionings cost far fewer products than the exact join here (measured: 2.6e7 and 1.6e7 against 2e8).
            #expect(recall.widening.allSatisfy { $0.kind == "partitioning" }, "\(recall.widening.map(\.reason))")
            #expect(Set(recall.widening.compactMap(\.seed)).count == recall.widening.count, "each partitioning has its own seed")
            #expect(recall.widening.allSatisfy { $0.scoredProducts < PartitionedDedup.exactProducts(count: 20_000) / 4 })
        }
    }

    @Test("the cost model: partition while projected partitionings cost less than the exact join")
    func nextStep() {
        let cheap = RecallWidening.nextStep(misses: [0.15], target: 0.99, partitioningProducts: 1_000, exactProducts: 1_000_000, spentProducts: 0)
        #expect(cheap.0 == .partitioning(projected: 2), "0.15 → 0.0225 → 0.0034: two more: \(cheap.1)")
        let dear = RecallWidening.nextStep(misses: [0.15], target: 0.99, partitioningProducts: 600_000, exactProducts: 1_000_000, spentProducts: 0)
        #expect(dear.0 == .exact, "\(dear.1)")
        let stuck = RecallWidening.nextStep(misses: [0.1, 0.1], target: 0.99, partitioningProducts: 1, exactProducts: 1_000_000, spentProducts: 0)
        #expect(stuck.0 == .exact && stuck.1.contains("none of the missed pairs"))
        let slow = RecallWidening.nextStep(misses: [0.2, 0.18], target: 0.99, partitioningProducts: 1_000, exactProducts: 1_000_000, spentProducts: 0)
        #expect(slow.0 == .partitioning(projected: 28), "log(0.01 / 0.18) / log(0.9) = 27.4: \(slow.1)")
        let spent = RecallWidening.nextStep(misses: [0.2, 0.18], target: 0.99, partitioningProducts: 1_000, exactProducts: 1_000_000,
                                            spentProducts: 990_000)
        #expect(spent.0 == .exact, "what was spent counts against the exact join")
        #expect(RecallWidening.nextStep(misses: [0.001], target: 1, partitioningProducts: 1, exactProducts: 100, spentProducts: 0).0 == .exact)
    }

    @Test("the interval: Wilson at the effective pair count; recall 1 still has a lower bound; grouped misses widen it")
    func interval() {
        let perfect = RecallEstimate(truePairs: [2, 0, 3, 1], foundPairs: [2, 0, 3, 1], population: 1_000_000)
        #expect(perfect.recall == 1 && perfect.upper95 == 1 && perfect.lower95 < 0.7 && perfect.lower95 > 0.5, "6 pairs: \(perfect.lower95)")
        let spread = RecallEstimate(truePairs: Array(repeating: 1, count: 1_000), foundPairs: Array(repeating: 1, count: 900) + Array(repeating: 0, count: 100),
                                    population: 1_000_000)
        #expect(isClose(spread.recall, 0.9, absolute: 1e-12))
        // Independent pairs: the binomial Wilson interval, 0.8798-0.9171.
        #expect(isClose(spread.lower95, 0.8798, absolute: 0.0005) && isClose(spread.upper95, 0.9171, absolute: 0.001), "\(spread)")
        // The same 1,000 pairs and 100 misses in ten rows of 100: far fewer effective pairs, a wider interval.
        let grouped = RecallEstimate(truePairs: Array(repeating: 100, count: 10), foundPairs: [0] + Array(repeating: 100, count: 9), population: 1_000_000)
        #expect(grouped.recall == spread.recall && grouped.lower95 < spread.lower95 - 0.1, "\(grouped)")
        let whole = RecallEstimate(truePairs: [3, 1], foundPairs: [2, 1], population: 2)
        #expect(whole.lower95 == whole.upper95 && whole.recall == 0.75, "the whole population sampled: the recall is exact")
        let none = RecallEstimate(truePairs: [0, 0], foundPairs: [0, 0], population: 10)
        #expect(none.recall == 1 && none.lower95 == 0, "no true pairs: nothing missed, nothing known")
    }

    @Test("the sample's truth: every row ≥ τ of the sampled rows, itself excluded, the same from blocks as in memory")
    func sampleTruth() throws {
        let data = PlantedData(count: 3_000, dimension: 16, clusters: 4, groups: 200, seed: 11)
        let inMemory = RecallSample(vectors: data.vectors, size: 300, threshold: 0.85, seed: 5)
        let blocks = try RecallSample(count: 3_000, sampleVectors: { data.vectors.selecting(rows: $0) }, size: 300, threshold: 0.85, seed: 5) { range in
            data.vectors.selecting(rows: Array(range))
        }
        #expect(inMemory.rows == blocks.rows && inMemory.rows.count == 300 && inMemory.rows == inMemory.rows.sorted())
        let exact = PartitionedDedup.merged(VectorIndex.selfJoin(of: data.vectors, threshold: 0.85))
        let sampled = Set(inMemory.rows)
        let expected = exact.reduce(0) { $0 + (sampled.contains($1.first) ? 1 : 0) + (sampled.contains($1.second) ? 1 : 0) }
        #expect(inMemory.truePairs == expected && blocks.truePairs == expected && expected > 0)
        #expect(inMemory.estimate(found: exact).recall == 1)
        #expect(inMemory.estimate(found: []).foundPairs == 0)
        let half = Array(exact.prefix(exact.count / 2))
        #expect(inMemory.estimate(found: half) == blocks.estimate(found: half))
    }
}

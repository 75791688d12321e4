import Analysis
import Foundation
import LinearAlgebra
import Sharding
import Testing
import TestSupport

/// The audit past `--exact-below` with `dedup`'s partitioned search: the same near-duplicate clusters as the
/// exact pass on planted data, and a recall it measured itself.
@Suite("Audit with the partitioned pair search")
struct AuditPairSearchTests {
    @Test("isotropic rows with planted copies: the search's pairs and clusters equal the exact pass's, its recall estimate in the report")
    func matchesExactOnPlantedCopies() async throws {
        var random = SplitMix64(seed: 5)
        var points = random.unitRows(8000, columns: 32)
        // Every 40th row gets two copies at cosine ≈ 0.95 right after it.
        for row in stride(from: 0, to: 7998, by: 40) {
            for copy in 1 ... 2 { for c in 0 ..< 32 { points[row + copy, c] = points[row, c] + 0.05 * random.nextGaussian() } }
        }
        Vectors.normalizeRows(&points)
        let texts = (0 ..< 8000).map { "item \($0)" }
        let dataset = AuditDataset(source: "planted", format: "text", ids: texts.indices.map(String.init), texts: texts, storedEmbeddings: points)
        var options = AuditOptions()
        options.clusters = 3
        let exact = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        options.pairSearch = .partitioned()
        options.exactBelow = 1000
        options.neighbourSample = 1000
        let searched = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        #expect(exact.nearDuplicates.clusterCount == 200 && exact.nearDuplicates.itemsInClusters == 600)
        #expect(searched.nearDuplicates.clusterCount == exact.nearDuplicates.clusterCount)
        #expect(searched.nearDuplicates.itemsInClusters == exact.nearDuplicates.itemsInClusters)
        #expect(searched.nearDuplicates.pairCount == exact.nearDuplicates.pairCount)
        let pairs = try #require(searched.accuracy.first { $0.figure.hasPrefix("near-duplicate pairs") })
        let recall = try #require(pairs.recall)
        #expect(!pairs.exact && recall.recall >= 0.99 && recall.sampleRows == 2000 && recall.truePairs > 0, "\(recall)")
        #expect(pairs.method.contains("k-means partitions"))
    }
}

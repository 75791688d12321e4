import LinearAlgebra
import Testing
import TestSupport
import VectorIndex
@testable import Analysis

/// The audit's one-pass scan must agree with the VectorIndex module's self-join and k=2 search.
@Suite("Scan agrees with VectorIndex")
struct IndexAgreementTests {
    @Test func pairsAndNearestNeighboursMatchTheIndex() throws {
        let (points, _) = plantedClusters(k: 5, perCluster: 60, dimension: 24, noise: 0.15, seed: 13)
        let scan = NeighborScan(points, pairThreshold: 0.9 - 1e-4, blockRows: 128)
        let index = try VectorIndex(vectors: points)
        let joined = index.selfJoin(threshold: 0.9)
        // Pairs within rounding of τ may fall either side (different sgemm tilings); compare the rest.
        func clear(_ score: Float) -> Bool { abs(score - 0.9) > 1e-5 }
        let fromIndex = Set(joined.filter { clear($0.score) }.map { [$0.first, $0.second] })
        let fromScan = Set(scan.pairs.filter { clear($0.score) }.map { [$0.first, $0.second] })
        #expect(!fromIndex.isEmpty)
        #expect(fromIndex == fromScan, "\(joined.map(\.score)) vs \(scan.pairs.map(\.score))")
        let neighbours = try index.search(queries: points, k: 2)
        for (i, list) in neighbours.enumerated() {
            // The best hit is the row itself; the second is its nearest neighbour.
            let other = try #require(list.first { $0.id != i })
            #expect(isClose(other.score, scan.nearestScore[i], absolute: 1e-5))
        }
    }
}

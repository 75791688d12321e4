import LinearAlgebra
import Testing
import TestSupport
@testable import Analysis

/// `k` unit-length centres in `dimension` with `perCluster` noisy members each, shuffled; returns rows and true labels.
func plantedClusters(k: Int, perCluster: Int, dimension: Int, noise: Float, seed: UInt64) -> (Matrix, [Int]) {
    var random = SplitMix64(seed: seed)
    let centres = random.unitRows(k, columns: dimension)
    var labels = (0 ..< k).flatMap { Array(repeating: $0, count: perCluster) }
    labels.shuffle(using: &random)
    var points = Matrix(rows: labels.count, columns: dimension)
    for (row, label) in labels.enumerated() {
        for column in 0 ..< dimension { points[row, column] = centres[label, column] + noise * random.nextGaussian() }
    }
    Vectors.normalizeRows(&points)
    return (points, labels)
}

@Suite("Clustering")
struct ClusteringTests {
    @Test func kMeansRecoversPlantedTropes() {
        let (points, truth) = plantedClusters(k: 6, perCluster: 80, dimension: 32, noise: 0.12, seed: 7)
        let result = KMeans.fit(points, k: 6, seed: 1)
        let ari = AdjustedRandIndex.compute(result.labels, truth)
        #expect(ari >= 0.8, "ARI \(ari)")
    }

    @Test func kMeansIsSeeded() {
        let (points, _) = plantedClusters(k: 4, perCluster: 30, dimension: 16, noise: 0.3, seed: 3)
        #expect(KMeans.fit(points, k: 4, seed: 9).labels == KMeans.fit(points, k: 4, seed: 9).labels)
    }

    @Test func silhouettePicksThePlantedK() {
        let (points, _) = plantedClusters(k: 5, perCluster: 40, dimension: 24, noise: 0.1, seed: 11)
        let choice = ClusterCountSelection.choose(points, range: 2 ... 9, sampleSize: 200, seed: 5)
        #expect(choice.k == 5, "chose \(choice.k): \(choice.scores)")
    }

    @Test func adjustedRandIndexIsChanceLevelForUnrelatedLabels() {
        var random = SplitMix64(seed: 2)
        let a = (0 ..< 2000).map { _ in Int.random(in: 0 ..< 5, using: &random) }
        let b = (0 ..< 2000).map { _ in Int.random(in: 0 ..< 5, using: &random) }
        #expect(abs(AdjustedRandIndex.compute(a, b)) < 0.02)
        #expect(isClose(AdjustedRandIndex.compute(a, a.map { ($0 + 1) % 5 }), 1.0))
    }

    @Test func unionFindComponents() {
        var sets = UnionFind(count: 7)
        sets.union(0, 3); sets.union(3, 5); sets.union(2, 6)
        #expect(sets.components() == [[0, 3, 5], [2, 6]])
    }
}

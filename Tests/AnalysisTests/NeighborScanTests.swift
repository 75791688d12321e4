import LinearAlgebra
import Testing
import TestSupport
@testable import Analysis

@Suite("Neighbour scan and near-duplicates")
struct NeighborScanTests {
    @Test func scanMatchesBruteForce() {
        var random = SplitMix64(seed: 21)
        var points = random.unitRows(300, columns: 12)
        // Plant a few close copies so pairs exist above the threshold.
        for (copy, original) in [(10, 3), (250, 120), (299, 0)] {
            for c in 0 ..< 12 { points[copy, c] = points[original, c] + 0.02 * random.nextGaussian() }
        }
        Vectors.normalizeRows(&points)
        let scan = NeighborScan(points, pairThreshold: 0.6, histogramEdges: [0.5, 0.6, 0.9], blockRows: 64)
        let gram = BLAS.multiply(points, .none, points, .transposed)
        var pairs = [NeighborPair]()
        var counts = [0, 0, 0]
        for i in 0 ..< 300 {
            var best = -Float.infinity, bestEarlier = -Float.infinity
            for j in 0 ..< 300 where j != i {
                best = max(best, gram[i, j])
                if j < i { bestEarlier = max(bestEarlier, gram[i, j]) }
                if j > i {
                    let s = gram[i, j]
                    if s >= 0.6 { pairs.append(NeighborPair(first: i, second: j, score: s)) }
                    if s >= 0.9 { counts[2] += 1 } else if s >= 0.6 { counts[1] += 1 } else if s >= 0.5 { counts[0] += 1 }
                }
            }
            #expect(isClose(scan.nearestScore[i], best, absolute: 1e-5))
            #expect(isClose(gram[i, scan.nearest[i]], best, absolute: 1e-5))
            if i > 0 {
                #expect(isClose(scan.nearestEarlierScore[i], bestEarlier, absolute: 1e-5))
                #expect(scan.nearestEarlier[i] < i)
            }
        }
        #expect(scan.nearestEarlier[0] == -1)
        #expect(Set(scan.pairs.map { [$0.first, $0.second] }) == Set(pairs.map { [$0.first, $0.second] }))
        #expect(scan.pairCounts == counts)
        #expect(scan.pairs.map(\.score) == scan.pairs.map(\.score).sorted(by: >))
    }

    @Test func plantedNearDuplicatesAreAllClustered() {
        var random = SplitMix64(seed: 5)
        var points = random.unitRows(400, columns: 48)
        var planted = [[Int]]()
        for group in 0 ..< 8 {
            let original = group * 40
            var members = [original]
            for offset in 1 ... (group % 3 + 1) {
                let copy = original + 20 + offset
                for c in 0 ..< 48 { points[copy, c] = points[original, c] + 0.03 * random.nextGaussian() }
                members.append(copy)
            }
            planted.append(members)
        }
        Vectors.normalizeRows(&points)
        let texts = (0 ..< 400).map { "item \($0)" }
        let dataset = AuditDataset(source: "planted", format: "test", ids: texts, texts: texts)
        let scan = NeighborScan(points, pairThreshold: 0.9, histogramEdges: [0.8, 0.9, 0.95])
        let outcome = NearDuplicates.report(scan: scan, threshold: 0.9, dataset: dataset)
        #expect(outcome.components.count == planted.count)
        #expect(Set(outcome.components.map { Set($0) }) == Set(planted.map { Set($0) }))
        #expect(outcome.report.itemsInClusters == planted.reduce(0) { $0 + $1.count })
        let atTau = outcome.report.curve.first { isClose($0.threshold, 0.9, absolute: 1e-6) }
        #expect(atTau?.itemsWithNeighbour == outcome.report.itemsInClusters)
        #expect(atTau?.clusters == planted.count)
    }
}

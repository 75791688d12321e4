import LinearAlgebra
import Testing
import VectorIndex
import TestSupport
@testable import Thresholds

@Suite struct DedupSweepTests {
    /// Clustered vectors with small integer coordinates: every dot product is an exact
    /// integer in Float, so thresholds can sit exactly on scores and ties are tested too.
    func clusteredIntegerVectors(count: Int, dimension: Int, clusters: Int, seed: UInt64) -> Matrix {
        var random = SplitMix64(seed: seed)
        let centres = (0 ..< clusters).map { _ in (0 ..< dimension).map { _ in Float(Int.random(in: -3 ... 3, using: &random)) } }
        var matrix = Matrix(rows: 0, columns: dimension)
        for _ in 0 ..< count {
            let centre = centres[Int.random(in: 0 ..< clusters, using: &random)]
            matrix.append(row: centre.map { $0 + Float(Int.random(in: -1 ... 1, using: &random)) })
        }
        return matrix
    }

    /// A real greedy in-order dedup run at one threshold.
    func greedy(_ vectors: Matrix, threshold: Float) -> [Bool] {
        var keptRows: [Int] = []
        var kept = [Bool](repeating: false, count: vectors.rows)
        for i in 0 ..< vectors.rows {
            let best = keptRows.map { BLAS.dot(vectors.row(i), vectors.row($0)) }.max() ?? -.infinity
            if best < threshold { kept[i] = true; keptRows.append(i) }
        }
        return kept
    }

    @Test func keptMasksEqualARealGreedyRunAtEveryThreshold() {
        let vectors = clusteredIntegerVectors(count: 300, dimension: 12, clusters: 25, seed: 42)
        let sweep = DedupSweep(vectors: vectors, minimumThreshold: 20)
        var distinctCounts = Set<Int>()
        for threshold in stride(from: Float(20), through: 60, by: 1) {
            let mask = sweep.kept(at: threshold)
            #expect(mask == greedy(vectors, threshold: threshold), "τ \(threshold)")
            distinctCounts.insert(mask.filter { $0 }.count)
        }
        #expect(distinctCounts.count > 5) // the sweep actually spans different outcomes
        // Small blocks exercise the tiling edges; the pairs must be identical.
        let tiled = VectorIndex.selfJoin(of: vectors, threshold: 20, tileRows: 7).map { ScoredPair($0.first, $0.second, score: $0.score) }
        #expect(DedupSweep(count: 300, pairs: tiled, minimumThreshold: 20).pairs == sweep.pairs)
    }

    @Test func unitVectorsAgreeWithGreedyAwayFromBoundaries() {
        var random = SplitMix64(seed: 3)
        let centres = random.unitRows(10, columns: 32)
        var matrix = Matrix(rows: 0, columns: 32)
        for i in 0 ..< 200 {
            let centre = centres.row(i % 10)
            matrix.append(row: centre.map { $0 + 0.15 * random.nextGaussian() })
        }
        Vectors.normalizeRows(&matrix)
        let sweep = DedupSweep(vectors: matrix, minimumThreshold: 0.7)
        for threshold in thresholdGrid(from: 0.7, through: 0.99, step: 0.01) {
            #expect(sweep.kept(at: threshold) == greedy(matrix, threshold: threshold), "τ \(threshold)")
        }
    }

    @Test func keptCountIsNotMonotoneAndTheSweepSaysSo() {
        // A–B 0.80, B–C 0.90, B–D 0.90, others far apart.
        let pairs = [ScoredPair(0, 1, score: 0.80), ScoredPair(1, 2, score: 0.90), ScoredPair(1, 3, score: 0.90)]
        let sweep = DedupSweep(count: 4, pairs: pairs, minimumThreshold: 0.7)
        #expect(sweep.rows(at: [0.80, 0.85, 0.95]).map(\.kept) == [3, 2, 4])
        let removedBy = sweep.removedBy(at: 0.85)
        #expect(removedBy[2] == ScoredPair(1, 2, score: 0.90))
        #expect(removedBy[0] == nil && removedBy[1] == nil)
    }

    @Test func gridHasNoDrift() {
        let grid = thresholdGrid(from: 0.70, through: 0.99, step: 0.01)
        #expect(grid.count == 30)
        #expect(isClose(grid[15], 0.85) && isClose(grid.last!, 0.99))
    }

    @Test func emptyAndSingleItemSets() {
        #expect(DedupSweep(vectors: Matrix(rows: 0, columns: 4), minimumThreshold: 0.5).kept(at: 0.9).isEmpty)
        #expect(DedupSweep(vectors: Matrix(rows: 1, columns: 4, repeating: 0.5), minimumThreshold: 0.5).kept(at: 0.9) == [true])
    }
}

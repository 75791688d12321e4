import LinearAlgebra
import TestSupport
import Testing
@testable import VectorIndex

@Suite("VectorIndex search")
struct VectorIndexSearchTests {
    @Test("top-k equals a naive double-precision ranking")
    func topKMatchesNaive() throws {
        var generator = SplitMix64(seed: 11)
        let database = generator.unitRows(2_000, columns: 48)
        let queries = generator.unitRows(20, columns: 48)
        let index = try VectorIndex(vectors: database)
        for query in 0 ..< queries.rows {
            let hits = try index.search(queries.row(query), k: 10)
            let reference = Naive.ranking(queries, query, database).prefix(10)
            #expect(hits.map(\.id) == reference.map(\.id))
            for (hit, expected) in zip(hits, reference) {
                #expect(isClose(Double(hit.score), expected.score, absolute: 1e-5, relative: 0))
            }
        }
    }

    @Test("scores are cosines: queries and stored vectors need not be unit length")
    func scoresAreCosines() throws {
        var generator = SplitMix64(seed: 12)
        var raw = Matrix(rows: 300, columns: 16)
        for row in 0 ..< 300 { for column in 0 ..< 16 { raw[row, column] = 5 * generator.nextGaussian() + 1 } }
        let index = try VectorIndex(vectors: raw)
        let query = (0 ..< 16).map { _ in 3 * generator.nextGaussian() }
        let queryMatrix = Matrix(columns: 16, rowVectors: [query])
        let hits = try index.search(query, k: 5)
        let reference = Naive.ranking(queryMatrix, 0, raw).prefix(5)
        #expect(hits.map(\.id) == reference.map(\.id))
        #expect(zip(hits, reference).allSatisfy { isClose(Double($0.score), $1.score, absolute: 1e-5, relative: 0) })
        let stored = index.vector(at: 7)
        #expect(isClose(BLAS.dot(stored, stored), 1, absolute: 1e-5))
    }

    @Test("batch search equals one search per query, across block boundaries")
    func batchEqualsSingle() throws {
        var generator = SplitMix64(seed: 13)
        let index = try VectorIndex(vectors: generator.unitRows(2_500, columns: 24))
        let queries = generator.unitRows(1_100, columns: 24)
        let batch = try index.search(queries: queries, k: 7)
        #expect(batch.count == queries.rows)
        var idMismatches = 0
        for query in 0 ..< queries.rows {
            let single = try index.search(queries.row(query), k: 7)
            #expect(batch[query].count == 7)
            if batch[query].map(\.id) != single.map(\.id) { idMismatches += 1 }
            #expect(allClose(batch[query].map(\.score), single.map(\.score), absolute: 1e-5, relative: 0))
        }
        // Scores from sgemm and sgemv may differ in the last bit, which can swap near-ties.
        #expect(idMismatches <= 2)
    }

    @Test("k larger than the index, k = 0, an empty index")
    func edgeSizes() throws {
        var generator = SplitMix64(seed: 14)
        let empty = VectorIndex(dimension: 8)
        let query = generator.unitRows(1, columns: 8).row(0)
        #expect(try empty.search(query, k: 3).isEmpty)
        #expect(try empty.nearest(to: query) == nil)
        #expect(try empty.search(queries: generator.unitRows(2, columns: 8), k: 3) == [[], []])
        let index = try VectorIndex(vectors: generator.unitRows(4, columns: 8))
        #expect(try index.search(query, k: 10).count == 4)
        #expect(try index.search(query, k: 0).isEmpty)
        #expect(try index.search(queries: generator.unitRows(3, columns: 8), k: 9).map(\.count) == [4, 4, 4])
        let nearest = try #require(try index.nearest(to: index.vector(at: 2)))
        #expect(nearest.id == 2)
        #expect(isClose(nearest.score, 1, absolute: 1e-5))
    }

    @Test("ties are broken by the smaller id")
    func tiesBySmallerID() throws {
        let index = VectorIndex(dimension: 3)
        for _ in 0 ..< 5 { try index.add([1, 0, 0]) }
        try index.add([0, 1, 0])
        #expect(try index.search([2, 0, 0], k: 3).map(\.id) == [0, 1, 2])
        #expect(try index.search(queries: Matrix(columns: 3, rowVectors: [[2, 0, 0]]), k: 3)[0].map(\.id) == [0, 1, 2])
    }
}

import LinearAlgebra
import TestSupport
import Testing
@testable import VectorIndex

@Suite("VectorIndex self-join")
struct VectorIndexSelfJoinTests {
    /// Pairs whose naive score is this close to the threshold may fall either side in float.
    static let band = 1e-5

    /// Checks `pairs` against the naive pair set: same pairs (band aside), close scores, sorted.
    /// `reference` must hold every naive pair down to `threshold - band` (more is fine).
    static func expectMatchesNaive(_ pairs: [SimilarPair], reference all: [Naive.Pair: Double], threshold: Float) {
        let reference = all.filter { $0.value >= Double(threshold) - band }
        var seen = Set<Naive.Pair>()
        for pair in pairs {
            let key = Naive.Pair(first: pair.first, second: pair.second)
            #expect(pair.first < pair.second)
            #expect(seen.insert(key).inserted, "pair \(key) reported twice")
            guard let score = reference[key] else {
                Issue.record("pair \(key) with score \(pair.score) is not in the naive set")
                continue
            }
            #expect(isClose(Double(pair.score), score, absolute: 1e-5, relative: 0))
        }
        for (key, score) in reference where score >= Double(threshold) + band {
            #expect(seen.contains(key), "naive pair \(key) (score \(score)) is missing")
        }
        let sorted = zip(pairs, pairs.dropFirst()).allSatisfy { a, b in
            a.score != b.score ? a.score > b.score : (a.first, a.second) < (b.first, b.second)
        }
        #expect(sorted)
    }

    /// 1,000 clustered vectors (many pairs) and their naive pairs down to 0.5 - band, built once.
    static let clustered: (index: VectorIndex, pairs: [Naive.Pair: Double]) = {
        var generator = SplitMix64(seed: 21)
        let data = TestData.clustered(1_000, columns: 32, clusters: 25, spread: 0.06, using: &generator)
        let index = VectorIndex(dimension: 32)
        for row in 0 ..< data.rows { _ = try? index.add(data.row(row)) }
        return (index, Naive.pairs(index.snapshot(), threshold: 0.5 - band))
    }()

    @Test("clustered data, tiles not dividing n: exactly the naive pairs", arguments: [Float(0.5), 0.8, 0.9, 0.97])
    func clusteredMatchesNaive(threshold: Float) throws {
        let (index, reference) = Self.clustered
        #expect(index.count == 1_000)
        let pairs = index.selfJoin(threshold: threshold, tileRows: 128)
        if threshold <= 0.9 { #expect(pairs.count > 1_000, "clustered data should give many pairs") }
        Self.expectMatchesNaive(pairs, reference: reference, threshold: threshold)
    }

    @Test("the tile size does not change the result", arguments: [1, 7, 64, 300, 2048])
    func tileSizeIndependent(tileRows: Int) throws {
        var generator = SplitMix64(seed: 22)
        let data = TestData.clustered(300, columns: 16, clusters: 10, spread: 0.08, using: &generator)
        let index = try VectorIndex(vectors: data)
        let expected = index.selfJoin(threshold: 0.85, tileRows: 97)
        let pairs = index.selfJoin(threshold: 0.85, tileRows: tileRows)
        // Different tilings may round the last bit differently, which can reorder near-equal
        // scores, so compare as sets of pairs with close scores.
        let expectedScores = Dictionary(uniqueKeysWithValues: expected.map { (Naive.Pair(first: $0.first, second: $0.second), $0.score) })
        #expect(pairs.count == expected.count)
        let mismatches = pairs.filter { pair in
            expectedScores[Naive.Pair(first: pair.first, second: pair.second)].map { !isClose($0, pair.score, absolute: 1e-5, relative: 0) } ?? true
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) pairs differ, first: \(String(describing: mismatches.first))")
        Self.expectMatchesNaive(pairs, reference: Naive.pairs(index.snapshot(), threshold: 0.85 - Self.band), threshold: 0.85)
    }

    @Test("duplicates pair up with score 1; fewer than two vectors give no pairs")
    func duplicatesAndTinySets() throws {
        let index = VectorIndex(dimension: 4)
        #expect(index.selfJoin(threshold: 0).isEmpty)
        try index.add([1, 2, 3, 4])
        #expect(index.selfJoin(threshold: -1).isEmpty)
        try index.add([0, 0, 0, 1])
        try index.add([2, 4, 6, 8])
        let pairs = index.selfJoin(threshold: 0.99)
        #expect(pairs.count == 1)
        #expect(pairs.first.map { [$0.first, $0.second] } == [0, 2])
        #expect(pairs.first.map { isClose($0.score, 1, absolute: 1e-6) } == true)
        #expect(index.selfJoin(threshold: -1).count == 3)
    }
}

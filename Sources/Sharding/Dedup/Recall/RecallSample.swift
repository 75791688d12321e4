import Analysis
import Foundation
import LinearAlgebra
import VectorIndex

/// What a partitioned pair search is measured against: a seeded sample of rows and, for each, every
/// other row at cosine ≥ τ, found exactly by BLAS against all rows.
///
/// A pair search's recall is then the share of those true pairs it found (``estimate(found:)``):
/// each row is sampled with the same probability, so every pair ≥ τ has the same chance to be
/// counted, and the share estimates the recall over all pairs.
public struct RecallSample: Sendable {
    /// The sampled rows, ascending.
    public let rows: [Int]
    /// Rows in the whole input.
    public let population: Int
    /// The seed the rows were drawn with.
    public let seed: UInt64
    /// The threshold τ.
    public let threshold: Float
    /// Seconds spent finding the true neighbours.
    public let seconds: Double
    /// Sampled row `p`'s true neighbours are `neighbours[offsets[p] ..< offsets[p + 1]]`, ascending.
    private let offsets: [Int]
    private let neighbours: [Int32]

    /// Rows per block when the rows are read from a file (a multiple of the cross join's tile, so
    /// the products are those of the in-memory join).
    public static let blockRows = 32_768

    /// The sample's seed for a run seeded with `seed` (apart from the k-means seeds).
    public static func seed(forRunSeed seed: UInt64) -> UInt64 { SeededGenerator.mix(seed ^ 0x7265_6361_6C6C) }

    /// `size` distinct rows of `count`, ascending, drawn with `seed` (all rows when `size >= count`).
    public static func rows(size: Int, of count: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        return generator.sample(max(size, 0), from: count)
    }

    /// The truth for `size` rows of `vectors` (unit rows in memory).
    /// - Complexity: O(size · n · d) through sgemm, O(tile² + true pairs) memory.
    public init(vectors: Matrix, size: Int, threshold: Float, seed: UInt64) {
        let start = ContinuousClock.now
        let rows = Self.rows(size: size, of: vectors.rows, seed: seed)
        let found = VectorIndex.crossJoin(vectors.selecting(rows: rows), vectors, threshold: threshold)
        self.init(rows: rows, population: vectors.rows, seed: seed, threshold: threshold, pairs: found, start: start)
    }

    /// The truth for `size` of `count` rows that `block` reads, ``blockRows`` consecutive rows at a time,
    /// so the whole matrix is never in memory.
    /// - Parameters:
    ///   - count: rows of the unit-row matrix.
    ///   - sampleVectors: reads the listed rows (ascending) of the matrix.
    ///   - block: reads the consecutive rows `range` of the matrix.
    /// - Throws: what `sampleVectors` or `block` throws.
    /// - Complexity: O(size · n · d) through sgemm, O(blockRows · d + true pairs) memory.
    public init(count: Int, sampleVectors: (_ rows: [Int]) throws -> Matrix, size: Int, threshold: Float, seed: UInt64,
                block: (_ rows: Range<Int>) throws -> Matrix) throws {
        let start = ContinuousClock.now
        let rows = Self.rows(size: size, of: count, seed: seed)
        let queries = try sampleVectors(rows)
        var found = [CrossPair]()
        for first in stride(from: 0, to: count, by: Self.blockRows) {
            let range = first ..< min(first + Self.blockRows, count)
            for pair in VectorIndex.crossJoin(queries, try block(range), threshold: threshold) {
                found.append(CrossPair(query: pair.query, row: range.lowerBound + pair.row, score: pair.score))
            }
        }
        found.sort { $0.query != $1.query ? $0.query < $1.query : $0.row < $1.row }
        self.init(rows: rows, population: count, seed: seed, threshold: threshold, pairs: found, start: start)
    }

    private init(rows: [Int], population: Int, seed: UInt64, threshold: Float, pairs: [CrossPair], start: ContinuousClock.Instant) {
        var offsets = [Int](repeating: 0, count: rows.count + 1)
        var neighbours = [Int32]()
        neighbours.reserveCapacity(pairs.count)
        for pair in pairs where pair.row != rows[pair.query] {
            offsets[pair.query + 1] += 1
            neighbours.append(Int32(pair.row))
        }
        for position in 0 ..< rows.count { offsets[position + 1] += offsets[position] }
        self.rows = rows
        self.population = population
        self.seed = seed
        self.threshold = threshold
        self.offsets = offsets
        self.neighbours = neighbours
        seconds = PartitionedDedup.seconds(since: start)
    }

    /// True pairs of the sampled rows (a pair of two sampled rows counts once for each).
    public var truePairs: Int { neighbours.count }

    /// The recall of `found` (pairs ≥ τ, `first < second`, each at most once) on the sampled rows.
    /// - Complexity: O(n + found + true pairs).
    public func estimate(found: [SimilarPair]) -> RecallEstimate {
        var position = [Int32](repeating: -1, count: population)
        for (index, row) in rows.enumerated() { position[row] = Int32(index) }
        var foundNeighbours = [[Int32]](repeating: [], count: rows.count)
        for pair in found where pair.score >= threshold {
            if position[pair.first] >= 0 { foundNeighbours[Int(position[pair.first])].append(Int32(pair.second)) }
            if position[pair.second] >= 0 { foundNeighbours[Int(position[pair.second])].append(Int32(pair.first)) }
        }
        var truth = [Int](repeating: 0, count: rows.count), hits = [Int](repeating: 0, count: rows.count)
        for index in rows.indices {
            let expected = neighbours[offsets[index] ..< offsets[index + 1]]
            truth[index] = expected.count
            guard !expected.isEmpty else { continue }
            let got = Set(foundNeighbours[index])
            hits[index] = expected.filter(got.contains).count
        }
        return RecallEstimate(truePairs: truth, foundPairs: hits, population: population)
    }
}

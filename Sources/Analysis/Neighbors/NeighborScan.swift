import LinearAlgebra

/// Two rows whose cosine similarity reached a threshold; `first < second`.
public struct NeighborPair: Sendable, Equatable, Codable {
    public var first: Int
    public var second: Int
    public var score: Float

    /// Creates a pair.
    public init(first: Int, second: Int, score: Float) {
        self.first = first
        self.second = second
        self.score = score
    }
}

/// Everything the audit needs from all pairwise similarities, found in one tiled pass (or, past the audit's
/// exact size, from a pair search and a seeded sample: ``init(sampling:sampleSize:seed:pairs:pairThreshold:histogramEdges:pairLimit:progress:)``).
///
/// One pass over the lower triangle of `XXᵀ` (`sgemm` on row blocks) yields each row's nearest
/// neighbour, its nearest *earlier* row (generation order), the pairs at or above a threshold
/// (near-duplicates), and a histogram of pair scores (the near-duplicate curve over τ). Doing this
/// once instead of a self-join plus a k=2 search plus an "earlier only" search divides the
/// dominant O(n²·d) cost by three.
public struct NeighborScan: Sendable {
    /// Nearest other row of each row, `-1` when there is none.
    public var nearest: [Int]
    /// Cosine similarity to ``nearest`` (`-∞` when there is none).
    public var nearestScore: [Float]
    /// Nearest row with a smaller index, `-1` for row 0.
    public var nearestEarlier: [Int]
    /// Cosine similarity to ``nearestEarlier`` (`-∞` for row 0).
    public var nearestEarlierScore: [Float]
    /// Pairs with score ≥ ``pairThreshold``, best first (ties by first, second); at most ``pairLimit``.
    public var pairs: [NeighborPair]
    /// Threshold of ``pairs``.
    public var pairThreshold: Float
    /// Whether more pairs than ``pairLimit`` reached the threshold (the weakest were dropped).
    public var pairsTruncated: Bool
    /// Lower edges of the score histogram bins (ascending); `pairCounts[b]` counts pairs with
    /// `histogramEdges[b] <= score < histogramEdges[b+1]` (the last bin is open above).
    public var histogramEdges: [Float]
    /// Pairs per histogram bin (estimated below ``pairThreshold`` when ``sampledRows`` is set).
    public var pairCounts: [Int]
    /// The rows whose neighbour figures a sampled scan measured (ascending); nil when every row was (the
    /// exact pass). Per-row arrays hold NaN (nearest `-1`) for rows outside the sample.
    public var sampledRows: [Int]? = nil

    /// Scans all pairs of unit-length rows.
    /// - Parameters:
    ///   - embeddings: n × d, L2-normalised.
    ///   - pairThreshold: pairs at or above this are kept.
    ///   - histogramEdges: ascending bin edges for pair counts (pairs below the first edge are not counted).
    ///   - pairLimit: most pairs kept (memory guard).
    ///   - blockRows: rows per `sgemm` tile.
    /// - Complexity: O(n²·d/2) time, O(n·d + blockRows² + pairs) memory.
    public init(_ embeddings: Matrix, pairThreshold: Float, histogramEdges: [Float] = [],
                pairLimit: Int = 5_000_000, blockRows: Int = 1024,
                progress: (_ completedRows: Int) -> Void = { _ in }) {
        let n = embeddings.rows, d = embeddings.columns
        var nearest = [Int](repeating: -1, count: n)
        var nearestScore = [Float](repeating: -.infinity, count: n)
        var earlier = [Int](repeating: -1, count: n)
        var earlierScore = [Float](repeating: -.infinity, count: n)
        var pairs = [NeighborPair]()
        var counts = [Int](repeating: 0, count: histogramEdges.count)
        let histogramFloor = histogramEdges.first ?? .infinity
        let floor = min(pairThreshold, histogramFloor)
        if n > 1, d > 0 {
            // Lower triangle: row block I against row blocks J <= I; in the diagonal tile only j < i.
            embeddings.forEachProductTile(with: embeddings, tileRows: blockRows, tileColumns: blockRows,
                                          pairedRows: { 0 ..< $0.upperBound }) { tile in
                let scores = tile.values, rowsJ = tile.columns.count, j0 = tile.columns.lowerBound
                for i in tile.rows {
                    let limit = min(i, tile.columns.upperBound) - j0
                    var bestJ = earlier[i], bestScore = earlierScore[i]
                    let row = (i - tile.rows.lowerBound) * rowsJ
                    for b in 0 ..< limit {
                        let score = scores[row + b]
                        let j = j0 + b
                        if score > bestScore { bestScore = score; bestJ = j }
                        if score > nearestScore[j] { nearestScore[j] = score; nearest[j] = i }
                        if score >= floor {
                            if score >= pairThreshold { pairs.append(NeighborPair(first: j, second: i, score: score)) }
                            if score >= histogramFloor {
                                counts[Self.bin(of: score, in: histogramEdges)] += 1
                            }
                        }
                    }
                    earlier[i] = bestJ
                    earlierScore[i] = bestScore
                }
                // The diagonal tile is the last of its row block.
                if tile.columns.upperBound == tile.rows.upperBound { progress(tile.rows.upperBound) }
            }
        }
        for i in 0 ..< n where earlierScore[i] > nearestScore[i] {
            nearestScore[i] = earlierScore[i]
            nearest[i] = earlier[i]
        }
        let truncated = Self.rank(&pairs, limit: pairLimit)
        self.nearest = nearest
        self.nearestScore = nearestScore
        self.nearestEarlier = earlier
        self.nearestEarlierScore = earlierScore
        self.pairs = pairs
        self.pairThreshold = pairThreshold
        self.pairsTruncated = truncated
        self.histogramEdges = histogramEdges
        self.pairCounts = counts
    }

    /// The histogram bin of a score at or above the first edge: the last edge not above it.
    static func bin(of score: Float, in edges: [Float]) -> Int {
        var bin = edges.count - 1
        while bin > 0 && score < edges[bin] { bin -= 1 }
        return bin
    }

    /// Sorts `pairs` best first (ties by first, second) and keeps the best `limit`; whether any were dropped.
    static func rank(_ pairs: inout [NeighborPair], limit: Int) -> Bool {
        pairs.sort { $0.score != $1.score ? $0.score > $1.score : ($0.first, $0.second) < ($1.first, $1.second) }
        guard pairs.count > limit else { return false }
        pairs.removeLast(pairs.count - limit)
        return true
    }

    /// Pairs with score ≥ each histogram edge (cumulative from the top).
    public var pairsAtOrAbove: [Int] {
        var result = pairCounts
        for bin in stride(from: result.count - 2, through: 0, by: -1) { result[bin] += result[bin + 1] }
        return result
    }
}

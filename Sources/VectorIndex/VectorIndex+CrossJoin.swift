import LinearAlgebra

/// A row of one matrix and a row of another whose dot product reached a threshold.
public struct CrossPair: Sendable, Equatable {
    /// The row of the query matrix.
    public let query: Int
    /// The row of the searched matrix.
    public let row: Int
    /// Their dot product (cosine similarity for unit rows).
    public let score: Float

    public init(query: Int, row: Int, score: Float) {
        self.query = query
        self.row = row
        self.score = score
    }
}

extension VectorIndex {
    /// Every (query, row) pair of a row of `queries` and a row of `matrix` whose dot product is
    /// >= `threshold`: the exact neighbours of a few queries among many rows.
    ///
    /// Blocked sgemm of `queries · matrixᵀ` in `tileRows × tileRows` tiles, each tile scanned in
    /// parallel over its query rows with a SIMD comparison against the threshold (the self-join's
    /// kernel without the triangle).
    /// - Parameters:
    ///   - queries: q × d.
    ///   - matrix: n × d.
    ///   - threshold: the smallest score reported (not NaN).
    ///   - tileRows: rows per tile side, at least 1.
    /// - Returns: the pairs sorted by query, then row.
    /// - Complexity: O(q · n · d) (BLAS level 3), O(tileRows²) scratch plus the pairs.
    public static func crossJoin(_ queries: Matrix, _ matrix: Matrix, threshold: Float, tileRows: Int = 2048) -> [CrossPair] {
        precondition(tileRows > 0, "tileRows must be positive, got \(tileRows)")
        precondition(!threshold.isNaN, "threshold is NaN")
        let shards = (0 ..< ScoreKernel.workerCount).map { _ in Shard([CrossPair]()) }
        queries.forEachProductTile(with: matrix, tileRows: tileRows, tileColumns: tileRows) { tile in
            let rows = tile.rows
            ScoreKernel.forEachChunk(of: rows.count, chunks: ScoreKernel.chunkCount(rows.count, minimumChunk: 8)) { chunk, localRows in
                shards[chunk].value.withLock { pairs in
                    for query in rows.lowerBound + localRows.lowerBound ..< rows.lowerBound + localRows.upperBound {
                        tile.forEachValue(inRow: query, atLeast: threshold) { row, score in
                            pairs.append(CrossPair(query: query, row: row, score: score))
                        }
                    }
                }
            }
        }
        return shards.flatMap { shard in shard.value.withLock { $0 } }.sorted { $0.query != $1.query ? $0.query < $1.query : $0.row < $1.row }
    }
}

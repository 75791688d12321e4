import LinearAlgebra

extension VectorIndex {
    /// Every pair of stored vectors with cosine similarity >= `threshold`.
    ///
    /// Works on a snapshot, so inserts made meanwhile are not seen; see
    /// ``selfJoin(of:threshold:tileRows:)`` for the algorithm.
    /// - Returns: pairs with `first < second`, sorted by score descending, then `first`, then `second`.
    /// - Complexity: O(count² · dimension / 2) (BLAS level 3), plus O(p log p) to sort `p` pairs.
    public func selfJoin(threshold: Float, tileRows: Int = 2048) -> [SimilarPair] {
        Self.selfJoin(of: snapshot(), threshold: threshold, tileRows: tileRows)
    }

    /// Every pair of rows of `matrix` whose dot product is >= `threshold` (cosine similarity
    /// when the rows have unit length; rows are used as given, zero rows included).
    ///
    /// Blocked sgemm over the upper triangle only: tile `(I, J)` is computed for `J >= I`, and
    /// in diagonal tiles only entries `j > i` are read. Scratch memory is one
    /// `tileRows × tileRows` score block (16 MiB at the default 2048); each block is scanned
    /// in parallel over its rows with a SIMD comparison against the threshold.
    /// - Parameters:
    ///   - threshold: the smallest score reported (not NaN).
    ///   - tileRows: rows per tile side, at least 1.
    /// - Returns: pairs with `first < second`, sorted by score descending, then `first`, then `second`.
    /// - Complexity: O(rows² · columns / 2) (BLAS level 3), plus O(p log p) to sort `p` pairs.
    public static func selfJoin(of matrix: Matrix, threshold: Float, tileRows: Int = 2048) -> [SimilarPair] {
        precondition(tileRows > 0, "tileRows must be positive, got \(tileRows)")
        precondition(!threshold.isNaN, "threshold is NaN")
        guard matrix.rows > 1 else { return [] }
        let shards = (0 ..< ScoreKernel.workerCount).map { _ in Shard([SimilarPair]()) }
        matrix.forEachProductTile(with: matrix, tileRows: tileRows, tileColumns: tileRows,
                                  pairedRows: { $0.lowerBound ..< matrix.rows }) { tile in
            let rows = tile.rows
            ScoreKernel.forEachChunk(of: rows.count, chunks: ScoreKernel.chunkCount(rows.count)) { chunk, localRows in
                shards[chunk].value.withLock { pairs in
                    for first in rows.lowerBound + localRows.lowerBound ..< rows.lowerBound + localRows.upperBound {
                        tile.forEachValue(inRow: first, from: first + 1, atLeast: threshold) { second, score in
                            pairs.append(SimilarPair(first: first, second: second, score: score))
                        }
                    }
                }
            }
        }
        return shards.flatMap { shard in shard.value.withLock { $0 } }.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            return a.first != b.first ? a.first < b.first : a.second < b.second
        }
    }
}

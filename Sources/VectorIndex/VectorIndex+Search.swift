import LinearAlgebra

extension VectorIndex {
    /// Query rows per sgemm block in batch searches.
    static let queryBlockRows = 1024
    /// Database rows per sgemm block in batch searches (score block = 1024 × 1024 floats, 4 MiB).
    static let databaseBlockRows = 1024

    /// The `k` stored vectors most similar to `query` (cosine), best first.
    ///
    /// Ties in score are broken by the smaller id. Fewer than `k` results when the index holds
    /// fewer vectors.
    /// - Parameters:
    ///   - query: a vector of ``dimension`` components (normalised here; need not be unit length).
    ///   - k: how many neighbours to return, at least 0.
    /// - Returns: up to `k` neighbours, score descending.
    /// - Throws: ``IndexError`` for a bad query vector (`.invalidVector`) or a negative `k`.
    /// - Complexity: O(count · dimension) for one sgemv, plus O(count + k log k · log(count)) for
    ///   the heap selection with a running k-th-best cut-off.
    public func search(_ query: [Float], k: Int) throws -> [Neighbor] {
        try Self.validate(k: k)
        let unit = try normalized(query, what: "query")
        guard k > 0 else { return [] }
        return storage.withLock { matrix in
            guard matrix.rows > 0 else { return [] }
            var top = TopK(k: min(k, matrix.rows))
            top.offer(matrix.dotProducts(with: unit))
            return top.neighbors()
        }
    }

    /// The `k` nearest stored vectors for each row of `queries`, in query order.
    ///
    /// Scores come from sgemm over blocks of 1024 queries × 1024 stored rows, so scratch memory
    /// stays at 4 MiB whatever the sizes; each block is then scanned by one heap per query, in
    /// parallel over queries. Results equal ``search(_:k:)`` for each row.
    /// - Throws: ``IndexError`` naming the first bad query row, or for a negative `k`.
    /// - Complexity: O(queries · count · dimension) (BLAS level 3) plus O(queries · count) selection.
    public func search(queries: Matrix, k: Int) throws -> [[Neighbor]] {
        try Self.validate(k: k)
        let units = try normalizedRows(queries)
        let database = snapshot()
        guard k > 0, database.rows > 0 else { return Array(repeating: [], count: units.rows) }
        let kept = min(k, database.rows)
        let chunks = ScoreKernel.chunkCount(units.rows)
        let shards = (0 ..< chunks).map { chunk in
            Shard(Array(repeating: TopK(k: kept), count: ScoreKernel.chunkRange(chunk, of: units.rows, chunks: chunks).count))
        }
        units.forEachProductTile(with: database, tileRows: Self.queryBlockRows, tileColumns: Self.databaseBlockRows) { tile in
            ScoreKernel.forEachChunk(of: units.rows, chunks: chunks) { chunk, owned in
                let lower = max(owned.lowerBound, tile.rows.lowerBound), upper = min(owned.upperBound, tile.rows.upperBound)
                guard lower < upper else { return }
                shards[chunk].value.withLock { heaps in
                    for query in lower ..< upper {
                        heaps[query - owned.lowerBound].offer(row: query, of: tile)
                    }
                }
            }
        }
        return shards.flatMap { shard in shard.value.withLock { heaps in heaps.map { $0.neighbors() } } }
    }

    /// The single most similar stored vector, or nil when the index is empty.
    ///
    /// - Throws: ``IndexError`` (`.invalidVector`) for a bad query.
    /// - Complexity: O(count · dimension).
    public func nearest(to query: [Float]) throws -> Neighbor? {
        try search(query, k: 1).first
    }

    /// Stores `vector` unless a stored vector already has cosine similarity >= `threshold`.
    ///
    /// The generator's fast path: one sgemv and one arg-max pass, with the check and the insert
    /// done under the same lock, so of two near-identical candidates racing, only one can be
    /// stored.
    /// - Parameters:
    ///   - vector: the candidate (normalised before comparison and storage).
    ///   - threshold: the similarity at which a candidate counts as a duplicate.
    /// - Returns: `.inserted(id:nearest:)` or `.rejected(nearest:)`; `nearest` is the most
    ///   similar stored vector (smallest id on ties).
    /// - Throws: ``IndexError`` (`.invalidVector`) for a bad vector, or `.invalidArgument` for a
    ///   NaN threshold.
    /// - Complexity: O(count · dimension) plus amortised O(dimension) for the insert.
    public func insertIfNovel(_ vector: [Float], threshold: Float) throws -> NoveltyDecision {
        guard !threshold.isNaN else { throw IndexError.invalidArgument("threshold is NaN") }
        let unit = try normalized(vector, what: "vector")
        return storage.withLock { matrix in
            var best: Neighbor?
            if matrix.rows > 0 {
                let scores = matrix.dotProducts(with: unit)
                var bestID = 0
                for (id, score) in scores.enumerated() where score > scores[bestID] { bestID = id }
                best = Neighbor(id: bestID, score: scores[bestID])
            }
            if let best, best.score >= threshold { return .rejected(nearest: best) }
            matrix.append(row: unit)
            return .inserted(id: matrix.rows - 1, nearest: best)
        }
    }

    static func validate(k: Int) throws(IndexError) {
        guard k >= 0 else { throw .invalidArgument("k must be at least 0, got \(k)") }
    }
}

import LinearAlgebra

/// All pairs of rows whose dot product reaches a threshold, through blocked sgemm.
enum SimilarityJoin {
    /// Pairs `(i, j)`, `i < j`, with `rows[i] · rows[j] >= threshold`, unordered.
    ///
    /// Scratch memory is one `blockRows × blockColumns` score tile (8 MiB at the defaults);
    /// only tiles on or below the diagonal are computed.
    /// - Complexity: O(n² · d / 2).
    static func pairs(of vectors: Matrix, atLeast threshold: Float, blockRows: Int = 512, blockColumns: Int = 4096) -> [ScoredPair] {
        let n = vectors.rows, d = vectors.columns
        guard n > 1, d > 0 else { return [] }
        var result: [ScoredPair] = []
        var tile = [Float](repeating: 0, count: blockRows * blockColumns)
        vectors.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for rowStart in stride(from: 0, to: n, by: blockRows) {
                let rowEnd = min(rowStart + blockRows, n)
                // Columns j < rowEnd suffice: only j < i is kept.
                for columnStart in stride(from: 0, to: rowEnd - 1, by: blockColumns) {
                    let columnEnd = min(columnStart + blockColumns, rowEnd - 1)
                    let m = rowEnd - rowStart, width = columnEnd - columnStart
                    tile.withUnsafeMutableBufferPointer { scores in
                        guard let c = scores.baseAddress else { return }
                        BLAS.sgemm(.none, .transposed, m: m, n: width, k: d,
                                   a: base + rowStart * d, lda: d, b: base + columnStart * d, ldb: d,
                                   c: c, ldc: width)
                        for local in 0 ..< m {
                            let i = rowStart + local
                            let upper = min(columnEnd, i)
                            guard upper > columnStart else { continue }
                            for j in columnStart ..< upper where c[local * width + j - columnStart] >= threshold {
                                result.append(ScoredPair(j, i, score: c[local * width + j - columnStart]))
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

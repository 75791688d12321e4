import Dispatch
import Foundation
import LinearAlgebra

/// Spherical k-means on unit rows: centroids are unit vectors, similarity is the dot product.
///
/// Used only to cut the space into partitions for ``PartitionedDedup``, so it is deliberately
/// small: seeded random initial centres (distinct rows of the sample), a fixed number of Lloyd
/// iterations, assignments through blocked `sgemm`. (Analysis's `KMeans` is exact Euclidean
/// k-means with k-means++ seeding, whose k sequential passes and k × n weight matrix cost too
/// much at k ≈ 1,000.)
enum SphericalKMeans {
    /// `k` unit centroids fitted to the rows `sample` of `points` (all rows unit length).
    ///
    /// An empty cluster keeps its previous centre.
    /// - Complexity: O(iterations · |sample| · k · d) through sgemm; memory O(k · d + block · k).
    static func fit(_ points: Matrix, sample: [Int], k: Int, iterations: Int, seed: UInt64) -> Matrix {
        precondition(k >= 1 && k <= sample.count, "k = \(k) for a sample of \(sample.count)")
        let data = points.selecting(rows: sample)
        var generator = SeededGenerator(seed: seed)
        var order = Array(0 ..< data.rows)
        order.shuffle(using: &generator)
        var centroids = data.selecting(rows: Array(order.prefix(k)))
        let d = data.columns
        for _ in 0 ..< iterations {
            var labels = [Int32](repeating: 0, count: data.rows)
            forEachBlock(of: data, centroids: centroids) { rows, scores in
                for (local, row) in rows.enumerated() {
                    var best = 0, bestScore = -Float.infinity
                    for c in 0 ..< k where scores[local * k + c] > bestScore { best = c; bestScore = scores[local * k + c] }
                    labels[row] = Int32(best)
                }
            }
            var sums = [Float](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            data.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { s in
                    for row in 0 ..< data.rows {
                        let c = Int(labels[row])
                        counts[c] += 1
                        BLAS.axpy(x.baseAddress! + row * d, into: s.baseAddress! + c * d, count: d)
                    }
                }
            }
            var next = Matrix(rows: k, columns: d, storage: sums)
            next.withUnsafeMutableBufferPointer { s in
                for c in 0 ..< k {
                    let norm = BLAS.norm(s.baseAddress! + c * d, count: d)
                    if counts[c] == 0 || norm == 0 {
                        for j in 0 ..< d { s[c * d + j] = centroids[c, j] }
                    } else {
                        BLAS.scale(s.baseAddress! + c * d, count: d, by: 1 / norm)
                    }
                }
            }
            centroids = next
        }
        return centroids
    }

    /// Rows per score block in the assignment passes.
    static let blockRows = 4096

    /// Calls `body(rows, scores)` for consecutive blocks of rows with their dot products against
    /// every centroid (`scores[local * k + c]`, row-major, `k = centroids.rows`); `rows` are
    /// positions in `subset` (the listed rows of `points`, gathered one block at a time) or in
    /// `points` itself when `subset` is nil.
    /// - Complexity: O(rows · k · d) through sgemm; scratch O(blockRows · (k + d)).
    static func forEachBlock(of points: Matrix, subset: [Int32]? = nil, centroids: Matrix,
                             _ body: (Range<Int>, UnsafeBufferPointer<Float>) -> Void) {
        let k = centroids.rows, d = points.columns
        let count = subset?.count ?? points.rows
        var scores = [Float](repeating: 0, count: min(blockRows, max(count, 1)) * k)
        for start in stride(from: 0, to: count, by: blockRows) {
            let rows = start ..< min(start + blockRows, count)
            let block: Matrix? = subset.map { list in points.selecting(rows: list[rows].map(Int.init)) }
            let offset = block == nil ? start * d : 0
            (block ?? points).withUnsafeBufferPointer { x in
                centroids.withUnsafeBufferPointer { c in
                    scores.withUnsafeMutableBufferPointer { s in
                        BLAS.sgemm(.none, .transposed, m: rows.count, n: k, k: d,
                                   a: x.baseAddress! + offset, lda: d, b: c.baseAddress!, ldb: d,
                                   c: s.baseAddress!, ldc: k)
                    }
                }
            }
            scores.withUnsafeBufferPointer { s in body(rows, UnsafeBufferPointer(rebasing: s[0 ..< rows.count * k])) }
        }
    }
}

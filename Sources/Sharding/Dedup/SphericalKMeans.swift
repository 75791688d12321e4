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
            forEachBlock(of: data, centroids: centroids) { tile in
                for row in tile.rows {
                    var best = 0, bestScore = -Float.infinity
                    for c in 0 ..< k where tile[row, c] > bestScore { best = c; bestScore = tile[row, c] }
                    labels[row] = Int32(best)
                }
            }
            var next = Matrix(rows: k, columns: d)
            var counts = [Int](repeating: 0, count: k)
            for row in 0 ..< data.rows {
                let c = Int(labels[row])
                counts[c] += 1
                next.add(row: row, of: data, toRow: c)
            }
            for c in 0 ..< k {
                let norm = next.norm(row: c)
                if counts[c] == 0 || norm == 0 {
                    next.replace(row: c, with: centroids.row(c))
                } else {
                    next.scale(row: c, by: 1 / norm)
                }
            }
            centroids = next
        }
        return centroids
    }

    /// Rows per score block in the assignment passes.
    static let blockRows = 4096

    /// Calls `body` for consecutive blocks of rows with their dot products against every
    /// centroid: `tile[row, c]` for `row` in `tile.rows` and centroid `c`; `tile.rows` are positions
    /// in `subset` (the listed rows of `points`, gathered one block at a time) or in `points` itself
    /// when `subset` is nil.
    /// - Complexity: O(rows · k · d) through sgemm; scratch O(blockRows · (k + d)).
    static func forEachBlock(of points: Matrix, subset: [Int32]? = nil, centroids: Matrix,
                             _ body: (ProductTile) -> Void) {
        points.forEachProductTile(with: centroids, tileRows: blockRows, tileColumns: max(centroids.rows, 1),
                                  selecting: subset?.map(Int.init), body)
    }
}

import Foundation
import LinearAlgebra

/// Silhouette coefficient (Rousseeuw 1987) with Euclidean distance, as scikit-learn computes it.
public enum Silhouette {
    /// Mean silhouette of `labels` over the rows of `points`; rows in singleton clusters score 0.
    /// - Returns: `nil` with fewer than 2 clusters or as many clusters as rows.
    /// - Complexity: O(n²·d) through one `sgemm` (use a sample for large n), memory O(n²).
    public static func score(_ points: Matrix, labels: [Int]) -> Double? {
        let n = points.rows
        precondition(labels.count == n, "\(labels.count) labels for \(n) rows")
        let clusterIDs = Array(Set(labels)).sorted()
        guard clusterIDs.count >= 2, clusterIDs.count < n else { return nil }
        let position = Dictionary(uniqueKeysWithValues: clusterIDs.enumerated().map { ($1, $0) })
        let dense = labels.map { position[$0]! }
        let k = clusterIDs.count
        var sizes = [Int](repeating: 0, count: k)
        for label in dense { sizes[label] += 1 }
        let gram = BLAS.multiply(points, .none, points, .transposed)
        let norms = KMeans.squaredNorms(points)
        var total = 0.0
        let g = gram.storage
        var sums = [Double](repeating: 0, count: k)
        for i in 0 ..< n {
            for c in 0 ..< k { sums[c] = 0 }
            for j in 0 ..< n where j != i {
                let squared = Double(norms[i]) + Double(norms[j]) - 2 * Double(g[i * n + j])
                sums[dense[j]] += max(squared, 0).squareRoot()
            }
            let own = dense[i]
            guard sizes[own] > 1 else { continue }
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for c in 0 ..< k where c != own && sizes[c] > 0 { b = min(b, sums[c] / Double(sizes[c])) }
            let denominator = max(a, b)
            if denominator > 0 { total += (b - a) / denominator }
        }
        return total / Double(n)
    }
}

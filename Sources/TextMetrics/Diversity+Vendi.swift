import Foundation
import LinearAlgebra

/// Vendi scores of orders 1, 2 and ∞ (Friedman & Dieng 2023) with the cosine kernel.
public struct VendiScores: Sendable, Equatable, Codable {
    /// `exp` of the Shannon entropy of the kernel's normalised eigenvalues (order 1).
    public var order1: Double
    /// Inverse participation ratio `1 / Σλ²` (order 2).
    public var order2: Double
    /// `1 / max λ` (order ∞).
    public var orderInfinity: Double
}

/// Embedding-space diversity measures.
public enum Diversity {
    /// Vendi scores of unit-length rows with the cosine kernel `K = XXᵀ/n`, exactly.
    ///
    /// The non-zero eigenvalues of `XXᵀ/n` equal those of `XᵀX/n`, so the smaller of the `d×d`
    /// second moment and the `n×n` kernel is decomposed (LAPACK `dsyevd`).
    /// - Parameter embeddings: L2-normalised rows.
    /// - Returns: all three orders; `1` for an empty matrix.
    /// - Complexity: O(n·d·min(n, d) + min(n, d)³).
    public static func vendi(_ embeddings: Matrix) throws -> VendiScores {
        let n = embeddings.rows
        if n == 0 { return VendiScores(order1: 1, order2: 1, orderInfinity: 1) }
        guard n < embeddings.columns else { return try vendi(SecondMoment(embeddings)) }
        // Fewer rows than dimensions: the n×n kernel is the smaller matrix.
        let gram = BLAS.multiply(embeddings, .none, embeddings, .transposed)
        let kernel = gram.storage.map { Double($0) / Double(n) }
        return vendi(eigenvalues: try Eigen.symmetricEigenvalues(of: kernel, order: n))
    }

    /// Vendi scores from a precomputed second moment (see ``vendi(_:)``).
    public static func vendi(_ moment: SecondMoment) throws -> VendiScores {
        let eigenvalues = try Eigen.symmetricEigenvalues(of: moment.moment, order: moment.dimension)
        return vendi(eigenvalues: eigenvalues)
    }

    /// Vendi scores from kernel eigenvalues (negatives from rounding are dropped, the rest normalised).
    public static func vendi(eigenvalues: [Double]) -> VendiScores {
        let positive = eigenvalues.filter { $0 > 0 }
        let total = positive.reduce(0, +)
        guard total > 0 else { return VendiScores(order1: 1, order2: 1, orderInfinity: 1) }
        let p = positive.map { $0 / total }
        let entropy = -p.reduce(0) { $0 + ($1 > 1e-300 ? $1 * log($1) : 0) }
        let squares = p.reduce(0) { $0 + $1 * $1 }
        return VendiScores(order1: exp(entropy), order2: 1 / squares, orderInfinity: 1 / (p.max() ?? 1))
    }

    /// Mean cosine similarity over all ordered pairs `i ≠ j` of unit rows, in closed form.
    ///
    /// `Σ_{i≠j} xᵢ·xⱼ = ‖Σxᵢ‖² − Σ‖xᵢ‖²`, so no pair is visited.
    /// - Returns: `nil` for fewer than two rows.
    /// - Complexity: O(n·d).
    public static func meanPairwiseCosineSimilarity(_ embeddings: Matrix) -> Double? {
        let n = embeddings.rows, d = embeddings.columns
        guard n >= 2 else { return nil }
        var sum = [Double](repeating: 0, count: d)
        var squaredNorms = 0.0
        let x = embeddings.storage
        for row in 0 ..< n {
            for column in 0 ..< d {
                let value = Double(x[row * d + column])
                sum[column] += value
                squaredNorms += value * value
            }
        }
        let sumSquared = sum.reduce(0) { $0 + $1 * $1 }
        return (sumSquared - squaredNorms) / (Double(n) * Double(n - 1))
    }

    /// Mean cosine distance `1 − cos` over all pairs of unit rows (see ``meanPairwiseCosineSimilarity(_:)``).
    public static func meanPairwiseCosineDistance(_ embeddings: Matrix) -> Double? {
        meanPairwiseCosineSimilarity(embeddings).map { 1 - $0 }
    }
}

import LinearAlgebra
import TextMetrics

/// A principal-component projection of embeddings (for the 2-D map).
public struct PrincipalComponents: Sendable {
    /// Mean row that is subtracted before projecting.
    public let mean: [Float]
    /// Component vectors, `components.rows` × d, largest variance first; each sign-fixed so its
    /// largest-magnitude entry is positive.
    public let components: Matrix
    /// Share of the total variance each component explains.
    public let explainedVarianceRatio: [Double]

    /// The top `count` components of the covariance of `moment` (LAPACK `dsyevd`).
    /// - Complexity: O(d³).
    public init(moment: SecondMoment, count: Int = 2) throws {
        let d = moment.dimension
        let (values, vectors) = try Eigen.symmetricEigenDecomposition(of: moment.covariance, order: d)
        let total = values.reduce(0) { $0 + max($1, 0) }
        let kept = min(count, d)
        var rows = [Float]()
        var ratios = [Double]()
        for rank in 0 ..< kept {
            let j = d - 1 - rank
            var vector = Array(vectors[j * d ..< (j + 1) * d])
            let largest = vector.max { abs($0) < abs($1) } ?? 0
            if largest < 0 { vector = vector.map { -$0 } }
            rows.append(contentsOf: vector.map(Float.init))
            ratios.append(total > 0 ? max(values[j], 0) / total : 0)
        }
        mean = moment.mean.map(Float.init)
        components = Matrix(rows: kept, columns: d, storage: rows)
        explainedVarianceRatio = ratios
    }

    /// Coordinates of the given rows on the components: `(X − μ) Cᵀ`, rows × components.
    /// - Complexity: O(rows · d · components).
    public func project(_ matrix: Matrix) -> Matrix {
        var centred = matrix
        centred.addToEachRow(mean.map { -$0 })
        return BLAS.multiply(centred, .none, components, .transposed)
    }
}

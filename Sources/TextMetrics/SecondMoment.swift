import LinearAlgebra

/// The uncentred second moment `XᵀX / n` and the mean row of an embedding matrix, in `Double`.
///
/// Shared by the Vendi score (whose kernel `XXᵀ/n` has the same non-zero spectrum as `XᵀX/n`)
/// and PCA (covariance = moment − mean·meanᵀ).
public struct SecondMoment: Sendable {
    /// Number of rows summarised.
    public let count: Int
    /// Dimension `d`.
    public let dimension: Int
    /// `XᵀX / n`, row-major `d×d`.
    public let moment: [Double]
    /// Mean row, length `d`.
    public let mean: [Double]

    /// Summarises `matrix` (rows = observations).
    ///
    /// Products are taken with `sgemm` on blocks of rows and accumulated in `Double`, so rounding
    /// does not grow with `n`.
    /// - Complexity: O(n·d²) time, O(d² + block·d) memory.
    public init(_ matrix: Matrix, blockRows: Int = 4096) {
        let n = matrix.rows, d = matrix.columns
        count = n
        dimension = d
        var moment = [Double](repeating: 0, count: d * d)
        var mean = [Double](repeating: 0, count: d)
        var block = Matrix(rows: d, columns: d)
        let x = matrix.storage
        var start = 0
        while start < n, d > 0 {
            let rows = matrix.block(rows: start ..< min(start + blockRows, n))
            BLAS.multiply(rows, .transposed, rows, .none, into: &block)
            for (index, value) in block.storage.enumerated() { moment[index] += Double(value) }
            for row in rows.rows {
                for column in 0 ..< d { mean[column] += Double(x[row * d + column]) }
            }
            start = rows.rows.upperBound
        }
        if n > 0 {
            let inverse = 1 / Double(n)
            for index in moment.indices { moment[index] *= inverse }
            for index in mean.indices { mean[index] *= inverse }
        }
        self.moment = moment
        self.mean = mean
    }

    /// The covariance `XᵀX/n − μμᵀ` (population normalisation), row-major `d×d`.
    public var covariance: [Double] {
        var result = moment
        for row in 0 ..< dimension {
            for column in 0 ..< dimension { result[row * dimension + column] -= mean[row] * mean[column] }
        }
        return result
    }
}

import LinearAlgebra
import TestSupport

/// Double-precision loops that the BLAS-backed operations are checked against.
enum Naive {
    /// Dot product of two equal-length vectors, in Double.
    static func dot(_ x: [Float], _ y: [Float]) -> Double {
        zip(x, y).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// `alpha · op(A) · op(B)` for whole matrices, row-major, in Double.
    static func product(_ a: Matrix, transposed transposeA: Bool, _ b: Matrix, transposed transposeB: Bool,
                        alpha: Double = 1) -> (rows: Int, columns: Int, values: [Double]) {
        let m = transposeA ? a.columns : a.rows, k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        var values = [Double](repeating: 0, count: m * n)
        for i in 0 ..< m {
            for j in 0 ..< n {
                var sum = 0.0
                for l in 0 ..< k { sum += Double(transposeA ? a[l, i] : a[i, l]) * Double(transposeB ? b[j, l] : b[l, j]) }
                values[i * n + j] = alpha * sum
            }
        }
        return (m, n, values)
    }

    /// The rows `rows` and columns `columns` of `matrix` as a matrix of their own.
    static func submatrix(_ matrix: Matrix, rows: Range<Int>, columns: Range<Int>) -> Matrix {
        Matrix(rows: rows.count, columns: columns.count,
               storage: rows.flatMap { row in columns.map { matrix[row, $0] } })
    }
}

extension SplitMix64 {
    /// A `rows`×`columns` matrix of Gaussian samples (not normalised).
    mutating func gaussianMatrix(_ rows: Int, columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, storage: (0 ..< rows * columns).map { _ in nextGaussian() })
    }
}

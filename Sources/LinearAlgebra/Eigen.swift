import CBLAS

/// Symmetric eigenvalue problems through LAPACK (`dsyevd`, from OpenBLAS).
public enum Eigen {
    /// A LAPACK failure.
    public struct Failure: Error, CustomStringConvertible {
        /// LAPACK's `info` code.
        public let info: Int
        public var description: String { "LAPACK dsyevd failed with info = \(info)" }
    }

    /// Eigenvalues of a symmetric `n`×`n` matrix, ascending.
    ///
    /// - Parameter matrix: row-major (or column-major: the matrix is symmetric) `n*n` elements;
    ///   only one triangle is read.
    /// - Complexity: O(n³).
    public static func symmetricEigenvalues(of matrix: [Double], order n: Int) throws(Failure) -> [Double] {
        precondition(matrix.count == n * n, "matrix has \(matrix.count) elements, order \(n) needs \(n * n)")
        if n == 0 { return [] }
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        var jobz = Int8(UInt8(ascii: "N")), uplo = Int8(UInt8(ascii: "U"))
        var order = Int32(n), lda = Int32(n), info: Int32 = 0
        // Workspace query, then the real call.
        var workSize = 0.0, iworkSize: Int32 = 0, query: Int32 = -1
        dsyevd_(&jobz, &uplo, &order, &a, &lda, &w, &workSize, &query, &iworkSize, &query, &info)
        guard info == 0 else { throw Failure(info: Int(info)) }
        var lwork = Int32(workSize), liwork = max(iworkSize, 1)
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevd_(&jobz, &uplo, &order, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else { throw Failure(info: Int(info)) }
        return w
    }
}

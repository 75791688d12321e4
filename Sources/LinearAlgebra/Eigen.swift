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
        var a = matrix
        return try dsyevd(&a, order: n, vectors: false)
    }

    /// Runs LAPACK `dsyevd` on the upper triangle of `a` (a workspace query, then the real call).
    ///
    /// - Parameters:
    ///   - a: `n*n` elements; overwritten (with the eigenvectors, column-major, when `vectors`).
    ///   - n: the order.
    ///   - vectors: whether to compute eigenvectors too.
    /// - Returns: the eigenvalues, ascending.
    /// - Complexity: O(n³).
    static func dsyevd(_ a: inout [Double], order n: Int, vectors: Bool) throws(Failure) -> [Double] {
        precondition(a.count == n * n, "matrix has \(a.count) elements, order \(n) needs \(n * n)")
        if n == 0 { return [] }
        var w = [Double](repeating: 0, count: n)
        var jobz = Int8(UInt8(ascii: vectors ? "V" : "N")), uplo = Int8(UInt8(ascii: "U"))
        var order = Int32(n), lda = Int32(n), info: Int32 = 0
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

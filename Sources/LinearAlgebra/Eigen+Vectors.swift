import CBLAS

extension Eigen {
    /// Eigenvalues and eigenvectors of a symmetric matrix, through LAPACK `dsyevd`.
    ///
    /// - Parameters:
    ///   - matrix: `n*n` elements of a symmetric matrix (row- or column-major alike); one triangle is read.
    ///   - n: the order.
    /// - Returns: `values` ascending, and `vectors` with eigenvector `j` (for `values[j]`) at
    ///   `vectors[j*n ..< (j+1)*n]`, unit length.
    /// - Complexity: O(n³).
    public static func symmetricEigenDecomposition(of matrix: [Double], order n: Int) throws(Failure) -> (values: [Double], vectors: [Double]) {
        precondition(matrix.count == n * n, "matrix has \(matrix.count) elements, order \(n) needs \(n * n)")
        if n == 0 { return ([], []) }
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "U"))
        var order = Int32(n), lda = Int32(n), info: Int32 = 0
        var workSize = 0.0, iworkSize: Int32 = 0, query: Int32 = -1
        dsyevd_(&jobz, &uplo, &order, &a, &lda, &w, &workSize, &query, &iworkSize, &query, &info)
        guard info == 0 else { throw Failure(info: Int(info)) }
        var lwork = Int32(workSize), liwork = max(iworkSize, 1)
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevd_(&jobz, &uplo, &order, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else { throw Failure(info: Int(info)) }
        // LAPACK stores eigenvectors column-major: column j is contiguous, as documented.
        return (w, a)
    }
}

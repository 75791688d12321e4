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
        var a = matrix
        let values = try dsyevd(&a, order: n, vectors: true)
        // LAPACK stores eigenvectors column-major: column j is contiguous, as documented.
        return (values, a)
    }
}

extension Matrix {
    /// A rectangular block of a matrix, as an operand of
    /// ``BLAS/multiply(_:_:_:_:alpha:beta:into:row:column:)``: rows `rows` and columns `columns` of
    /// `matrix`, consecutive rows `matrix.columns` elements apart (a strided view, as BLAS takes it).
    ///
    /// A block shares the matrix's storage (copy-on-write), so making one copies nothing; keep it
    /// only for the call it is made for, or the next write to the matrix copies the storage.
    public struct Block: Sendable {
        /// The matrix viewed.
        public let matrix: Matrix
        /// The rows of `matrix` in the block.
        public let rows: Range<Int>
        /// The columns of `matrix` in the block.
        public let columns: Range<Int>

        /// Offset of the block's first element in the matrix's storage.
        var offset: Int { rows.lowerBound * matrix.columns + columns.lowerBound }
    }

    /// The block of rows `rows` and columns `columns` (each the whole range when nil).
    ///
    /// - Precondition: the ranges lie within the matrix.
    /// - Complexity: O(1).
    public func block(rows: Range<Int>? = nil, columns: Range<Int>? = nil) -> Block {
        let rowRange = rows ?? 0 ..< self.rows, columnRange = columns ?? 0 ..< self.columns
        precondition(rowRange.lowerBound >= 0 && rowRange.upperBound <= self.rows, "rows \(rowRange) outside 0..<\(self.rows)")
        precondition(columnRange.lowerBound >= 0 && columnRange.upperBound <= self.columns,
                     "columns \(columnRange) outside 0..<\(self.columns)")
        return Block(matrix: self, rows: rowRange, columns: columnRange)
    }
}

extension BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` on blocks, with `C` the block of `c` whose top-left
    /// element is at (`row`, `column`) and whose shape is that of the product (one `sgemm`).
    ///
    /// The operands may be strided blocks of wider matrices (a head's columns of a fused
    /// projection, a range of rows), which is what the pointer arithmetic of callers used to do.
    /// - Parameters:
    ///   - a: `A`; `op(A)` is m × k.
    ///   - transposeA: whether `op(A)` is `A` or `Aᵀ`.
    ///   - b: `B`; `op(B)` is k × n.
    ///   - transposeB: whether `op(B)` is `B` or `Bᵀ`.
    ///   - alpha: scale of the product.
    ///   - beta: scale of the block's previous contents (0: they are ignored, even NaN).
    ///   - c: the matrix written; rows `row ..< row + m`, columns `column ..< column + n` must exist.
    /// - Precondition: the inner dimensions agree and the block of `c` fits.
    /// - Complexity: O(m · n · k), multithreaded by OpenBLAS.
    public static func multiply(_ a: Matrix.Block, _ transposeA: Transpose = .none,
                                _ b: Matrix.Block, _ transposeB: Transpose = .none,
                                alpha: Float = 1, beta: Float = 0,
                                into c: inout Matrix, row: Int = 0, column: Int = 0) {
        let (m, k) = transposeA == .none ? (a.rows.count, a.columns.count) : (a.columns.count, a.rows.count)
        let (kb, n) = transposeB == .none ? (b.rows.count, b.columns.count) : (b.columns.count, b.rows.count)
        precondition(k == kb, "inner dimensions \(k) and \(kb) differ")
        precondition(row >= 0 && column >= 0 && row + m <= c.rows && column + n <= c.columns,
                     "a \(m)×\(n) product does not fit at (\(row), \(column)) of a \(c.rows)×\(c.columns) matrix")
        guard m > 0, n > 0 else { return }
        let ldc = c.columns
        guard k > 0 else {
            // An empty inner dimension: the product is zero, so C = beta · C.
            c.withMutableStorage { storage in
                for r in row ..< row + m {
                    for j in r * ldc + column ..< r * ldc + column + n { storage[j] = beta == 0 ? 0 : beta * storage[j] }
                }
            }
            return
        }
        a.matrix.withUnsafeBufferPointer { ap in
            b.matrix.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    sgemm(transposeA, transposeB, m: m, n: n, k: k, alpha: alpha,
                          a: ap.baseAddress! + a.offset, lda: a.matrix.columns,
                          b: bp.baseAddress! + b.offset, ldb: b.matrix.columns,
                          beta: beta, c: cp.baseAddress! + row * ldc + column, ldc: ldc)
                }
            }
        }
    }
}

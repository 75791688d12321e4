import Testing
import LinearAlgebra
import TestSupport

@Suite("Products of matrix blocks") struct MatrixBlockTests {
    @Test("strided blocks of wider matrices, every transpose combination, written at an offset",
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func blocksMatchTheNaiveProduct(transposeA: Bool, transposeB: Bool) {
        var random = SplitMix64(seed: 21)
        // op(A) is 3 × 4 and op(B) is 4 × 5, cut out of larger matrices.
        let wideA = random.gaussianMatrix(9, columns: 10), wideB = random.gaussianMatrix(8, columns: 12)
        let aRows = transposeA ? 2 ..< 6 : 1 ..< 4, aColumns = transposeA ? 5 ..< 8 : 3 ..< 7
        let bRows = transposeB ? 3 ..< 8 : 2 ..< 6, bColumns = transposeB ? 6 ..< 10 : 1 ..< 6
        let original = random.gaussianMatrix(6, columns: 8)
        var c = original
        BLAS.multiply(wideA.block(rows: aRows, columns: aColumns), transposeA ? .transposed : .none,
                      wideB.block(rows: bRows, columns: bColumns), transposeB ? .transposed : .none,
                      alpha: 0.5, beta: 2, into: &c, row: 2, column: 3)
        let product = Naive.product(Naive.submatrix(wideA, rows: aRows, columns: aColumns), transposed: transposeA,
                                    Naive.submatrix(wideB, rows: bRows, columns: bColumns), transposed: transposeB, alpha: 0.5)
        #expect(product.rows == 3 && product.columns == 5)
        for row in 0 ..< 6 {
            for column in 0 ..< 8 {
                let inside = (2 ..< 5).contains(row) && (3 ..< 8).contains(column)
                let expected = inside
                    ? 2 * Double(original[row, column]) + product.values[(row - 2) * 5 + column - 3]
                    : Double(original[row, column])
                #expect(isClose(Double(c[row, column]), expected, absolute: 1e-4), "(\(row), \(column))")
            }
        }
    }

    @Test func wholeMatricesAsBlocksEqualTheMatrixProduct() {
        var random = SplitMix64(seed: 22)
        let a = random.gaussianMatrix(7, columns: 5), b = random.gaussianMatrix(4, columns: 5)
        var c = Matrix(rows: 7, columns: 4, repeating: .nan)
        BLAS.multiply(a.block(), .none, b.block(), .transposed, into: &c)  // beta 0 ignores the NaNs
        let expected = BLAS.multiply(a, .none, b, .transposed)
        #expect(allClose(c.storage, expected.storage, absolute: 1e-5))
    }

    @Test func anEmptyInnerDimensionGivesBetaTimesC() {
        let a = Matrix(rows: 2, columns: 0), b = Matrix(rows: 3, columns: 0)
        var c = Matrix(rows: 2, columns: 3, repeating: 4)
        BLAS.multiply(a.block(), .none, b.block(), .transposed, beta: 0.5, into: &c)
        #expect(allClose(c.storage, [Float](repeating: 2, count: 6)))
        BLAS.multiply(a.block(), .none, b.block(), .transposed, into: &c)
        #expect(allClose(c.storage, [Float](repeating: 0, count: 6)))
    }

    @Test func anEmptyProductLeavesCAlone() {
        var random = SplitMix64(seed: 23)
        let a = random.gaussianMatrix(3, columns: 4)
        var c = Matrix(rows: 2, columns: 2, repeating: 7)
        BLAS.multiply(a.block(rows: 0 ..< 0), .none, a.block(rows: 0 ..< 2), .transposed, into: &c)
        BLAS.multiply(a.block(rows: 0 ..< 2), .none, a.block(rows: 1 ..< 1), .transposed, into: &c, column: 2)
        #expect(allClose(c.storage, [7, 7, 7, 7]))
    }

    @Test func blockDefaultsToTheWholeMatrix() {
        let matrix = Matrix(rows: 3, columns: 4)
        let block = matrix.block()
        #expect(block.rows == 0 ..< 3 && block.columns == 0 ..< 4)
        let rows = matrix.block(rows: 1 ..< 2)
        #expect(rows.rows == 1 ..< 2 && rows.columns == 0 ..< 4)
    }
}

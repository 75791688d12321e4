import Testing
import LinearAlgebra
import TestSupport

@Suite("Matrix row operations") struct MatrixRowsTests {
    @Test func repeatingRowBroadcastsOneVector() {
        let matrix = Matrix(rows: 3, repeatingRow: [1.5, -2])
        #expect(matrix.rows == 3 && matrix.columns == 2)
        for row in 0 ..< 3 { #expect(allClose(matrix.row(row), [1.5, -2])) }
        let empty = Matrix(rows: 0, repeatingRow: [1, 2, 3])
        #expect(empty.rows == 0 && empty.columns == 3 && empty.storage.isEmpty)
    }

    @Test func rowDotProductsMatchTheNaiveSum() {
        var random = SplitMix64(seed: 11)
        let a = random.gaussianMatrix(4, columns: 37), b = random.gaussianMatrix(3, columns: 37)
        let vector = (0 ..< 37).map { _ in random.nextGaussian() }
        for i in 0 ..< a.rows {
            for j in 0 ..< b.rows {
                #expect(isClose(Double(a.dotProduct(row: i, with: b, row: j)), Naive.dot(a.row(i), b.row(j)), absolute: 1e-4))
            }
            // A row with another row of the same matrix, and with a vector.
            #expect(isClose(Double(a.dotProduct(row: i, with: a, row: 0)), Naive.dot(a.row(i), a.row(0)), absolute: 1e-4))
            #expect(isClose(Double(a.dotProduct(row: i, with: vector)), Naive.dot(a.row(i), vector), absolute: 1e-4))
        }
        let noColumns = Matrix(rows: 2, columns: 0)
        #expect(isClose(noColumns.dotProduct(row: 1, with: noColumns, row: 0), 0))
        #expect(isClose(noColumns.dotProduct(row: 0, with: []), 0))
    }

    @Test func dotProductsWithAVectorIsOneValuePerRow() {
        var random = SplitMix64(seed: 12)
        let a = random.gaussianMatrix(70, columns: 9)
        let vector = (0 ..< 9).map { _ in random.nextGaussian() }
        let products = a.dotProducts(with: vector)
        #expect(products.count == 70)
        #expect(allClose(products.map(Double.init), (0 ..< 70).map { Naive.dot(a.row($0), vector) }, absolute: 1e-4))
        // Edge cases: no rows, and rows without columns.
        #expect(Matrix(rows: 0, columns: 9).dotProducts(with: vector).isEmpty)
        #expect(allClose(Matrix(rows: 3, columns: 0).dotProducts(with: []), [0, 0, 0]))
    }

    @Test func normsOfRows() {
        var random = SplitMix64(seed: 13)
        let a = random.gaussianMatrix(5, columns: 33)
        let squares = a.squaredRowNorms()
        #expect(squares.count == 5)
        for row in 0 ..< 5 {
            let expected = Naive.dot(a.row(row), a.row(row))
            #expect(isClose(Double(squares[row]), expected, absolute: 1e-4, relative: 1e-5))
            #expect(isClose(Double(a.norm(row: row)), expected.squareRoot(), absolute: 1e-5, relative: 1e-5))
        }
        #expect(Matrix(rows: 0, columns: 4).squaredRowNorms().isEmpty)
        #expect(allClose(Matrix(rows: 2, columns: 0).squaredRowNorms(), [0, 0]))
        #expect(isClose(Matrix(rows: 1, columns: 0).norm(row: 0), 0))
        #expect(isClose(BLAS.norm([3, 4]), 5, absolute: 1e-6))
        #expect(isClose(BLAS.norm([]), 0) && isClose(BLAS.dot([], []), 0))
    }

    @Test func scaleAndAddTouchOnlyTheTargetRow() {
        var random = SplitMix64(seed: 14)
        let source = random.gaussianMatrix(3, columns: 21)
        let original = random.gaussianMatrix(4, columns: 21)
        var matrix = original
        matrix.scale(row: 2, by: -0.5)
        matrix.add(row: 1, of: source, toRow: 0, scaledBy: 2)
        matrix.add(row: 2, of: source, toRow: 0)
        #expect(allClose(matrix.row(2), original.row(2).map { $0 * -0.5 }, absolute: 1e-6))
        let expected = (0 ..< 21).map { original[0, $0] + 2 * source[1, $0] + source[2, $0] }
        #expect(allClose(matrix.row(0), expected, absolute: 1e-5))
        for row in [1, 3] { #expect(allClose(matrix.row(row), original.row(row))) }
    }

    @Test func wholeMatrixAddAndBroadcastAdd() {
        var random = SplitMix64(seed: 15)
        let a = random.gaussianMatrix(6, columns: 5), b = random.gaussianMatrix(6, columns: 5)
        var sum = a
        sum.add(b, scaledBy: -3)
        #expect(allClose(sum.storage, zip(a.storage, b.storage).map { $0 - 3 * $1 }, absolute: 1e-5))
        var shifted = a
        let vector: [Float] = [1, -1, 0.5, 2, -0.25]
        shifted.addToEachRow(vector)
        for row in 0 ..< 6 { #expect(allClose(shifted.row(row), zip(a.row(row), vector).map { $0 + $1 }, absolute: 1e-6)) }
        // Empty shapes are no-ops.
        var empty = Matrix(rows: 0, columns: 5)
        empty.addToEachRow(vector)
        empty.add(Matrix(rows: 0, columns: 5))
        #expect(empty.storage.isEmpty)
    }

    @Test func replaceRowAndUpdateStorageInPlace() {
        var matrix = Matrix(rows: 3, columns: 2, repeating: 1)
        matrix.replace(row: 1, with: [4, 5])
        #expect(allClose(matrix.storage, [1, 1, 4, 5, 1, 1]))
        matrix.withMutableStorage { storage in
            for index in storage.indices { storage[index] *= 2 }
        }
        #expect(allClose(matrix.storage, [2, 2, 8, 10, 2, 2]))
    }
}

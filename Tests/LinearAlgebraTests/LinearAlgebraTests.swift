import Testing
import LinearAlgebra
import TestSupport

@Suite struct BLASTests {
    @Test func multiplyMatchesNaiveLoopForEveryTransposeCombination() {
        var random = SplitMix64(seed: 7)
        let a = random.unitRows(5, columns: 4), b = random.unitRows(4, columns: 6), bt = random.unitRows(6, columns: 4)
        func naive(_ x: Matrix, _ tx: Bool, _ y: Matrix, _ ty: Bool) -> [Double] {
            let m = tx ? x.columns : x.rows, k = tx ? x.rows : x.columns, n = ty ? y.rows : y.columns
            var out = [Double](repeating: 0, count: m * n)
            for i in 0 ..< m { for j in 0 ..< n { for l in 0 ..< k {
                out[i * n + j] += Double(tx ? x[l, i] : x[i, l]) * Double(ty ? y[j, l] : y[l, j])
            } } }
            return out
        }
        let product = BLAS.multiply(a, .none, b, .none)
        #expect(allClose(product.storage.map(Double.init), naive(a, false, b, false), absolute: 1e-5))
        let productT = BLAS.multiply(a, .none, bt, .transposed)
        #expect(allClose(productT.storage.map(Double.init), naive(a, false, bt, true), absolute: 1e-5))
        let gram = BLAS.multiply(a, .transposed, a, .none)
        #expect(gram.rows == 4 && gram.columns == 4)
        #expect(allClose(gram.storage.map(Double.init), naive(a, true, a, false), absolute: 1e-5))
    }

    @Test func normalizedRefusesBadVectors() throws {
        #expect(throws: Vectors.NormalizationError.zero) { try Vectors.normalized([0, 0, 0], dimension: 3) }
        #expect(throws: Vectors.NormalizationError.nonFinite(index: 1)) { try Vectors.normalized([1, .nan, 0], dimension: 3) }
        #expect(throws: Vectors.NormalizationError.wrongDimension(expected: 3, actual: 2)) { try Vectors.normalized([1, 0], dimension: 3) }
        let unit = try Vectors.normalized([3, 4], dimension: 2)
        #expect(allClose(unit, [0.6, 0.8], absolute: 1e-6))
    }
}

@Suite struct EigenTests {
    @Test func eigenvaluesOfAKnownSymmetricMatrix() throws {
        // [[2,1],[1,2]] has eigenvalues 1 and 3.
        let values = try Eigen.symmetricEigenvalues(of: [2, 1, 1, 2], order: 2)
        #expect(allClose(values, [1, 3], absolute: 1e-12))
    }

    @Test func eigenvaluesSumToTheTrace() throws {
        var random = SplitMix64(seed: 3)
        let x = random.unitRows(50, columns: 8)
        let gram = BLAS.multiply(x, .transposed, x, .none)
        let values = try Eigen.symmetricEigenvalues(of: gram.storage.map(Double.init), order: 8)
        let trace = (0 ..< 8).reduce(0.0) { $0 + Double(gram[$1, $1]) }
        #expect(isClose(values.reduce(0, +), trace, absolute: 1e-4))
        #expect(values.allSatisfy { $0 > -1e-6 })
    }
}

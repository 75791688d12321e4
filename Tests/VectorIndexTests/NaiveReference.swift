import LinearAlgebra
import TestSupport
@testable import VectorIndex

/// Double-precision reference computations the index is checked against.
enum Naive {
    /// Cosine of rows `i` and `j` of two row-major matrices, in double precision.
    static func cosine(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
        var dot = 0.0, normA = 0.0, normB = 0.0
        for c in 0 ..< a.columns {
            let x = Double(a[i, c]), y = Double(b[j, c])
            dot += x * y
            normA += x * x
            normB += y * y
        }
        return dot / (normA.squareRoot() * normB.squareRoot())
    }

    /// All (score, id) of `query` row against `database`, best first (id ascending on ties).
    static func ranking(_ queries: Matrix, _ query: Int, _ database: Matrix) -> [(id: Int, score: Double)] {
        (0 ..< database.rows).map { (id: $0, score: cosine(queries, query, database, $0)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }

    /// All pairs i < j with cosine >= threshold, keyed by pair, with their scores.
    static func pairs(_ matrix: Matrix, threshold: Double) -> [Pair: Double] {
        let columns = matrix.columns
        var unit = [Double](repeating: 0, count: matrix.rows * columns)
        for row in 0 ..< matrix.rows {
            let values = matrix.row(row).map(Double.init)
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for column in 0 ..< columns { unit[row * columns + column] = values[column] / norm }
        }
        var result: [Pair: Double] = [:]
        unit.withUnsafeBufferPointer { unit in
            for i in 0 ..< matrix.rows {
                for j in i + 1 ..< matrix.rows {
                    var score = 0.0
                    for column in 0 ..< columns { score += unit[i * columns + column] * unit[j * columns + column] }
                    if score >= threshold { result[Pair(first: i, second: j)] = score }
                }
            }
        }
        return result
    }

    struct Pair: Hashable { let first: Int; let second: Int }
}

/// Test data: random unit rows, and clustered rows so that a self-join has many pairs.
enum TestData {
    /// `clusters` random centres with `rows` members spread around them (noise `spread`).
    static func clustered(_ rows: Int, columns: Int, clusters: Int, spread: Float,
                          using generator: inout SplitMix64) -> Matrix {
        let centres = generator.unitRows(clusters, columns: columns)
        var matrix = Matrix(rows: rows, columns: columns)
        for row in 0 ..< rows {
            let centre = Int(generator.next() % UInt64(clusters))
            for column in 0 ..< columns {
                matrix[row, column] = centres[centre, column] + spread * generator.nextGaussian()
            }
        }
        return matrix
    }

    /// A copy of `vector` with Gaussian noise of size `noise` added to each component.
    static func perturbed(_ vector: [Float], noise: Float, using generator: inout SplitMix64) -> [Float] {
        vector.map { $0 + noise * generator.nextGaussian() }
    }
}

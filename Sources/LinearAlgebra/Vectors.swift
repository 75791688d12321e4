/// Vector helpers shared by the index, the encoder and the analyses.
public enum Vectors {
    /// Why a vector cannot be normalised.
    public enum NormalizationError: Error, Equatable, CustomStringConvertible {
        case wrongDimension(expected: Int, actual: Int)
        case nonFinite(index: Int)
        case zero

        public var description: String {
            switch self {
            case let .wrongDimension(expected, actual): "vector has dimension \(actual), expected \(expected)"
            case let .nonFinite(index): "vector has a NaN or infinite value at position \(index)"
            case .zero: "vector is all zeros and has no direction"
            }
        }
    }

    /// A copy of `vector` scaled to unit L2 norm.
    /// - Throws: ``NormalizationError`` for a wrong length, a non-finite value or a zero vector.
    public static func normalized(_ vector: [Float], dimension: Int) throws(NormalizationError) -> [Float] {
        guard vector.count == dimension else { throw .wrongDimension(expected: dimension, actual: vector.count) }
        var sumOfSquares: Double = 0
        for (index, value) in vector.enumerated() {
            guard value.isFinite else { throw .nonFinite(index: index) }
            sumOfSquares += Double(value) * Double(value)
        }
        guard sumOfSquares > 0 else { throw .zero }
        let inverse = Float(1 / sumOfSquares.squareRoot())
        return vector.map { $0 * inverse }
    }

    /// Scales every row of `matrix` to unit L2 norm unless every row already is within `tolerance`, so a
    /// matrix shared with its caller (stored embeddings, normalised when written) is not copied to be rewritten.
    /// - Complexity: O(rows · columns), reading only when the rows are unit length already.
    public static func normalizeRowsIfNeeded(_ matrix: inout Matrix, tolerance: Float = 1e-5) {
        let norms = matrix.squaredRowNorms()
        guard norms.contains(where: { abs($0 - 1) > tolerance }) else { return }
        normalizeRows(&matrix)
    }

    /// Scales every row of `matrix` to unit L2 norm in place; all-zero rows are left at zero.
    public static func normalizeRows(_ matrix: inout Matrix) {
        let columns = matrix.columns
        matrix.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for row in 0 ..< (columns == 0 ? 0 : buffer.count / columns) {
                let pointer = base + row * columns
                let norm = BLAS.norm(pointer, count: columns)
                if norm > 0 { BLAS.scale(pointer, count: columns, by: 1 / norm) }
            }
        }
    }
}

import Foundation
import LinearAlgebra

/// A small, fast, seedable random generator (SplitMix64) so tests are reproducible: the same
/// sequence as `LinearAlgebra.SeededGenerator` for the same seed, plus Gaussian test data.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var base: SeededGenerator

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { base = SeededGenerator(seed: seed) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { base.next() }

    /// A standard normal sample (Box-Muller).
    public mutating func nextGaussian() -> Float {
        let u1 = Double.random(in: Double.ulpOfOne ..< 1, using: &self)
        let u2 = Double.random(in: 0 ..< 1, using: &self)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// A `rows`×`columns` matrix of Gaussian samples, each row scaled to unit length.
    public mutating func unitRows(_ rows: Int, columns: Int) -> Matrix {
        var matrix = Matrix(rows: rows, columns: columns)
        for index in 0 ..< rows * columns { matrix[index / columns, index % columns] = nextGaussian() }
        Vectors.normalizeRows(&matrix)
        return matrix
    }
}

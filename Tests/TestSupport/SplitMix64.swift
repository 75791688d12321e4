import Foundation
import LinearAlgebra

/// A small, fast, seedable random generator (SplitMix64) so tests are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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

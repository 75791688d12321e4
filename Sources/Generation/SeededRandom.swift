/// A small, fast, seedable random generator (SplitMix64), so a run's sampling is reproducible.
///
/// Each attempt gets its own generator from ``SeededRandom/forAttempt(_:runSeed:)``, so the
/// components sampled for attempt *n* depend only on the run seed and *n*, never on how many
/// requests run concurrently or in which order they finish.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The generator for one attempt of a run: a hash of the run seed and the attempt number.
    public static func forAttempt(_ attempt: Int, runSeed: UInt64) -> SeededRandom {
        SeededRandom(seed: mix(runSeed ^ mix(UInt64(truncatingIfNeeded: attempt) &+ 0xA076_1D64_78BD_642F)))
    }

    /// The SplitMix64 finaliser: a bijective 64-bit hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

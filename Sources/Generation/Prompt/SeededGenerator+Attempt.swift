import LinearAlgebra

extension SeededGenerator {
    /// The generator for one attempt of a run: a hash of the run seed and the attempt number.
    ///
    /// Each attempt gets its own generator, so the components sampled for attempt *n* depend only
    /// on the run seed and *n*, never on how many requests run concurrently or in which order
    /// they finish.
    public static func forAttempt(_ attempt: Int, runSeed: UInt64) -> SeededGenerator {
        SeededGenerator(seed: mix(runSeed ^ mix(UInt64(truncatingIfNeeded: attempt) &+ 0xA076_1D64_78BD_642F)))
    }
}

/// SplitMix64: the small seeded generator behind every random choice in an audit (reproducible reports).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct indices from `0..<population`, sorted (all of them when `count >= population`).
    /// - Complexity: O(count) expected when count ≪ population, O(population) otherwise.
    public mutating func sample(_ count: Int, from population: Int) -> [Int] {
        if count >= population { return Array(0 ..< population) }
        if count * 3 > population {
            var all = Array(0 ..< population)
            for index in 0 ..< count { all.swapAt(index, Int.random(in: index ..< population, using: &self)) }
            return all[..<count].sorted()
        }
        var chosen = Set<Int>()
        while chosen.count < count { chosen.insert(Int.random(in: 0 ..< population, using: &self)) }
        return chosen.sorted()
    }
}

import LinearAlgebra

extension SeededGenerator {
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

import LinearAlgebra

/// Assigns whole groups to train, validation and test.
///
/// Greedy and seeded: groups are shuffled, then taken largest first (a stable sort keeps the
/// shuffled order among equal sizes); each goes to the split with the highest score, where the
/// score adds the split's relative room after taking the group, `(target − filled − size) / target`,
/// and, averaged over the stratification variables, how much the split still lacks of the group's
/// categories, `Σ_c (m_c / m) · (target_c − filled_c) / target_c` (target_c is the split's ratio times
/// the category's count in the whole set). Splits with a zero ratio get nothing.
///
/// With a hold-out, the test split is filled first, only with whole ``HoldOutUnits`` carrying a
/// held-out value (taken in shuffled order while they fit the test target; when none fits, the
/// smallest one if it is at most twice the target, else none: test then stays empty); the other
/// groups go to train and validation as above, so those two share the remaining values and stay
/// stratified. Items without a value never go to test.
public enum SplitPlanner {
    /// The split of each item (0 train, 1 validation, 2 test).
    /// - Parameters:
    ///   - groups: the units moved whole (every item in exactly one).
    ///   - count: the number of items.
    ///   - ratios: the target share of each split.
    ///   - strata: variables whose shares each split should keep.
    ///   - holdOut: the units test is made of (nil: no hold-out).
    ///   - seed: fixes the group order.
    /// - Complexity: O(n · splits · variables) after an O(groups log groups) sort.
    public static func plan(groups: [[Int]], count: Int, ratios: [Double], strata: [StratumVariable],
                            holdOut: HoldOutUnits? = nil, seed: UInt64) -> [Int] {
        let splits = ratios.count
        var generator = SeededGenerator(seed: seed)
        let shuffled = Array(groups.indices).shuffled(using: &generator)
        var order = shuffled
        order.sort { groups[$0].count > groups[$1].count } // stable: shuffled order among equal sizes
        let encoded = strata.map { $0.encoded() }
        let targets = ratios.map { $0 * Double(count) }
        var filled = [Int](repeating: 0, count: splits)
        var filledByCategory = encoded.map { variable in [[Int]](repeating: [Int](repeating: 0, count: variable.totals.count), count: splits) }
        var assignment = [Int](repeating: -1, count: count)

        func place(_ group: Int, in split: Int) {
            for item in groups[group] {
                assignment[item] = split
                for (v, variable) in encoded.enumerated() where variable.codes[item] >= 0 { filledByCategory[v][split][variable.codes[item]] += 1 }
            }
            filled[split] += groups[group].count
        }

        var allowed = Array(0 ..< splits).filter { ratios[$0] > 0 }
        if let holdOut, let test = allowed.last, test == splits - 1, splits > 1 {
            let limit = Int(targets[test].rounded())
            func size(_ unit: Int) -> Int { holdOut.units[unit].reduce(0) { $0 + groups[$1].count } }
            let candidates = Array(holdOut.units.indices).shuffled(using: &generator).filter { holdOut.holdable[$0] }
            var taken = false
            for unit in candidates where filled[test] + size(unit) <= limit {
                for group in holdOut.units[unit] { place(group, in: test) }
                taken = true
            }
            if !taken, let smallest = candidates.min(by: { size($0) < size($1) }), size(smallest) <= 2 * max(limit, 1) {
                for group in holdOut.units[smallest] { place(group, in: test) }
            }
            allowed.removeLast()
        }

        for group in order where assignment[groups[group][0]] < 0 {
            let size = Double(groups[group].count)
            var best = allowed[0], bestScore = -Double.infinity
            for split in allowed {
                var score = (targets[split] - Double(filled[split]) - size) / targets[split]
                var strataScore = 0.0, variables = 0
                for (v, variable) in encoded.enumerated() {
                    var counts = [Int: Int](), known = 0
                    for item in groups[group] where variable.codes[item] >= 0 { counts[variable.codes[item], default: 0] += 1; known += 1 }
                    guard known > 0 else { continue }
                    var lack = 0.0
                    for (code, members) in counts {
                        let target = ratios[split] * Double(variable.totals[code])
                        lack += Double(members) / Double(known) * (target - Double(filledByCategory[v][split][code])) / target
                    }
                    strataScore += lack
                    variables += 1
                }
                if variables > 0 { score += strataScore / Double(variables) }
                if score > bestScore { bestScore = score; best = split }
            }
            place(group, in: best)
        }
        return assignment
    }

    /// A seeded random split of the items at the same ratios (the baseline a user would make):
    /// validation and test get `round(ratio · n)` items each, train the rest.
    /// - Complexity: O(n).
    public static func random(count: Int, ratios: [Double], seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        let order = Array(0 ..< count).shuffled(using: &generator)
        var sizes = ratios.map { Int(($0 * Double(count)).rounded()) }
        sizes[0] = count - sizes.dropFirst().reduce(0, +)
        var assignment = [Int](repeating: 0, count: count)
        var position = 0
        for (split, size) in sizes.enumerated() {
            for item in order[position ..< min(count, position + max(size, 0))] { assignment[item] = split }
            position += max(size, 0)
        }
        return assignment
    }
}

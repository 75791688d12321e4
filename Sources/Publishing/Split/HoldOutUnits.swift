import Analysis

/// What the test split chooses from under `--hold-out-by`: near-duplicate groups tied together
/// when they share a held-out value (connected components over groups, linked by a shared value
/// or, through a group, by near-duplicates across values).
///
/// Taking whole units keeps both promises at once: every held-out value is entirely in test or
/// entirely outside it, and no near-duplicate group is cut.
public struct HoldOutUnits: Sendable {
    /// Group indices of each unit, in order of their first group.
    public var units: [[Int]]
    /// Whether a unit carries any held-out value (a unit without one never goes to test).
    public var holdable: [Bool]

    /// Ties `groups` by `values`.
    /// - Parameters:
    ///   - groups: item indices of each near-duplicate group.
    ///   - values: the held-out value of each item, nil when it has none.
    /// - Complexity: O(n · α(groups)).
    public init(groups: [[Int]], values: [String?]) {
        var sets = UnionFind(count: groups.count)
        var groupOfValue = [String: Int]()
        for (group, members) in groups.enumerated() {
            for item in members {
                guard let value = values[item] else { continue }
                if let earlier = groupOfValue[value] { sets.union(earlier, group) } else { groupOfValue[value] = group }
            }
        }
        var unitOfRoot = [Int: Int](), units = [[Int]]()
        for group in groups.indices {
            let root = sets.find(group)
            if let unit = unitOfRoot[root] { units[unit].append(group) } else {
                unitOfRoot[root] = units.count
                units.append([group])
            }
        }
        self.units = units
        holdable = units.map { unit in unit.contains { groups[$0].contains { values[$0] != nil } } }
    }
}

/// Agreement between two partitions, corrected for chance (Hubert & Arabie 1985).
public enum AdjustedRandIndex {
    /// ARI of two labelings of the same items: 1 = identical partitions, ≈0 = chance.
    /// - Returns: `1` when both partitions are trivial in the same way (the index is undefined there).
    /// - Complexity: O(n + distinct label pairs).
    public static func compute(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count, "labelings of \(a.count) and \(b.count) items")
        let n = a.count
        guard n > 1 else { return 1 }
        var table = [[Int]: Int](), rows = [Int: Int](), columns = [Int: Int]()
        for (x, y) in zip(a, b) {
            table[[x, y], default: 0] += 1
            rows[x, default: 0] += 1
            columns[y, default: 0] += 1
        }
        func pairs(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
        let index = table.values.reduce(0) { $0 + pairs($1) }
        let sumRows = rows.values.reduce(0) { $0 + pairs($1) }
        let sumColumns = columns.values.reduce(0) { $0 + pairs($1) }
        let expected = sumRows * sumColumns / pairs(n)
        let maximum = (sumRows + sumColumns) / 2
        guard maximum != expected else { return 1 }
        return (index - expected) / (maximum - expected)
    }
}

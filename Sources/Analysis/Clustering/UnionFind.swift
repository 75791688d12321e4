/// Disjoint sets over `0..<count` with path halving and union by size.
public struct UnionFind: Sendable {
    private var parent: [Int]
    private var size: [Int]

    /// `count` singleton sets.
    public init(count: Int) {
        parent = Array(0 ..< count)
        size = Array(repeating: 1, count: count)
    }

    /// The representative of `element`'s set. - Complexity: amortised near O(1).
    public mutating func find(_ element: Int) -> Int {
        var x = element
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    /// Merges the sets of `a` and `b`.
    public mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
    }

    /// Sets with at least `minimumSize` members, each sorted, largest first (ties by smallest member).
    public mutating func components(minimumSize: Int = 2) -> [[Int]] {
        var groups = [Int: [Int]]()
        for element in parent.indices { groups[find(element), default: []].append(element) }
        return groups.values.filter { $0.count >= minimumSize }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
    }
}

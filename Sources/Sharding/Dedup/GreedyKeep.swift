import VectorIndex

/// Greedy in-order deduplication over found pairs: the generator's gate rule.
///
/// Records are visited in input order; a record is dropped when an earlier *kept* record has
/// cosine ≥ τ with it, and kept otherwise. So the earliest record of a group survives, and in a
/// chain a ~ b ~ c with a ≁ c, b is dropped (by a) and c is kept (its only earlier neighbour, b,
/// was dropped). A dropped record names the most similar kept earlier record (ties: the earlier one).
public struct GreedyKeep: Sendable, Equatable {
    /// One dropped record: `dropped` duplicates the kept `keptBy` at cosine `score`.
    public struct Drop: Sendable, Equatable {
        public let dropped: Int
        public let keptBy: Int
        public let score: Float

        public init(dropped: Int, keptBy: Int, score: Float) {
            self.dropped = dropped
            self.keptBy = keptBy
            self.score = score
        }
    }

    /// Whether each record is kept, in input order.
    public let kept: [Bool]
    /// The dropped records, in input order.
    public let drops: [Drop]

    /// The greedy decision for `count` records given every pair with score ≥ `threshold`
    /// (pairs below it are ignored; repeats are harmless).
    /// - Complexity: O(n + p log p) for `p` pairs.
    public init(count: Int, pairs: [SimilarPair], threshold: Float) {
        let useful = pairs.filter { $0.score >= threshold }
        precondition(useful.allSatisfy { $0.first < $0.second && $0.second < count }, "pair out of range")
        // Earlier neighbours of each record, best first: ids[offsets[i] ..< offsets[i + 1]].
        var offsets = [Int](repeating: 0, count: count + 1)
        for pair in useful { offsets[pair.second + 1] += 1 }
        for i in 0 ..< count { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var neighbours = [SimilarPair](repeating: SimilarPair(first: 0, second: 0, score: 0), count: useful.count)
        for pair in useful {
            neighbours[cursor[pair.second]] = pair
            cursor[pair.second] += 1
        }
        var kept = [Bool](repeating: true, count: count)
        var drops = [Drop]()
        for item in 0 ..< count where offsets[item] < offsets[item + 1] {
            var by: SimilarPair?
            for k in offsets[item] ..< offsets[item + 1] where kept[neighbours[k].first] {
                let candidate = neighbours[k]
                if let current = by, current.score > candidate.score || (current.score == candidate.score && current.first < candidate.first) {
                    continue
                }
                by = candidate
            }
            if let by {
                kept[item] = false
                drops.append(Drop(dropped: item, keptBy: by.first, score: by.score))
            }
        }
        self.kept = kept
        self.drops = drops
    }

    /// Number of kept records.
    public var keptCount: Int { kept.count - drops.count }
}

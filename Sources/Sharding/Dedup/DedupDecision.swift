/// What a dedup run keeps and drops, and why each drop: what `keep.txt`, `drops.csv` and `--annotate` write.
///
/// Without `--keep` it is the greedy keep at τ; `--keep N` changes it (``DedupBudget``): records added back
/// to reach N at the chosen τ, or records withdrawn by diversity selection after the greedy keep.
public struct DedupDecision: Sendable, Equatable {
    /// Why a record was dropped (`drops.csv`'s `reason` column).
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// Within τ of an earlier kept record (``Drop/keptBy`` names it).
        case duplicate
        /// Withdrawn by `--keep N --by diversity` (no kept record is named).
        case selection
    }

    /// One dropped record.
    public struct Drop: Sendable, Equatable {
        /// The dropped row.
        public var dropped: Int
        /// The kept row it duplicates (nil for a selection drop).
        public var keptBy: Int?
        /// Their cosine (nil for a selection drop).
        public var score: Float?
        public var reason: Reason

        /// Creates a drop.
        public init(dropped: Int, keptBy: Int?, score: Float?, reason: Reason) {
            self.dropped = dropped
            self.keptBy = keptBy
            self.score = score
            self.reason = reason
        }
    }

    /// Whether each record is kept, in input order.
    public private(set) var kept: [Bool]
    /// The dropped records, in input order.
    public private(set) var drops: [Drop]

    /// The greedy keep's decision: every drop a duplicate.
    public init(_ greedy: GreedyKeep) {
        kept = greedy.kept
        drops = greedy.drops.map { Drop(dropped: $0.dropped, keptBy: $0.keptBy, score: $0.score, reason: .duplicate) }
    }

    /// Keeps every record.
    public init(keepingAll count: Int) {
        kept = Array(repeating: true, count: count)
        drops = []
    }

    /// Number of kept records.
    public var keptCount: Int { kept.count - drops.count }

    /// Keeps the dropped `rows` after all.
    /// - Complexity: O(n).
    public mutating func addBack(_ rows: Set<Int>) {
        for row in rows where kept.indices.contains(row) { kept[row] = true }
        drops.removeAll { rows.contains($0.dropped) }
    }

    /// Drops the kept `rows` for `reason`, naming no kept record.
    /// - Complexity: O(n + drops · log drops).
    public mutating func withdraw(_ rows: [Int], reason: Reason) {
        for row in rows where kept.indices.contains(row) && kept[row] {
            kept[row] = false
            drops.append(Drop(dropped: row, keptBy: nil, score: nil, reason: reason))
        }
        drops.sort { $0.dropped < $1.dropped }
    }
}

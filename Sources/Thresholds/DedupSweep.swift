import LinearAlgebra
import VectorIndex

/// What greedy in-order deduplication keeps, at every threshold, from one similarity pass.
///
/// Greedy dedup walks the items in file order and keeps an item unless an earlier *kept*
/// item has cosine similarity >= τ with it (the rule of `VectorIndex.insertIfNovel`). Given
/// every pair scoring at least the smallest τ of interest, the decision at any larger τ is a
/// linear pass over each item's earlier neighbours, so a whole sweep costs one self-join.
///
/// The kept count is not monotone in τ in general: a higher τ can keep an item that then
/// removes later items (A–B 0.80, B–C 0.90: at τ 0.80 A removes B and C stays; at τ 0.85 B
/// stays and removes C).
public struct DedupSweep: Sendable {
    /// Number of items.
    public let count: Int
    /// Smallest threshold this sweep can answer exactly.
    public let minimumThreshold: Float
    // Earlier neighbours of item i, by score descending: ids[offsets[i] ..< offsets[i+1]].
    private let offsets: [Int]
    private let neighbourIDs: [Int32]
    private let neighbourScores: [Float]
    /// Every pair scoring at least ``minimumThreshold``, by score descending.
    public let pairs: [ScoredPair]

    /// A sweep over precomputed pairs.
    /// - Parameters:
    ///   - count: number of items.
    ///   - pairs: every pair with score >= `minimumThreshold` (others are ignored).
    ///   - minimumThreshold: the smallest τ to be asked about.
    /// - Complexity: O(p log p) for `p` pairs.
    public init(count: Int, pairs: [ScoredPair], minimumThreshold: Float) {
        let kept = pairs.filter { $0.score >= minimumThreshold }
            .sorted { $0.score != $1.score ? $0.score > $1.score : ($0.earlier, $0.later) < ($1.earlier, $1.later) }
        precondition(kept.allSatisfy { $0.later < count }, "pair index out of range")
        var degree = [Int](repeating: 0, count: count + 1)
        for pair in kept { degree[pair.later + 1] += 1 }
        for i in 0 ..< count { degree[i + 1] += degree[i] }
        var cursor = degree
        var ids = [Int32](repeating: 0, count: kept.count), scores = [Float](repeating: 0, count: kept.count)
        for pair in kept { // already by score descending, so each item's list is too
            ids[cursor[pair.later]] = Int32(pair.earlier)
            scores[cursor[pair.later]] = pair.score
            cursor[pair.later] += 1
        }
        self.count = count
        self.minimumThreshold = minimumThreshold
        self.offsets = degree
        self.neighbourIDs = ids
        self.neighbourScores = scores
        self.pairs = kept
    }

    /// A sweep over unit-length row vectors (one per item, in file order).
    /// - Complexity: O(n² · d / 2) through blocked sgemm, plus the pair sort.
    public init(vectors: Matrix, minimumThreshold: Float) {
        self.init(count: vectors.rows,
                  pairs: VectorIndex.selfJoin(of: vectors, threshold: minimumThreshold)
                      .map { ScoredPair($0.first, $0.second, score: $0.score) },
                  minimumThreshold: minimumThreshold)
    }

    /// For each item, whether greedy dedup at `threshold` keeps it.
    /// - Precondition: `threshold >= minimumThreshold`.
    /// - Complexity: O(n + p).
    public func kept(at threshold: Float) -> [Bool] {
        precondition(threshold >= minimumThreshold, "τ \(threshold) is below the sweep's minimum \(minimumThreshold)")
        var kept = [Bool](repeating: true, count: count)
        for item in 0 ..< count {
            var k = offsets[item]
            while k < offsets[item + 1], neighbourScores[k] >= threshold {
                if kept[Int(neighbourIDs[k])] { kept[item] = false; break }
                k += 1
            }
        }
        return kept
    }

    /// For each removed item at `threshold`, the earlier kept item that removed it (its most
    /// similar kept earlier neighbour); nil for kept items.
    public func removedBy(at threshold: Float) -> [ScoredPair?] {
        let keptMask = kept(at: threshold)
        return (0 ..< count).map { item in
            guard !keptMask[item] else { return nil }
            for k in offsets[item] ..< offsets[item + 1] where keptMask[Int(neighbourIDs[k])] {
                return ScoredPair(Int(neighbourIDs[k]), item, score: neighbourScores[k])
            }
            return nil
        }
    }

    /// Kept and removed counts at each threshold.
    public func rows(at thresholds: [Float]) -> [SweepRow] {
        thresholds.map { threshold in
            let kept = kept(at: threshold).filter { $0 }.count
            return SweepRow(threshold: threshold, kept: kept, removed: count - kept)
        }
    }

    /// Pairs with `range.lowerBound <= score < range.upperBound`, by score descending.
    public func pairs(scoring range: Range<Float>) -> [ScoredPair] {
        pairs.filter { range.contains($0.score) }
    }
}

/// Kept and removed counts of greedy dedup at one threshold.
public struct SweepRow: Sendable, Equatable, Codable {
    /// τ.
    public let threshold: Float
    /// Items kept.
    public let kept: Int
    /// Items removed as near-duplicates of an earlier kept item.
    public let removed: Int
}

/// The thresholds `from, from + step, …, through` computed as integer multiples of the step,
/// so 0.70 ... 0.99 step 0.01 gives exactly 30 values with no drift.
public func thresholdGrid(from lower: Double, through upper: Double, step: Double) -> [Float] {
    precondition(step > 0 && lower <= upper, "empty threshold grid")
    let count = Int(((upper - lower) / step + 1e-9).rounded(.down))
    return (0 ... count).map { Float(((lower + Double($0) * step) * 1e6).rounded() / 1e6) }
}

import Foundation

/// Discrete distribution measures (all logarithms base 2, so values are in bits).
public enum Distribution {
    /// Shannon entropy of a histogram, in bits.
    /// - Parameter counts: non-negative counts (zeros ignored).
    /// - Returns: `0` for an empty or all-zero histogram.
    public static func entropy<C: Collection>(_ counts: C) -> Double where C.Element == Double {
        let total = counts.reduce(0, +)
        guard total > 0 else { return 0 }
        return -counts.reduce(0) { $0 + ($1 > 0 ? ($1 / total) * log2($1 / total) : 0) }
    }

    /// Entropy divided by `log2(categories)` (1 = uniform over the observed categories); `0` for fewer than 2.
    public static func normalizedEntropy(_ counts: [Double]) -> Double {
        let categories = counts.filter { $0 > 0 }.count
        return categories < 2 ? 0 : entropy(counts) / log2(Double(categories))
    }

    /// Jensen-Shannon divergence between two histograms over the same categories, in bits (0…1).
    ///
    /// Both are normalised first. - Returns: `nil` when either sums to zero.
    public static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double? {
        precondition(p.count == q.count, "histograms of \(p.count) and \(q.count) categories")
        let sp = p.reduce(0, +), sq = q.reduce(0, +)
        guard sp > 0, sq > 0 else { return nil }
        var divergence = 0.0
        for (a, b) in zip(p, q) {
            let pa = a / sp, qb = b / sq, m = (pa + qb) / 2
            if pa > 0 { divergence += 0.5 * pa * log2(pa / m) }
            if qb > 0 { divergence += 0.5 * qb * log2(qb / m) }
        }
        return max(0, divergence)
    }
}

/// The recall of a pair search on a sample of rows, with a 95 % interval.
///
/// recall = Σ found_i / Σ true_i over the sampled rows i (true pairs at cosine ≥ τ, and those of
/// them the search found). Pairs come grouped by row, so they are not independent draws: the
/// interval is the Wilson score interval at the *effective* number of pairs, Σ true_i divided by
/// the design effect (the ratio estimator's linearised variance over the binomial one, at least 1),
/// with the finite-population correction for the sampled share of the rows. A recall of 1 still
/// gets a lower bound below 1 (about 1 − 3.8 / pairs).
public struct RecallEstimate: Sendable, Codable, Equatable {
    /// Rows sampled.
    public var sampleRows: Int
    /// Sampled rows with at least one true pair.
    public var rowsWithPairs: Int
    /// True pairs of the sampled rows (a pair of two sampled rows counts once for each).
    public var truePairs: Int
    /// Those the search found.
    public var foundPairs: Int
    /// foundPairs / truePairs (1 when there are no true pairs: nothing was missed).
    public var recall: Double
    /// The 95 % interval.
    public var lower95: Double
    public var upper95: Double

    /// The interval's method in words, for the report.
    public static let intervalMethod = "Wilson score interval at the effective number of pairs (pairs grouped by sampled row: design effect "
        + "of the ratio estimator, at least 1; finite-population correction for the sampled share of rows)"

    /// The estimate from per-row counts of true and found pairs of a sample of `population` rows.
    public init(truePairs truth: [Int], foundPairs found: [Int], population: Int) {
        precondition(truth.count == found.count, "\(truth.count) true counts for \(found.count) found counts")
        let total = truth.reduce(0, +), hits = found.reduce(0, +)
        sampleRows = truth.count
        rowsWithPairs = truth.filter { $0 > 0 }.count
        truePairs = total
        foundPairs = hits
        guard total > 0 else {
            (recall, lower95, upper95) = (1, 0, 1)
            return
        }
        let r = Double(hits) / Double(total)
        recall = r
        let m = Double(truth.count)
        let unsampled = max(0, 1 - m / Double(max(population, truth.count)))
        guard unsampled > 0 else {
            (lower95, upper95) = (r, r)
            return
        }
        // Effective pairs: binomial pairs with the finite-population correction, fewer when the
        // row-grouped variance is larger.
        var effective = Double(total) / unsampled
        if r > 0, r < 1, m > 1 {
            let squares = zip(truth, found).reduce(0.0) { sum, counts in
                let deviation = Double(counts.1) - r * Double(counts.0)
                return sum + deviation * deviation
            }
            let variance = unsampled * m / (m - 1) * squares / (Double(total) * Double(total))
            if variance > 0 { effective = min(effective, r * (1 - r) / variance) }
        }
        (lower95, upper95) = Self.wilson(r, count: effective)
    }

    /// The Wilson score interval of a proportion `p` observed on `count` (effective) trials, at z = 1.96.
    static func wilson(_ p: Double, count: Double) -> (Double, Double) {
        let z = 1.959964, z2 = z * z
        let denominator = 1 + z2 / count
        let centre = (p + z2 / (2 * count)) / denominator
        let half = z * (p * (1 - p) / count + z2 / (4 * count * count)).squareRoot() / denominator
        return (max(0, centre - half), min(1, centre + half))
    }
}

import LinearAlgebra

/// Chooses the number of k-means clusters by the silhouette on a sample.
public enum ClusterCountSelection {
    /// The chosen `k` and the silhouette of every candidate.
    public struct Choice: Sendable {
        /// The chosen cluster count.
        public var k: Int
        /// Mean silhouette per candidate k.
        public var scores: [Int: Double]
    }

    /// Rows the silhouette is computed on (it is quadratic in them).
    public static let defaultSampleSize = 2000

    /// Runs k-means on a seeded sample for each `k` in `range` and keeps the best silhouette.
    /// - Parameters:
    ///   - points: unit-length rows.
    ///   - range: candidate cluster counts (clipped to the sample size − 1).
    ///   - sampleSize: rows drawn (the silhouette is O(sample²)).
    /// - Complexity: O(|range| · (s²·d + iterations·s·k·d)) for sample size s.
    public static func choose(_ points: Matrix, range: ClosedRange<Int>, sampleSize: Int = defaultSampleSize, seed: UInt64 = 42) -> Choice {
        var generator = SeededGenerator(seed: seed)
        let sample = points.selecting(rows: generator.sample(sampleSize, from: points.rows))
        var scores = [Int: Double]()
        let upper = min(range.upperBound, sample.rows - 1)
        guard upper >= range.lowerBound else { return Choice(k: max(1, min(range.lowerBound, points.rows)), scores: [:]) }
        for k in range.lowerBound ... upper {
            let labels = KMeans.fit(sample, k: k, seed: seed &+ UInt64(k), restarts: 1, maxIterations: 50).labels
            if let score = Silhouette.score(sample, labels: labels) { scores[k] = score }
        }
        let best = scores.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
        return Choice(k: best?.key ?? range.lowerBound, scores: scores)
    }
}

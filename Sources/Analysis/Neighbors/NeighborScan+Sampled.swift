import LinearAlgebra

extension NeighborScan {
    /// Neighbour figures without the quadratic pass: the pairs at or above τ come from a sub-quadratic search
    /// (`pairs`); a seeded sample of rows gets its exact nearest neighbour, nearest earlier row and neighbours
    /// per histogram bin against every row.
    ///
    /// Histogram bins at or above `pairThreshold` count the found pairs; bins below it are estimated from the
    /// sample: a pair has two ends, each sampled with probability s/n, so a bin's pairs ≈ its sampled ends · n / 2s.
    /// - Parameters:
    ///   - embeddings: n × d, L2-normalised.
    ///   - sampleSize: rows sampled (all rows when n is smaller).
    ///   - seed: the sample's seed.
    ///   - pairs: every pair the search found at or above `pairThreshold`.
    ///   - pairLimit: most pairs kept (memory guard), as the exact pass.
    /// - Complexity: O(s·n·d) through sgemm for s sampled rows, plus O(pairs · log pairs).
    public init(sampling embeddings: Matrix, sampleSize: Int, seed: UInt64, pairs found: [NeighborPair], pairThreshold: Float,
                histogramEdges: [Float] = [], pairLimit: Int = 5_000_000, progress: (_ completedRows: Int) -> Void = { _ in }) {
        let n = embeddings.rows
        var generator = SeededGenerator(seed: seed)
        let sample = generator.sample(min(max(sampleSize, 1), n), from: n)
        let s = sample.count
        var best = [Float](repeating: -.infinity, count: s), bestRow = [Int](repeating: -1, count: s)
        var earlierBest = [Float](repeating: -.infinity, count: s), earlierRow = [Int](repeating: -1, count: s)
        var sampledEnds = [Int](repeating: 0, count: histogramEdges.count)
        let floor = histogramEdges.first ?? .infinity
        embeddings.forEachProductTile(with: embeddings, tileRows: 256, tileColumns: 8192, selecting: sample) { tile in
            let scores = tile.values, width = tile.columns.count, j0 = tile.columns.lowerBound
            for p in tile.rows {
                let i = sample[p], base = (p - tile.rows.lowerBound) * width
                var top = best[p], topRow = bestRow[p], earlierTop = earlierBest[p], earlierTopRow = earlierRow[p]
                for c in 0 ..< width {
                    let j = j0 + c
                    guard j != i else { continue }
                    let score = scores[base + c]
                    if score > top { top = score; topRow = j }
                    if j < i, score > earlierTop { earlierTop = score; earlierTopRow = j }
                    if score >= floor {
                        sampledEnds[Self.bin(of: score, in: histogramEdges)] += 1
                    }
                }
                (best[p], bestRow[p], earlierBest[p], earlierRow[p]) = (top, topRow, earlierTop, earlierTopRow)
            }
            if tile.columns.upperBound == n { progress(tile.rows.upperBound) }
        }
        var nearest = [Int](repeating: -1, count: n), nearestScore = [Float](repeating: .nan, count: n)
        var earlier = [Int](repeating: -1, count: n), earlierScore = [Float](repeating: .nan, count: n)
        for (p, i) in sample.enumerated() {
            (nearest[i], nearestScore[i], earlier[i], earlierScore[i]) = (bestRow[p], best[p], earlierRow[p], earlierBest[p])
        }
        var kept = found.filter { $0.score >= pairThreshold }
        var counts = [Int](repeating: 0, count: histogramEdges.count)
        for pair in kept where pair.score >= floor {
            let bin = Self.bin(of: pair.score, in: histogramEdges)
            if histogramEdges[bin] >= pairThreshold { counts[bin] += 1 }
        }
        for (bin, edge) in histogramEdges.enumerated() where edge < pairThreshold {
            counts[bin] = Int((Double(sampledEnds[bin]) * Double(n) / Double(2 * s)).rounded())
        }
        let truncated = Self.rank(&kept, limit: pairLimit)
        self.nearest = nearest
        self.nearestScore = nearestScore
        self.nearestEarlier = earlier
        self.nearestEarlierScore = earlierScore
        self.pairs = kept
        self.pairThreshold = pairThreshold
        self.pairsTruncated = truncated
        self.histogramEdges = histogramEdges
        self.pairCounts = counts
        self.sampledRows = sample
    }
}

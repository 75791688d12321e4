import Foundation

extension FigureAccuracy {
    /// The accuracy table of one audit: every embedding-based figure, exact or estimated.
    /// - Parameters:
    ///   - scan: the neighbour scan (sampled past the exact size).
    ///   - search: the pair search's method and measured recall, when it found the pairs.
    ///   - items: the readable items the sections saw.
    ///   - clusterFitSample: the rows k-means was fitted on when a sample; nil when every row.
    ///   - silhouetteSample: the silhouette's sample when it chose the cluster count; nil for a fixed count.
    ///   - phraseSample: most texts mined for phrase templates.
    ///   - drift: the drift windows (novelty's sample per window).
    static func audit(scan: NeighborScan, search: (method: String, recall: SearchRecall)?, items: Int, clusterFitSample: Int?,
                      silhouetteSample: Int?, phraseSample: Int, drift: DriftReport) -> [FigureAccuracy] {
        var figures = [FigureAccuracy]()
        let sampled = scan.sampledRows
        if let search {
            figures.append(FigureAccuracy(figure: "near-duplicate pairs and clusters at τ (and the curve at and above τ)", exact: false,
                                          method: search.method, sampleRows: search.recall.sampleRows, recall: search.recall))
        } else {
            figures.append(FigureAccuracy(figure: "near-duplicate pairs and clusters at τ (and the curve at and above τ)", exact: true,
                                          method: "every pair compared (one tiled sgemm pass)"))
        }
        if let sampled {
            let scores = sampled.map { Double(scan.nearestScore[$0]) }.filter(\.isFinite)
            figures.append(FigureAccuracy(
                figure: "nearest-neighbour similarity (mean, median, histogram) and items with a neighbour on the curve", exact: false,
                method: "each of a seeded sample of rows against every row, exactly; counts scaled to all \(items) items",
                sampleRows: sampled.count, standardError: standardError(of: scores)))
            figures.append(FigureAccuracy(
                figure: "near-duplicate curve below τ (pairs)", exact: false,
                method: "the sampled rows' neighbours per band, times n / 2s (each pair has two ends)", sampleRows: sampled.count))
            var worst = 0.0
            var perWindow = [Int]()
            for window in drift.windows {
                let known = sampled.filter { window.start ..< window.end ~= $0 }.count
                perWindow.append(known)
                if known > 0 { worst = max(worst, (window.novelty * (1 - window.novelty) / Double(known)).squareRoot()) }
            }
            figures.append(FigureAccuracy(
                figure: "novelty per drift window (and the reset effect)", exact: false,
                method: "share of each window's sampled rows (\(perWindow.min() ?? 0)-\(perWindow.max() ?? 0) per window) whose nearest earlier row is below τ; "
                    + "standard error is the largest window's", sampleRows: sampled.count, standardError: worst))
        } else {
            figures.append(FigureAccuracy(figure: "nearest-neighbour similarity, the near-duplicate curve and novelty per drift window", exact: true,
                                          method: "every row's nearest neighbour and nearest earlier row from the same pass"))
        }
        if let clusterFitSample {
            figures.append(FigureAccuracy(
                figure: "trope clusters (k-means centroids and cluster terms)", exact: false,
                method: "centroids fitted on a seeded sample, every item then assigned to the nearest; terms from the sample",
                sampleRows: clusterFitSample))
        }
        figures.append(FigureAccuracy(
            figure: (clusterFitSample == nil ? "trope clusters (k-means), " : "") + "Vendi, distinct-n, entropies, drift Vendi and centroids, the map",
            exact: true, method: "over every item" + (clusterFitSample == nil ? " (k-means: Lloyd iterations over all rows; Vendi: the d × d second moment)"
                                                       : " (Vendi: the d × d second moment)")))
        if let silhouetteSample {
            figures.append(FigureAccuracy(figure: "the cluster count (silhouette)", exact: silhouetteSample >= items,
                                          method: "silhouette of k-means on a seeded sample, for each candidate k", sampleRows: silhouetteSample))
        }
        figures.append(FigureAccuracy(figure: "phrase templates", exact: phraseSample >= items,
                                      method: phraseSample >= items ? "mined over every text" : "mined on a seeded sample of texts",
                                      sampleRows: min(phraseSample, items)))
        return figures
    }

    /// The standard error of the mean of `values` (sample standard deviation over √count).
    static func standardError(of values: [Double]) -> Double? {
        guard values.count > 1 else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }
}

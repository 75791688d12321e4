import Foundation
import LinearAlgebra
import TextMetrics

/// Drift over a run: diversity, centroid movement, novelty, anchoring and reject rate per window.
public enum DriftAnalysis {
    /// How many preceding items the anchoring score compares with (the generator's look-back).
    public static let anchoringLookback = 20

    /// Per-item anchoring: max similarity to the previous `lookback` items minus max similarity to
    /// `lookback` random items older than those; nil while fewer than `lookback` older items exist.
    /// - Complexity: O(n · lookback · d).
    public static func anchoring(_ embeddings: Matrix, lookback: Int = anchoringLookback, seed: UInt64 = 42) -> [Double?] {
        let n = embeddings.rows
        var generator = SeededGenerator(seed: seed)
        var result = [Double?](repeating: nil, count: n)
        for i in 0 ..< n where i >= 2 * lookback {
            var recent = -Float.infinity
            for j in i - lookback ..< i { recent = max(recent, embeddings.dotProduct(row: i, with: embeddings, row: j)) }
            var random = -Float.infinity
            for j in generator.sample(lookback, from: i - lookback) {
                random = max(random, embeddings.dotProduct(row: i, with: embeddings, row: j))
            }
            result[i] = Double(recent - random)
        }
        return result
    }

    /// The drift report.
    /// - Parameters:
    ///   - embeddings: unit rows in generation order.
    ///   - tokenized: words of each item's text (for distinct-2).
    ///   - nearestEarlierScore: similarity of each item to its nearest earlier item (NaN where not measured: the
    ///     novelty of a window is then the share among its measured items).
    ///   - anchoring: per-item anchoring (see ``anchoring(_:lookback:seed:)``).
    ///   - threshold: τ for novelty.
    ///   - windowSize: items per window.
    ///   - run: the generation log for reject rates and resets.
    /// - Complexity: O(n·d·min(window, d) + windows · min(window, d)³).
    public static func report(embeddings: Matrix, tokenized: NumberedWords, nearestEarlierScore: [Float], anchoring: [Double?],
                              threshold: Float, windowSize: Int, run: RunLog?) throws -> DriftReport {
        let n = embeddings.rows, d = embeddings.columns
        var windows = [DriftReport.Window]()
        var first: [Double]?
        var previous: [Double]?
        var start = 0
        while start < n {
            let end = min(start + windowSize, n)
            // A short last window (under half a window) joins the previous one.
            let stop = (n - end) > 0 && (n - end) < windowSize / 2 ? n : end
            let rows = embeddings.selecting(rows: Array(start ..< stop))
            var centroid = [Double](repeating: 0, count: d)
            let x = rows.storage
            for r in 0 ..< rows.rows { for c in 0 ..< d { centroid[c] += Double(x[r * d + c]) } }
            let reference = first ?? centroid
            if first == nil { first = centroid }
            // A sampled scan knows the nearest earlier item of its sampled rows only (NaN elsewhere).
            let known = (start ..< stop).filter { !nearestEarlierScore[$0].isNaN }
            let novel = known.filter { nearestEarlierScore[$0] < threshold }.count
            let anchors = (start ..< stop).compactMap { anchoring[$0] }
            windows.append(DriftReport.Window(
                index: windows.count, start: start, end: stop,
                vendi: try Diversity.vendi(rows).order1,
                distinct2: tokenized.distinct(2, in: start ..< stop),
                centroidDriftFromFirst: 1 - cosine(centroid, reference),
                similarityToPrevious: previous.map { cosine(centroid, $0) },
                novelty: known.isEmpty ? 0 : Double(novel) / Double(known.count),
                anchoring: anchors.isEmpty ? nil : anchors.reduce(0, +) / Double(anchors.count),
                rejectRate: run.flatMap { rejectRate(run: $0, start: start, end: stop) }))
            previous = centroid
            start = stop
        }
        return DriftReport(windowSize: windowSize, orderSource: run == nil ? "file order" : "generation order (run directory)",
                           windows: windows, resetEffect: run.flatMap { resetEffect(run: $0, nearestEarlierScore: nearestEarlierScore, anchoring: anchoring) })
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i] }
        return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
    }

    /// Rejected over attempted between the attempt after item `start − 1` and the attempt of item `end − 1`.
    static func rejectRate(run: RunLog, start: Int, end: Int) -> Double? {
        guard end - 1 < run.acceptedAttempts.count, let last = run.acceptedAttempts[end - 1] else { return nil }
        let before = start == 0 ? 0 : (run.acceptedAttempts[start - 1] ?? -1)
        guard before >= 0 else { return nil }
        let rejected = run.rejectedAttempts.filter { $0 > before && $0 <= last }.count
        let attempts = rejected + (end - start)
        return attempts == 0 ? nil : Double(rejected) / Double(attempts)
    }

    /// Items generated with the seed personas as references against all the others (after the first few).
    static func resetEffect(run: RunLog, nearestEarlierScore: [Float], anchoring: [Double?]) -> DriftReport.ResetEffect? {
        guard !run.resetAttempts.isEmpty else { return nil }
        var after = [Int](), otherwise = [Int]()
        // The first `anchoringLookback` items are left out of both groups: with few earlier items
        // their nearest-earlier similarity is low whatever the references were (and start-up uses seeds).
        for (index, attempt) in run.acceptedAttempts.enumerated() where index >= anchoringLookback && index < nearestEarlierScore.count {
            guard let attempt else { continue }
            if run.resetAttempts.contains(attempt) { after.append(index) } else { otherwise.append(index) }
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        func deviation(_ values: [Double]) -> Double {
            guard let m = mean(values), values.count > 1 else { return 0 }
            return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
        }
        let a = after.map { Double(nearestEarlierScore[$0]) }.filter { !$0.isNaN }, b = otherwise.map { Double(nearestEarlierScore[$0]) }.filter { !$0.isNaN }
        var verdict = "not enough items after resets to compare"
        if a.count >= 5, b.count >= 5, let ma = mean(a), let mb = mean(b) {
            let pooled = ((deviation(a) * deviation(a) + deviation(b) * deviation(b)) / 2).squareRoot()
            let effect = pooled > 0 ? (ma - mb) / pooled : 0
            let direction = ma < mb ? "less" : "more"
            verdict = abs(effect) < 0.2
                ? String(format: "no clear effect: items after a reset are about as similar to earlier ones (effect size %.2f)", effect)
                : String(format: "items right after a reset are %@ similar to earlier ones (mean nearest-earlier %.3f vs %.3f, effect size %.2f)",
                         direction, ma, mb, effect)
        }
        return DriftReport.ResetEffect(
            resets: run.resetAttempts.count, itemsAfterReset: after.count,
            meanNearestEarlierAfterReset: mean(a), meanNearestEarlierOtherwise: mean(b),
            meanAnchoringAfterReset: mean(after.compactMap { anchoring[$0] }),
            meanAnchoringOtherwise: mean(otherwise.compactMap { anchoring[$0] }), verdict: verdict)
    }
}

import LinearAlgebra
import Testing
import TextMetrics
import TestSupport
@testable import Analysis

@Suite("Drift")
struct DriftTests {
    /// 1,000 items; from item 600 on they come from a different region of the space and a different wording.
    func plantedShift() -> (Matrix, [[String]]) {
        var random = SplitMix64(seed: 17)
        let before = random.unitRows(1, columns: 32).row(0), after = random.unitRows(1, columns: 32).row(0)
        var points = Matrix(rows: 1000, columns: 32)
        var tokens = [[String]]()
        for i in 0 ..< 1000 {
            let centre = i < 600 ? before : after
            for c in 0 ..< 32 { points[i, c] = centre[c] + 0.25 * random.nextGaussian() }
            tokens.append(i < 600 ? ["a", "quiet", "baker", "in", "town", "\(i % 7)"] : ["loud", "gamer", "online", "\(i)", "streams", "\(i * 7)"])
        }
        Vectors.normalizeRows(&points)
        return (points, tokens)
    }

    @Test func plantedStyleChangeIsFoundInItsWindow() throws {
        let (points, tokens) = plantedShift()
        let scan = NeighborScan(points, pairThreshold: 0.99)
        let anchoring = DriftAnalysis.anchoring(points)
        let report = try DriftAnalysis.report(embeddings: points, tokenized: NumberedWords(tokens), nearestEarlierScore: scan.nearestEarlierScore,
                                              anchoring: anchoring, threshold: 0.9, windowSize: 100, run: nil)
        #expect(report.windows.count == 10)
        let similarities = report.windows.map { $0.similarityToPrevious ?? 1 }
        let sharpest = try #require(similarities.indices.min { similarities[$0] < similarities[$1] })
        #expect(report.windows[sharpest].start == 600, "biggest centroid jump at window starting \(report.windows[sharpest].start)")
        #expect(report.windows[9].centroidDriftFromFirst > 0.5)
        #expect(report.windows[3].centroidDriftFromFirst < 0.05)
        let distinctJump = zip(report.windows.dropFirst(), report.windows).map { $0.distinct2 - $1.distinct2 }
        #expect(distinctJump.indices.max { distinctJump[$0] < distinctJump[$1] } == 5)
    }

    @Test func rejectRateAndResetEffectFromARunLog() throws {
        let (points, tokens) = plantedShift()
        // Attempt 2i+1 accepted item i; even attempts were rejected in the first half only; resets every 10th attempt.
        let accepted = (0 ..< 1000).map { Optional(2 * $0 + 1) }
        let rejected = (0 ..< 500).map { 2 * $0 + 2 }
        let run = RunLog(acceptedAttempts: accepted, rejectedAttempts: rejected, rejectedCount: rejected.count,
                         resetAttempts: Set(stride(from: 1, through: 2000, by: 10)), sampled: [], components: nil)
        let scan = NeighborScan(points, pairThreshold: 0.99)
        let report = try DriftAnalysis.report(embeddings: points, tokenized: NumberedWords(tokens), nearestEarlierScore: scan.nearestEarlierScore,
                                              anchoring: DriftAnalysis.anchoring(points), threshold: 0.9, windowSize: 250, run: run)
        #expect(isClose(report.windows[0].rejectRate ?? -1, 249.0 / 499.0, absolute: 1e-9))   // attempts 1…499
        #expect(isClose(report.windows[3].rejectRate ?? -1, 0.0, absolute: 1e-9))
        let reset = try #require(report.resetEffect)
        #expect(reset.itemsAfterReset == 196)   // items 20, 25, …, 995 (attempts 41, 51, …; the first 20 items are left out)
    }

    @Test func anchoringIsPositiveWhenItemsCopyTheirPredecessors() {
        var random = SplitMix64(seed: 4)
        var points = Matrix(rows: 300, columns: 16)
        var current = random.unitRows(1, columns: 16).row(0)
        for i in 0 ..< 300 {
            current = current.map { $0 + 0.15 * random.nextGaussian() }   // a random walk: neighbours in time are close
            for c in 0 ..< 16 { points[i, c] = current[c] }
        }
        Vectors.normalizeRows(&points)
        let values = DriftAnalysis.anchoring(points).compactMap { $0 }
        #expect(values.count == 260)
        #expect(values.reduce(0, +) / Double(values.count) > 0.05)
        let noise = DriftAnalysis.anchoring(random.unitRows(300, columns: 16)).compactMap { $0 }
        #expect(abs(noise.reduce(0, +) / Double(noise.count)) < 0.03)
    }

    @Test func plantedResetEffectIsReported() throws {
        // Ordinary items copy a recent one with noise; items made right after a reset are fresh directions.
        var random = SplitMix64(seed: 9)
        let fresh = random.unitRows(600, columns: 32)
        var points = Matrix(rows: 600, columns: 32)
        var resets = Set<Int>()
        for i in 0 ..< 600 {
            let isReset = i % 10 == 0
            if isReset { resets.insert(i + 1) }
            for c in 0 ..< 32 {
                points[i, c] = isReset || i < 5 ? fresh[i, c] : points[i - 1 - Int(random.next() % 3), c] + 0.2 * random.nextGaussian() / 5.6
            }
        }
        Vectors.normalizeRows(&points)
        let run = RunLog(acceptedAttempts: (0 ..< 600).map { Optional($0 + 1) }, rejectedAttempts: [], rejectedCount: 0,
                         resetAttempts: resets, sampled: [], components: nil)
        let scan = NeighborScan(points, pairThreshold: 0.99)
        let report = try DriftAnalysis.report(embeddings: points, tokenized: NumberedWords(Array(repeating: ["x"], count: 600)), nearestEarlierScore: scan.nearestEarlierScore,
                                              anchoring: DriftAnalysis.anchoring(points), threshold: 0.9, windowSize: 100, run: run)
        let effect = try #require(report.resetEffect)
        #expect(effect.itemsAfterReset == 58)
        #expect((effect.meanNearestEarlierAfterReset ?? 1) < (effect.meanNearestEarlierOtherwise ?? 0))
        #expect(effect.verdict.contains("less similar"), "\(effect.verdict)")
    }
}

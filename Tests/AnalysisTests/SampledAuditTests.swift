import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Analysis

/// The audit past `--exact-below`: pairs from a search that measures its recall, nearest-neighbour figures and
/// novelty from a seeded sample; below the size, exactly the exact pass.
@Suite("Audit past its exact size: sampled neighbours and a pair search")
struct SampledAuditTests {
    /// `count` unit rows in 20 topic clusters, with every 25th row followed by a near copy (cosine ≈ 0.95+), in order.
    static func planted(_ count: Int, columns: Int = 24, seed: UInt64 = 7) -> Matrix {
        var random = SplitMix64(seed: seed)
        let centres = random.unitRows(20, columns: columns)
        var points = Matrix(rows: count, columns: columns)
        for row in 0 ..< count {
            if row % 25 == 1 {
                for c in 0 ..< columns { points[row, c] = points[row - 1, c] + 0.05 * random.nextGaussian() }
            } else {
                let centre = Int.random(in: 0 ..< 20, using: &random)
                for c in 0 ..< columns { points[row, c] = 0.6 * centres[centre, c] + 0.8 * random.nextGaussian() / Float(columns).squareRoot() }
            }
            let norm = points.norm(row: row)
            for c in 0 ..< columns { points[row, c] /= norm }
        }
        return points
    }

    /// A stand-in for the partitioned search: the exact pass's pairs, reported with recall 1.
    static let exactSearch = PairSearch(method: "the exact pass (test stand-in)") { vectors, threshold, _ in
        let scan = NeighborScan(vectors, pairThreshold: threshold)
        return PairSearch.Outcome(pairs: scan.pairs, recall: SearchRecall(sampleRows: vectors.rows, truePairs: scan.pairs.count, recall: 1,
                                                                          lower95: 1, upper95: 1, target: 0.99, widening: "none"))
    }

    static let edges: [Float] = stride(from: 80, through: 99, by: 1).map { Float($0) / 100 }

    @Test("a sample of every row reproduces the exact pass: nearest, nearest earlier, pairs and every histogram bin")
    func fullSampleEqualsExact() {
        let points = Self.planted(1500)
        let exact = NeighborScan(points, pairThreshold: 0.9, histogramEdges: Self.edges)
        let sampled = NeighborScan(sampling: points, sampleSize: 1500, seed: 3, pairs: exact.pairs, pairThreshold: 0.9, histogramEdges: Self.edges)
        #expect(sampled.sampledRows?.count == 1500)
        for i in 0 ..< 1500 {
            #expect(isClose(sampled.nearestScore[i], exact.nearestScore[i], absolute: 1e-5), "row \(i)")
            if i > 0 { #expect(isClose(sampled.nearestEarlierScore[i], exact.nearestEarlierScore[i], absolute: 1e-5), "row \(i)") }
        }
        #expect(sampled.nearestEarlierScore[0] == -.infinity)
        #expect(sampled.pairs == exact.pairs)
        #expect(sampled.pairCounts == exact.pairCounts, "bins below τ estimated from every row's neighbours equal the exact counts")
    }

    @Test("a 20 % sample estimates the nearest-neighbour mean, the curve and the pairs below τ within their error")
    func partialSampleEstimates() {
        let points = Self.planted(3000)
        let exact = NeighborScan(points, pairThreshold: 0.9, histogramEdges: Self.edges)
        let sampled = NeighborScan(sampling: points, sampleSize: 600, seed: 11, pairs: exact.pairs, pairThreshold: 0.9, histogramEdges: Self.edges)
        let rows = try? #require(sampled.sampledRows)
        #expect(rows?.count == 600 && sampled.nearestScore.filter { !$0.isNaN }.count == 600)
        let truth = exact.nearestScore.map(Double.init).reduce(0, +) / 3000
        let estimates = (rows ?? []).map { Double(sampled.nearestScore[$0]) }
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        let error = FigureAccuracy.standardError(of: estimates) ?? 1
        #expect(abs(mean - truth) < 4 * error, "mean \(mean) vs \(truth), standard error \(error)")
        // Bins at and above τ count the found pairs exactly; the 0.80 bin is estimated from the sample.
        let tauBin = Self.edges.firstIndex(of: 0.9) ?? 0
        #expect(Array(sampled.pairCounts[tauBin...]) == Array(exact.pairCounts[tauBin...]))
        let below = exact.pairsAtOrAbove[0] - exact.pairsAtOrAbove[tauBin], estimatedBelow = sampled.pairsAtOrAbove[0] - sampled.pairsAtOrAbove[tauBin]
        #expect(abs(Double(estimatedBelow - below)) <= max(30, 0.35 * Double(below)), "pairs in [0.80, 0.90): \(estimatedBelow) vs \(below)")
    }

    /// The same dataset of `count` texts with stored `points`.
    static func dataset(_ points: Matrix) -> AuditDataset {
        let texts = (0 ..< points.rows).map { "item \($0)" }
        return AuditDataset(source: "planted", format: "text", ids: texts.indices.map { String($0 + 1) }, texts: texts, storedEmbeddings: points)
    }

    /// `report` as JSON without the peak memory (which differs from run to run).
    static func json(_ report: AuditReport) throws -> String {
        var report = report
        report.peakResidentBytes = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    @Test("below --exact-below the report is the exact pass's, number for number, search or not; every figure is labelled exact")
    func belowTheSizeIsExact() async throws {
        let dataset = Self.dataset(Self.planted(1200))
        var options = AuditOptions()
        options.clusters = 4
        let plain = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        options.pairSearch = Self.exactSearch
        options.exactBelow = 1201
        let withSearch = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        #expect(try Self.json(plain) == Self.json(withSearch))
        #expect(plain.accuracy.filter { !$0.exact }.isEmpty, "\(plain.accuracy)")
        #expect(plain.nearDuplicates.clusterCount >= 40, "the planted copies: \(plain.nearDuplicates.clusterCount)")
    }

    @Test("past --exact-below with every row sampled and exact pairs, the estimated path gives the exact numbers and says it estimated them")
    func estimatedPathAgreesWithExact() async throws {
        let dataset = Self.dataset(Self.planted(1200))
        var options = AuditOptions()
        options.clusters = 4
        let exact = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        options.pairSearch = Self.exactSearch
        options.exactBelow = 100
        options.neighbourSample = 1200
        let estimated = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        #expect(estimated.nearDuplicates.clusterCount == exact.nearDuplicates.clusterCount)
        #expect(estimated.nearDuplicates.pairCount == exact.nearDuplicates.pairCount)
        #expect(estimated.nearDuplicates.curve.map(\.itemsWithNeighbour) == exact.nearDuplicates.curve.map(\.itemsWithNeighbour))
        #expect(estimated.nearDuplicates.curve.map(\.pairs) == exact.nearDuplicates.curve.map(\.pairs))
        #expect(isClose(estimated.diversity.meanNearestNeighbourSimilarity ?? 0, exact.diversity.meanNearestNeighbourSimilarity ?? 1, absolute: 1e-6))
        #expect(zip(estimated.drift.windows, exact.drift.windows).allSatisfy { isClose($0.novelty, $1.novelty, absolute: 1e-12) })
        let labels = Dictionary(uniqueKeysWithValues: estimated.accuracy.map { ($0.figure, $0) })
        let pairs = try #require(labels["near-duplicate pairs and clusters at τ (and the curve at and above τ)"])
        #expect(!pairs.exact && pairs.recall?.recall == 1 && pairs.method.contains("stand-in"))
        #expect(estimated.accuracy.contains { $0.figure.hasPrefix("novelty per drift window") && !$0.exact && $0.sampleRows == 1200 })
        #expect(estimated.notes.contains { $0.contains("past --exact-below 100") })
        #expect(estimated.markdownSummary().contains("## How exact each figure is"))
    }

    @Test("past --exact-below with a 25 % sample: novelty and the nearest-neighbour mean within four standard errors of the exact pass")
    func estimatedWithinError() async throws {
        let dataset = Self.dataset(Self.planted(2400))
        var options = AuditOptions()
        options.clusters = 4
        options.windowSize = 600
        let exact = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        options.pairSearch = Self.exactSearch
        options.exactBelow = 100
        options.neighbourSample = 600
        let estimated = try await Auditor.run(dataset: dataset, encoder: nil, options: options).report
        let neighbour = try #require(estimated.accuracy.first { $0.figure.hasPrefix("nearest-neighbour similarity") })
        let error = try #require(neighbour.standardError)
        #expect(abs((estimated.diversity.meanNearestNeighbourSimilarity ?? 0) - (exact.diversity.meanNearestNeighbourSimilarity ?? 1)) < 4 * error)
        let novelty = try #require(estimated.accuracy.first { $0.figure.hasPrefix("novelty") }?.standardError)
        for (a, b) in zip(estimated.drift.windows, exact.drift.windows) {
            #expect(abs(a.novelty - b.novelty) < max(4 * novelty, 0.02), "window \(a.index): \(a.novelty) vs \(b.novelty)")
        }
        #expect(estimated.nearDuplicates.clusterCount == exact.nearDuplicates.clusterCount, "pairs at τ come from the search, not the sample")
    }
}

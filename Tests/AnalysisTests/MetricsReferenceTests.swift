import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Analysis
import TextMetrics

/// The fixture written by scripts/reference/make_analysis_fixtures.py.
struct MetricsReference: Decodable {
    struct MatrixCase: Decodable {
        let name: String
        let rows: Int
        let columns: Int
        let data: [Float]
        let labels: [Int]
        let vendi: VendiScores
        let meanPairwiseCosineDistance: Double
        let silhouette: Double
        let pcaExplainedVarianceRatio: [Double]
        let pcaProjection: [Double]
        var matrix: Matrix { Matrix(rows: rows, columns: columns, storage: data) }
    }
    struct TextCase: Decodable { let texts: [String]; let distinct: [String: Double]; let words: [[String]] }
    struct Histogram: Decodable { let p: [Double]; let q: [Double]; let entropyP: Double; let js: Double }
    struct ARICase: Decodable { let a: [Int]; let b: [Int]; let ari: Double }
    let matrices: [MatrixCase]
    let text: TextCase
    let histograms: [Histogram]
    let ari: [ARICase]

    static func load() throws -> MetricsReference {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/metrics_reference", withExtension: "json"))
        return try JSONDecoder().decode(MetricsReference.self, from: Data(contentsOf: url))
    }
}

@Suite("Metrics against the numpy/scikit-learn reference")
struct MetricsReferenceTests {
    @Test func vendiOrdersMatchTheKernelEigenvalues() throws {
        for item in try MetricsReference.load().matrices {
            let scores = try Diversity.vendi(item.matrix)
            #expect(isClose(scores.order1, item.vendi.order1, absolute: 1e-4, relative: 1e-4), "\(item.name)")
            #expect(isClose(scores.order2, item.vendi.order2, absolute: 1e-4, relative: 1e-4), "\(item.name)")
            #expect(isClose(scores.orderInfinity, item.vendi.orderInfinity, absolute: 1e-4, relative: 1e-4), "\(item.name)")
        }
    }

    @Test func meanPairwiseDistanceInClosedForm() throws {
        for item in try MetricsReference.load().matrices {
            let distance = try #require(Diversity.meanPairwiseCosineDistance(item.matrix))
            #expect(isClose(distance, item.meanPairwiseCosineDistance, absolute: 1e-5), "\(item.name)")
        }
    }

    @Test func silhouetteMatchesScikitLearn() throws {
        for item in try MetricsReference.load().matrices {
            let score = try #require(Silhouette.score(item.matrix, labels: item.labels))
            #expect(isClose(score, item.silhouette, absolute: 1e-4), "\(item.name): \(score) vs \(item.silhouette)")
        }
    }

    @Test func pcaVarianceAndProjection() throws {
        for item in try MetricsReference.load().matrices {
            let pca = try PrincipalComponents(moment: SecondMoment(item.matrix), count: 2)
            #expect(allClose(pca.explainedVarianceRatio, item.pcaExplainedVarianceRatio, absolute: 1e-4), "\(item.name)")
            let projected = pca.project(item.matrix).storage.map(Double.init)
            #expect(allClose(projected, item.pcaProjection, absolute: 1e-3), "\(item.name)")
        }
    }

    @Test func distinctNAndTokenisation() throws {
        let text = try MetricsReference.load().text
        #expect(text.texts.map(Lexical.words) == text.words)
        for n in 1 ... 3 {
            let expected = try #require(text.distinct[String(n)])
            #expect(isClose(Lexical.distinct(n, in: text.texts), expected, absolute: 1e-12), "distinct-\(n)")
            // The audit's numbered words count the same n-grams, over all texts and over a range of them.
            let numbered = NumberedWords(text.words)
            #expect(isClose(numbered.distinct(n), expected, absolute: 1e-12), "numbered distinct-\(n)")
            let half = text.words.count / 2
            #expect(isClose(numbered.distinct(n, in: half ..< text.words.count), Lexical.distinct(n, tokenized: Array(text.words[half...])), absolute: 1e-12))
            #expect(numbered.words(of: half) == text.words[half])
        }
    }

    @Test func entropyAndJensenShannon() throws {
        for histogram in try MetricsReference.load().histograms {
            #expect(isClose(Distribution.entropy(histogram.p), histogram.entropyP, absolute: 1e-12))
            let js = try #require(Distribution.jensenShannon(histogram.p, histogram.q))
            #expect(isClose(js, histogram.js, absolute: 1e-12))
        }
    }

    @Test func adjustedRandIndex() throws {
        for item in try MetricsReference.load().ari {
            #expect(isClose(AdjustedRandIndex.compute(item.a, item.b), item.ari, absolute: 1e-12))
        }
    }
}

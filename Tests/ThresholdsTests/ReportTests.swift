import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import CommandLineSupport
import LinearAlgebra
import PersonaKit
import Testing
import TestSupport
@testable import Thresholds

func isWellFormedXML(_ text: String) -> Bool { XMLParser(data: Data(text.utf8)).parse() }

@Suite struct SPBHeuristicTests {
    func persona(_ background: String, _ traits: [String]) -> Persona {
        Persona(name: "N", username: nil, age: 30, traits: traits, background: background, chattingStyle: "short")
    }

    @Test func sameFirstWordAndThreeSharedTraits() {
        let a = persona("Retired nurse who gardens.", ["kind", "calm", "curious", "shy"])
        #expect(persona("Retired pilot flying kites.", ["kind", "calm", "curious"]).isSPBNearDuplicate(of: a))
        // Only two shared traits.
        #expect(!persona("Retired pilot.", ["kind", "calm", "bold"]).isSPBNearDuplicate(of: a))
        // First word differs by case: the original compares exactly.
        #expect(!persona("retired pilot.", ["kind", "calm", "curious"]).isSPBNearDuplicate(of: a))
        // Leading whitespace is not a word.
        #expect(persona("  Retired\tpilot.", ["kind", "calm", "curious"]).isSPBNearDuplicate(of: a))
        // Empty background: never similar (the original raised and dropped the persona).
        #expect(!persona("", ["kind", "calm", "curious"]).isSPBNearDuplicate(of: persona("", ["kind", "calm", "curious"])))
    }
}

@Suite struct DatasetSweepAnalysisTests {
    /// Four items: 0–1 score 0.80, 1–2 0.90, 1–3 0.90 (non-monotone kept counts), via 2-D geometry.
    func items(_ n: Int) -> [SweepItem] { (0 ..< n).map { SweepItem(line: $0 + 1, text: "text <\($0)> & more") } }

    func clustered(seed: UInt64) -> Matrix {
        var random = SplitMix64(seed: seed)
        let centres = random.unitRows(8, columns: 16)
        var m = Matrix(rows: 0, columns: 16)
        for i in 0 ..< 120 { m.append(row: centres.row(i % 8).map { $0 + 0.2 * random.nextGaussian() }) }
        Vectors.normalizeRows(&m)
        return m
    }

    @Test func keepChoosesTheLargestThresholdReachingTheTarget() {
        let vectors = clustered(seed: 11)
        let grid = thresholdGrid(from: 0.70, through: 0.99, step: 0.01)
        let sweep = DedupSweep(vectors: vectors, minimumThreshold: 0.6)
        let counts = grid.map { sweep.kept(at: $0).filter { $0 }.count }
        let target = counts[counts.count / 2]
        let report = DatasetSweepAnalysis.run(items: items(120), vectors: vectors, encoder: "test", source: "s.txt",
                                              grid: grid, threshold: 0.85, keep: target)
        let expected = zip(grid, counts).filter { $0.1 <= target }.map(\.0).max()
        #expect(report.chosenThreshold == expected)
        #expect(report.keptAtChosen <= target)
        #expect(report.rows.map(\.kept) == counts)
        #expect(report.bands.count == 6)
        for band in report.bands {
            #expect(band.examples.count == min(band.pairCount, 3))
            #expect(band.examples.allSatisfy { $0.score >= band.lower && $0.score < band.upper && $0.earlierLine < $0.laterLine })
        }
        let unreachable = DatasetSweepAnalysis.run(items: items(120), vectors: vectors, encoder: "test", source: "s.txt",
                                                   grid: grid, threshold: 0.85, keep: 0)
        #expect(unreachable.chosenThreshold == 0.85 && unreachable.notes.contains { $0.contains("--keep 0") })
    }

    @Test func reportsRenderAsWellFormedEscapedHTMLAndRoundTripJSON() throws {
        let vectors = clustered(seed: 5)
        let report = DatasetSweepAnalysis.run(items: items(120), vectors: vectors, encoder: "test", source: "a<b>.txt",
                                              grid: thresholdGrid(from: 0.7, through: 0.99, step: 0.01), threshold: 0.8, keep: nil)
        let html = report.html()
        #expect(isWellFormedXML(html))
        #expect(html.contains("text &lt;") && !html.contains("text <"))
        #expect(report.text().contains("Chosen τ = 0.80"))
        let data = try JSONEncoder().encode(report)
        let decoded = try JSONDecoder().decode(DatasetSweepReport.self, from: data)
        #expect(decoded.rows == report.rows && decoded.bands == report.bands)
    }

    @Test func heuristicComparisonForPersonaDatasets() {
        let traits = ["kind", "calm", "curious"]
        let personas = [
            Persona(name: "A", username: nil, age: 30, traits: traits, background: "Baker in Oslo.", chattingStyle: "x"),
            Persona(name: "B", username: nil, age: 31, traits: traits, background: "Baker in Rome.", chattingStyle: "x"),
            Persona(name: "C", username: nil, age: 32, traits: ["bold"], background: "Pilot.", chattingStyle: "x"),
        ]
        let items = personas.enumerated().map { SweepItem(line: $0.offset + 1, text: $0.element.background, persona: $0.element) }
        var vectors = Matrix(columns: 2, rowVectors: [[1, 0], [1, 0.1], [0, 1]])
        Vectors.normalizeRows(&vectors)
        let report = DatasetSweepAnalysis.run(items: items, vectors: vectors, encoder: "test", source: "p.jsonl",
                                              grid: [0.9, 0.99, 0.999], threshold: 0.99, keep: nil)
        #expect(report.heuristic == .init(flaggedAgainstAnyEarlier: 1, flaggedAgainstPrevious20: 1, flaggedAndRemovedAtThreshold: 1))
        #expect(report.rows.map(\.kept) == [2, 2, 3])
    }
}

@Suite struct PairReportTests {
    @Test func textMarkdownAndHTMLCarryTheNumbers() async throws {
        let url = try temporaryFile("1\tthe cat sat down\tthe cat sat down today\t1\n2\tthe cat sat\ta dog ran off\t0\n3\tbig red bus\tthe big red bus\t1\n4\tbig red bus\tquiet blue lake\t0\n")
        let report = try await ThresholdRuns.pairs(files: [url], spec: nil, scorers: [.jaccard, .hashedNGrams], threshold: 0.5, title: "Tiny | set")
        #expect(report.evaluations.count == 2)
        #expect(report.evaluations.allSatisfy { isClose($0.rocAUC ?? 0, 1) })
        let markdown = report.markdown()
        #expect(markdown.hasPrefix("## Tiny | set"))
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("| \(url.lastPathComponent)") }.count == 2)
        #expect(isWellFormedXML(report.html()))
        #expect(report.text().contains("PAWS preset"))
    }
}

@Suite struct MiniLMScorerTests {
    @Test(.enabled(if: SharedData.modelDirectory != nil, "skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh)"))
    func paraphrasesOutscoreUnrelatedPairs() async throws {
        let scorer = EncoderPairScorer(name: "minilm", encoder: try ThresholdEncoders.miniLM())
        let scores = try await scorer.scores([
            ("I walk my dog every morning.", "Each morning I take my dog for a walk."),
            ("I walk my dog every morning.", "Quarterly revenue rose by four percent."),
        ])
        #expect(scores[0] > 0.7 && scores[1] < 0.3, "\(scores)")
    }
}

import CommandLineSupport
import Foundation
import PersonaKit
import Testing
import TestSupport
@testable import Thresholds

/// The persona-pair split of `Benchmarks/persona-pairs` at `name` (in the repository).
private func personaPairs(_ name: String) -> URL {
    SharedData.repositoryRoot.appendingPathComponent("Benchmarks/persona-pairs/\(name).jsonl")
}

/// A persona-pair JSONL line.
private func line(label: Int, kind: String?, a: String = #"{"name":"A","username":null,"age":30,"traits":["calm"],"background":"Vet.","chatting_style":"Short."}"#,
                  b: String = #"{"name":"B","username":"b","age":40,"traits":["bold"],"background":"Herder.","chatting_style":"Long."}"#) -> String {
    #"{"id":"x","label":\#(label),"#
        + (kind.map { #""kind":"\#($0)","# } ?? "")
        + #""a":\#(a),"b":\#(b)}"#
}

@Suite struct PersonaPairTests {
    @Test func devSplitIsDetectedAsPersonaPairsWithKindsAndTemplateTexts() throws {
        let set = try PairFileReader.readDetectingPreset(personaPairs("dev"))
        #expect(set.spec.presetName == "persona pairs")
        #expect(set.pairs.count == 160 && set.positives == 80 && set.hasPersonas)
        #expect(Set(set.pairs.compactMap(\.kind)).count == 9)
        let first = try #require(set.pairs.first)
        let personas = try #require(first.personas)
        #expect(first.first == PersonaTextTemplate.default.render(personas.first))
        #expect(first.second.hasPrefix("Traits: ambitious, outgoing, restless, fashionable. Background: Legal assistant"))
        #expect(try PairFileReader.readDetectingPreset(personaPairs("test")).pairs.count == 90)
    }

    @Test func kindIsOptionalAndAMalformedPersonaNamesItsField() throws {
        let url = try temporaryFile(line(label: 1, kind: "reworded") + "\n" + line(label: 0, kind: nil) + "\n", suffix: ".jsonl")
        let set = try PairFileReader.readDetectingPreset(url)
        #expect(set.pairs.map(\.kind) == ["reworded", nil])
        #expect(set.pairs.map(\.isDuplicate) == [true, false])
        let bad = try temporaryFile(line(label: 1, kind: "x", a: #"{"name":"A","age":30,"traits":"calm","background":"V","chatting_style":"S"}"#) + "\n",
                                    suffix: ".jsonl")
        let error = try pairError { _ = try PairFileReader.readDetectingPreset(bad) }
        #expect(error.line == 1 && error.field == "column a.traits", "\(error)")
    }

    @Test func textPairsAreNotPersonaPairs() throws {
        let url = try temporaryFile(#"{"a":"one text","b":"another","label":1}"# + "\n", suffix: ".jsonl")
        let spec = PairFileSpec(format: .jsonl, hasHeader: false, labelColumn: .name("label"), textColumns: (.name("a"), .name("b")), rule: .binary)
        let set = try PairFileReader.read(url, spec: spec)
        #expect(!set.hasPersonas && set.pairs.first?.kind == nil)
        #expect(PairFileSpec.detect(firstLine: #"{"a":"one text","b":"another","label":1}"#) == nil)
    }

    @Test func fieldsOnTextPairsFailsBeforeAnyModelLoads() async throws {
        let url = try temporaryFile("1\tA then B .\tB then A .\t0\n2\tA then B .\tA , then B .\t1\n")
        await #expect(throws: PersonaPairsNeeded(set: url.lastPathComponent, by: .fieldsScore)) {
            _ = try await ThresholdRuns.pairs(files: [url], spec: nil, scorers: [.jaccard, .fields], threshold: 0.8, title: "x")
        }
        #expect(ThresholdEncoders.defaultScorers(for: .fields) == [.minilm, .fields, .jaccard])
        #expect(ThresholdEncoders.defaultScorers(for: .cosine) == [.minilm, .hashedNGrams, .jaccard])
    }

    @Test func accuracyByKindCountsDecisionsAtTheThreshold() {
        let pairs = [(true, "reworded", 0.9), (true, "reworded", 0.2), (false, "shared-words", 0.95), (false, "shared-words", 0.1), (false, "none", 0.1)]
            .enumerated().map { index, pair in
                LabelledPair(line: index + 1, first: "a", second: "b", isDuplicate: pair.0, kind: pair.1 == "none" ? nil : pair.1)
            }
        let kinds = KindAccuracy.byKind(pairs, scores: [0.9, 0.2, 0.95, 0.1, 0.1], threshold: 0.5)
        #expect(kinds == [KindAccuracy(kind: "reworded", count: 2, positives: 2, correct: 1),
                          KindAccuracy(kind: "shared-words", count: 2, positives: 0, correct: 1)])
        #expect(kinds[0].accuracy == 0.5)
    }

    @Test func reportShowsEachScorersOwnThresholdAndAccuracyByKind() async throws {
        let set = try PairFileReader.readDetectingPreset(personaPairs("dev"))
        let report = try await PairBenchmarkReport.run(
            title: "Persona pairs", sets: [set], threshold: 0.8,
            scorers: { _ in [WordJaccardScorer(), ConstantScorer()] }, thresholdFor: { $0 == "constant" ? 0.5 : 0.8 })
        #expect(report.evaluations.map(\.threshold) == [0.8, 0.5])
        #expect(report.evaluations.allSatisfy { $0.kinds.count == 9 })
        let text = report.text()
        #expect(text.contains("F1@fixed") && text.contains("Accuracy by kind on dev.jsonl") && text.contains("constant @ 0.50"))
        #expect(report.markdown().contains("| reworded | 20 | 20 |"))
        #expect(isWellFormedXML(report.html()))
        let decoded = try JSONDecoder().decode(PairBenchmarkReport.self, from: JSONEncoder().encode(report))
        #expect(decoded.evaluations.map(\.kinds) == report.evaluations.map(\.kinds))
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil, "skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh)"))
    func fieldsScoreRunsEndToEndOnPersonaPairs() async throws {
        let lines = try String(contentsOf: personaPairs("dev"), encoding: .utf8).split(separator: "\n").prefix(16)
        let url = try temporaryFile(lines.joined(separator: "\n") + "\n", suffix: ".jsonl")
        let report = try await ThresholdRuns.pairs(files: [url], spec: nil, scorers: ThresholdEncoders.defaultScorers(for: .fields),
                                                   threshold: Double(ThresholdDefaults.gate), title: "Persona pairs")
        #expect(report.evaluations.map(\.scorer) == ["minilm", "fields", "jaccard"])
        #expect(report.evaluations.map(\.threshold) == [Double(ThresholdDefaults.gate), ThresholdDefaults.fieldsProbability, Double(ThresholdDefaults.gate)])
        let fields = try #require(report.evaluations.first { $0.scorer == "fields" })
        #expect((fields.rocAUC ?? 0) > 0.8, "fields ROC-AUC \(fields.rocAUC ?? 0) on 16 dev pairs")
        print(report.text())
    }
}

/// Scores every pair 0.6 (stands in for a scorer with its own fixed threshold).
private struct ConstantScorer: PairScorer {
    let name = "constant"
    func scores(_ pairs: [(String, String)]) async throws -> [Double] { pairs.map { _ in 0.6 } }
}

import Embedding
import Foundation
import Testing
import TestSupport
@testable import Thresholds

@Suite("Threshold tools: texts MiniLM cannot read")
struct UnreadableSweepTests {
    static let texts = [MultilingualPersonas.english, MultilingualPersonas.englishOther, MultilingualPersonas.french,
                        MultilingualPersonas.thai, MultilingualPersonas.thaiOther, MultilingualPersonas.chinese, MultilingualPersonas.chineseOther]
    static var items: [SweepItem] { texts.enumerated().map { SweepItem(line: $0 + 1, text: $1) } }

    func sweep(limit: Double) async throws -> DatasetSweepReport {
        try await ThresholdRuns.sweep(items: Self.items, source: "mixed.txt", encoder: .minilm, grid: [0.8, 0.9],
                                      threshold: 0.8, keep: nil, examplesPerBand: 1, maxUnreadableShare: limit)
    }

    @Test("The dataset sweep leaves unreadable texts out and says how many",
          .enabled(if: SharedData.modelDirectory != nil, "models/all-MiniLM-L6-v2 is absent"))
    func sweepExcludes() async throws {
        let report = try await sweep(limit: TextReadability.defaultMaxUnreadableShare)
        #expect(report.count == 3)
        #expect(report.unreadableExcluded == 4)
        #expect(report.rows.allSatisfy { $0.removed == 0 })
        #expect(report.notes.contains { $0.hasPrefix("4 items left out") })
        let everything = try await sweep(limit: 1)
        #expect(everything.unreadableExcluded == 0)
        #expect((everything.rows.first?.removed ?? 0) >= 1, "the two unrelated Thai personas score as near-duplicates")
    }

    @Test("Labelled pairs with an unreadable side are dropped for every scorer and counted",
          .enabled(if: SharedData.modelDirectory != nil, "models/all-MiniLM-L6-v2 is absent"))
    func pairsDropped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unreadable-pairs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pairs.jsonl")
        let lines = [(MultilingualPersonas.english, MultilingualPersonas.english + " She also sings.", 1),
                     (MultilingualPersonas.english, MultilingualPersonas.englishOther, 0),
                     (MultilingualPersonas.thai, MultilingualPersonas.thaiOther, 0),
                     (MultilingualPersonas.english, MultilingualPersonas.chinese, 0)]
        try lines.map { a, b, label in
            let object: [String: Any] = ["a": a, "b": b, "label": label]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let spec = PairFileSpec(format: .jsonl, hasHeader: false, labelColumn: .name("label"), textColumns: (.name("a"), .name("b")), rule: .binary)
        let report = try await ThresholdRuns.pairs(files: [file], spec: spec, scorers: [.minilm, .jaccard], threshold: 0.8, title: "t")
        #expect(report.evaluations.allSatisfy { $0.positives == 1 && $0.negatives == 1 })
        #expect(report.sets[0].notes.contains("2 pairs dropped (a side unreadable to MiniLM, labelled not duplicate)"))
    }
}

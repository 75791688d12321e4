import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import RunFormat
import Testing
import TestSupport
@testable import Analysis
import TextMetrics

/// A deterministic bag-of-words encoder: each word adds a fixed pseudo-random vector.
struct BagOfWordsEncoder: TextEncoder {
    let dimension = 64
    let identifier = "fake-bag-of-words"

    func encode(_ texts: [String]) async throws -> Matrix {
        var result = Matrix(rows: texts.count, columns: dimension)
        for (row, text) in texts.enumerated() {
            for word in Lexical.words(text) {
                var random = SplitMix64(seed: word.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
                for column in 0 ..< dimension { result[row, column] += random.nextGaussian() }
            }
        }
        Vectors.normalizeRows(&result)
        return result
    }
}

/// A fresh run directory holding `personas.jsonl` with `personas`; the caller removes it.
func runDirectory(holding personas: [Persona]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try personas.map { $0.jsonLine() }.joined(separator: "\n").write(to: directory.appendingPathComponent("personas.jsonl"), atomically: true, encoding: .utf8)
    return directory
}

/// Personas from `templates.count` background templates, each filled with varied words.
func templatedPersonas(perTemplate: Int, seed: UInt64) -> (personas: [Persona], truth: [Int]) {
    let templates = [
        "A former lighthouse keeper who now restores old clocks and sails on weekends near the harbour",
        "Night shift nurse in a busy city hospital who unwinds by baking sourdough bread at dawn",
        "College student majoring in astrophysics who streams retro video games late into the night",
        "Retired welder raising chickens on a small farm and fixing tractors for the neighbours",
        "Corporate lawyer working long hours on a merger who secretly writes fantasy novels",
    ]
    let fillers = ["quietly", "happily", "often", "lately", "mostly", "rarely", "proudly", "still"]
    var random = SplitMix64(seed: seed)
    var personas = [Persona](), truth = [Int]()
    for index in 0 ..< templates.count * perTemplate {
        let template = Int.random(in: 0 ..< templates.count, using: &random)
        let extra = (0 ..< 2).map { _ in fillers[Int.random(in: 0 ..< fillers.count, using: &random)] }.joined(separator: " ")
        personas.append(Persona(name: "Person \(index)", username: nil, age: 20 + index % 50, traits: ["calm", "curious", "kind"],
                                background: "\(templates[template]), \(extra).", chattingStyle: "Writes short lines, \(extra).", id: "p\(index)"))
        truth.append(template)
    }
    return (personas, truth)
}

@Suite("Audit end to end")
struct AuditEndToEndTests {
    @Test func plantedTropesAndDuplicatesThroughTheWholeAudit() async throws {
        var (personas, truth) = templatedPersonas(perTemplate: 40, seed: 3)
        personas.append(personas[7])          // an exact duplicate
        truth.append(truth[7])
        personas[12].age = 90                  // a rule violation
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("personas.jsonl")
        try personas.map { $0.jsonLine() }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)

        let dataset = try AuditDataset.read(input, options: .init())
        #expect(dataset.count == personas.count)
        var options = AuditOptions()
        options.clusters = 5
        options.threshold = 0.999
        let result = try await Auditor.run(dataset: dataset, encoder: BagOfWordsEncoder(), options: options)
        let ari = AdjustedRandIndex.compute(result.items.clusters, truth)
        #expect(ari >= 0.8, "ARI \(ari)")
        let validity = try #require(result.report.validity)
        #expect(validity.exactDuplicateGroups == 1)
        #expect(validity.violationsByRule.first { $0.rule == "age-range" }?.count == 1)
        #expect(result.report.nearDuplicates.itemsInClusters >= 2)
        #expect(result.items.nearDuplicateCluster[7] >= 0 && result.items.nearDuplicateCluster[7] == result.items.nearDuplicateCluster[personas.count - 1])

        let out = directory.appendingPathComponent("out")
        try result.write(to: out, name: "planted", mapPoints: 100, seed: 1, subtitle: nil)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        #expect(json?["diversity"] != nil)
        let csv = try String(contentsOf: out.appendingPathComponent("notebooks-data/planted/personas.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == personas.count + 1)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
    }

    @Test func malformedInputThrowsInStrictModeAndIsCountedWithSkip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("bad.jsonl")
        let good = templatedPersonas(perTemplate: 1, seed: 1).personas.map { $0.jsonLine() }
        try (good + ["{\"name\": 3}"]).joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try AuditDataset.read(input, options: .init()) }
        let skipped = try AuditDataset.read(input, options: .init(mode: .skip))
        #expect(skipped.count == good.count && skipped.skippedRecords == 1)
    }

    @Test func runDirectoryReusesEmbeddingsAndEvents() async throws {
        let (personas, _) = templatedPersonas(perTemplate: 12, seed: 8)
        let directory = try runDirectory(holding: personas)
        defer { try? FileManager.default.removeItem(at: directory) }
        try EmbeddingFile.write(try await BagOfWordsEncoder().encode(personas.map(\.background)), to: directory.appendingPathComponent(RunFiles.embeddings))
        var events = [AttemptEvent]()
        for (index, persona) in personas.enumerated() {
            let attempt = 2 * index + 1
            events.append(AttemptEvent(attempt: attempt, components: RunFixture.blueprint(profession: "Nurse"), referenceSource: attempt % 10 == 1 ? .seeds : .recent,
                                       references: [], decision: AttemptEvent.accepted, id: persona.id, faults: []))
            events.append(AttemptEvent(attempt: attempt + 1, components: RunFixture.blueprint(profession: "Nurse"), referenceSource: .recent, references: [],
                                       decision: RejectReason.nearDuplicate.rawValue, faults: []))
        }
        try RunFixture.writeEvents(events, in: directory)
        let dataset = try AuditDataset.read(directory, options: .init())
        #expect(dataset.storedEmbeddings?.rows == personas.count)
        let run = try #require(dataset.run)
        #expect(run.acceptedAttempts.compactMap { $0 }.count == personas.count)
        #expect(run.rejectedCount == personas.count)
        #expect(run.sampled.first??.profession == "Nurse")
        var options = AuditOptions()
        options.windowSize = 20
        let result = try await Auditor.run(dataset: dataset, encoder: nil, options: options)
        #expect(result.report.input.embeddingsReused)
        #expect(result.report.input.embeddingsSource == "stored embeddings: the run directory's embeddings.f32")
        #expect((result.report.peakResidentBytes ?? 0) > 0, "the audit states its peak resident memory")
        #expect(result.report.markdownSummary().contains("Peak resident memory of the audit: "))
        #expect(result.report.drift.windows.allSatisfy { isClose($0.rejectRate ?? -1, 0.5, absolute: 0.03) })
    }

    @Test func runWithoutInputsUsesTheBundledComponents() async throws {
        let (personas, _) = templatedPersonas(perTemplate: 12, seed: 9)
        let directory = try runDirectory(holding: personas)
        defer { try? FileManager.default.removeItem(at: directory) }
        let noManifest = try AuditDataset.read(directory, options: .init())
        #expect(noManifest.run?.components == nil, "no manifest: the components are unknown")

        // spb-generate leaves `inputs` out of the manifest when it sampled from the bundled set.
        try RunFixture.writeManifest(in: directory)
        let bundled = try #require(try AuditDataset.read(directory, options: .init()).run?.components)
        #expect(bundled.components == (try PersonaComponents.bundledDefault()))
        #expect(bundled.components.professions.count > 100)
        #expect(bundled.source.contains("bundled"))

        var options = AuditOptions()
        options.windowSize = 20
        let result = try await Auditor.run(dataset: try AuditDataset.read(directory, options: .init()), encoder: BagOfWordsEncoder(), options: options)
        #expect(result.report.fit?.componentsFile == bundled.source)

        // spb-generate --components FILE records the file; the audit fits against it.
        let override = directory.appendingPathComponent("my_components.json")
        try FileManager.default.copyItem(at: try #require(PersonaComponents.bundledDirectory).appendingPathComponent("persona_components.json"), to: override)
        try RunFixture.writeManifest(in: directory, settings: RunFixture.settings(inputOverrides: ["persona_components.json": override.path]))
        let overridden = try #require(try AuditDataset.read(directory, options: .init()).run?.components)
        #expect(overridden.source.hasSuffix("my_components.json"))
    }
}

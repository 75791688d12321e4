import Analysis
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Publishing
import RunFormat
import Testing
import TestSupport

@Suite("Split: command line, files and records")
struct SplitCommandLineTests {
    /// Runs `spb-analyze split` with the planted encoder; returns status, stdout and stderr.
    static func run(_ arguments: [String], encoder: PlantedEncoder?) async -> (status: Int32, output: String, errors: String) {
        let output = Captured(), errors = Captured()
        let status = await SplitCommandLine.run(arguments, models: { needsEncoder in (needsEncoder ? encoder : nil, nil) },
                                                output: output.append, errorOutput: errors.append)
        return (status, output.value, errors.value)
    }

    static func report(_ folder: ScratchFolder) throws -> SplitReport {
        try JSONDecoder().decode(SplitReport.self, from: Data(contentsOf: folder.file("out/" + PublishedFiles.splitReport)))
    }

    static func splitLines(_ folder: ScratchFolder) throws -> [[String]] {
        try PublishedFiles.splits.map { try folder.lines("out/" + PublishedFiles.split($0)) }
    }

    @Test("--help lists every option with its default and exits 0")
    func help() async {
        let result = await Self.run(["--help"], encoder: nil)
        #expect(result.status == 0)
        for option in SplitCommandLine.options { #expect(result.output.contains(option.name), "\(option.name)") }
        for text in ["--ratios <train,validation,test>", "(default: 0.8,0.1,0.1)", "(default: \(String(format: "%.2f", MiniLMEncoder.defaultDuplicateThreshold)))", "(default: 42)", "(default: 0.50)", "(default: split)", "--help"] {
            #expect(result.output.contains(text), "\(text)")
        }
        #expect(result.errors.isEmpty)
    }

    @Test("A bad --ratios is a usage error (64)", arguments: ["0.5,0.5", "0.8,0.1,0.2", "a,b,c", "-0.1,0.6,0.5", "0,0.5,0.5", "0.8,,0.2"])
    func badRatios(ratios: String) async {
        let result = await Self.run(["in.jsonl", "--ratios", ratios], encoder: nil)
        #expect(result.status == 64)
        #expect(result.errors.hasPrefix("error: --ratios"))
        #expect(result.errors.contains("hint:"))
    }

    @Test("Other usage errors exit 64", arguments: [["--threshold", "1.5"], ["--hold-out-by", "cluster", "--ratios", "0.9,0.1,0"], ["--max-unreadable", "2"], ["--bogus"], []])
    func usageErrors(extra: [String]) async {
        let result = await Self.run((extra.isEmpty ? [] : ["in.jsonl"]) + extra, encoder: nil)
        #expect(result.status == 64, "\(extra): \(result.errors)")
    }

    @Test("A malformed record exits 65 naming the file and line; a missing field to hold out by exits 65 naming it")
    func badInput() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let data = PlantedData(groups: 4, maxSize: 2, seed: 3)
        let lines = data.personas.map { $0.jsonLine() }
        try (lines[0 ..< 2].joined(separator: "\n") + "\n{\"name\": \"broken\"\n" + lines[2...].joined(separator: "\n")).write(to: folder.file("bad.jsonl"), atomically: true, encoding: .utf8)
        let bad = await Self.run([folder.file("bad.jsonl").path, "--out", folder.file("out").path], encoder: PlantedEncoder(rows: data.embeddings))
        #expect(bad.status == 65)
        #expect(bad.errors.contains("bad.jsonl:3"), "\(bad.errors)")

        try lines.joined(separator: "\n").write(to: folder.file("good.jsonl"), atomically: true, encoding: .utf8)
        let missing = await Self.run([folder.file("good.jsonl").path, "--out", folder.file("out").path, "--hold-out-by", "region"],
                                     encoder: PlantedEncoder(rows: data.embeddings))
        #expect(missing.status == 65)
        #expect(missing.errors.contains("region"), "\(missing.errors)")
    }

    @Test("Persona JSONL: every original line comes out once, byte for byte, with every field, and the report is written")
    func personaFieldsSurvive() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let data = PlantedData(groups: 120, seed: 5)
        // Sorted keys and a numeric id: not the form Persona.jsonLine() writes, so equality shows the original lines are kept.
        var lines = data.personas.map { $0.jsonValue.jsonText }
        lines[0] = lines[0].replacingOccurrences(of: "\"id\":\"p-0\"", with: "\"id\":1000")
        #expect(lines[0].contains("\"id\":1000"))
        try (lines.joined(separator: "\n") + "\n").write(to: folder.file("personas.jsonl"), atomically: true, encoding: .utf8)
        let result = await Self.run([folder.file("personas.jsonl").path, "--out", folder.file("out").path, "--clusters", "3", "--seed", "9"],
                                    encoder: PlantedEncoder(rows: data.embeddings))
        #expect(result.status == 0, "\(result.errors)")
        let written = try Self.splitLines(folder)
        #expect(written.flatMap { $0 }.sorted() == lines.sorted())
        for line in written.flatMap({ $0 }) {
            let value = try JSONValue.parse(line)
            #expect(value["source_note"]?["batch"] != nil)
            #expect(value["profession"] != nil && value["id"] != nil && value["model"] != nil)
        }
        let report = try Self.report(folder)
        #expect(report.groupAware.sizes == written.map(\.count))
        #expect(report.settings.seed == 9 && report.settings.clusters == 3)
        #expect(report.groupAware.leakage.leaked == 0 && report.random.leakage.leaked > 0)
        #expect(result.output.contains("group-aware split: 0 of"))
        let markdown = try String(contentsOf: folder.file("out/" + PublishedFiles.splitSummary), encoding: .utf8)
        #expect(markdown.contains("## Leakage") && markdown.contains("## Stratification"))
    }

    @Test("JSONL with --text-field keeps each line byte for byte; plain text becomes {\"text\": …}")
    func textInputs() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let data = PlantedData(groups: 30, maxSize: 3, seed: 8)
        let objects = data.personas.indices.map { "{\"body\": \"Item P#\($0)#\", \"meta\": {\"k\": [1, 2.5]},  \"id\": \"x\($0)\"}" }
        try objects.joined(separator: "\n").write(to: folder.file("items.jsonl"), atomically: true, encoding: .utf8)
        let jsonl = await Self.run([folder.file("items.jsonl").path, "--text-field", "body", "--out", folder.file("out").path, "--clusters", "2"],
                                   encoder: PlantedEncoder(rows: data.embeddings))
        #expect(jsonl.status == 0, "\(jsonl.errors)")
        #expect(try Self.splitLines(folder).flatMap { $0 }.sorted() == objects.sorted())

        let texts = data.personas.indices.map { "Item P#\($0)# with \"quotes\"" }
        try texts.joined(separator: "\n").write(to: folder.file("items.txt"), atomically: true, encoding: .utf8)
        let plain = await Self.run([folder.file("items.txt").path, "--out", folder.file("out").path, "--clusters", "2"], encoder: PlantedEncoder(rows: data.embeddings))
        #expect(plain.status == 0, "\(plain.errors)")
        let decoded = try Self.splitLines(folder).flatMap { $0 }.map { line -> String in
            guard case let .string(text)? = try JSONValue.parse(line)["text"] else { return "" }
            return text
        }
        #expect(decoded.sorted() == texts.sorted())
    }

    @Test("A run directory: stored embeddings reused, personas.jsonl lines unchanged, whole professions (from events.jsonl) held out in test")
    func runDirectory() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let data = PlantedData(groups: 400, seed: 21)
        let run = folder.file("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let lines = data.personas.map { $0.jsonLine() }
        try (lines.joined(separator: "\n") + "\n").write(to: run.appendingPathComponent("personas.jsonl"), atomically: true, encoding: .utf8)
        // Professions logged in events (one per planted group) differ from the records' own field, to show which one is used.
        let logged = data.groupOf.map { "job-\($0 % 9)" }
        try RunFixture.writeEvents(data.personas.enumerated().map { index, persona in
            AttemptEvent(attempt: index + 1, components: RunFixture.blueprint(profession: logged[index]), referenceSource: .recent, references: [],
                         decision: AttemptEvent.accepted, id: persona.id, faults: [])
        }, in: run)
        var bytes = Array("SPBE".utf8)
        func word(_ value: UInt32) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)] }
        word(1); word(UInt32(data.embeddings.columns)); word(0)
        for value in data.embeddings.storage { word(value.bitPattern) }
        try Data(bytes).write(to: run.appendingPathComponent("embeddings.f32"))

        let result = await Self.run([run.path, "--out", folder.file("out").path, "--hold-out-by", "profession", "--clusters", "4"], encoder: nil)
        #expect(result.status == 0, "\(result.errors)")
        let written = try Self.splitLines(folder)
        #expect(written.flatMap { $0 }.sorted() == lines.sorted())
        let professionOf = Dictionary(uniqueKeysWithValues: zip(lines, logged))
        let testProfessions = Set(written[2].compactMap { professionOf[$0] })
        let otherProfessions = Set((written[0] + written[1]).compactMap { professionOf[$0] })
        #expect(!testProfessions.isEmpty && !otherProfessions.isEmpty)
        #expect(testProfessions.isDisjoint(with: otherProfessions))
        let report = try Self.report(folder)
        #expect(report.input.encoder == "stored embeddings")
        #expect(report.heldOut?.values == 9)
        #expect(report.groupAware.stratification.deviations.contains { $0.variable == "profession" })
        #expect(report.groupAware.leakage.leaked == 0)
        #expect(report.random.leakage.leaked > 0)
    }
}

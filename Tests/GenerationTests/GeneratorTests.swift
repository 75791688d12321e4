import Foundation
import LLMClient
@testable import Generation
import PersonaKit
import RunFormat
import Testing

@Suite("Generation loop")
struct GeneratorTests {
    func generator(_ chat: PersonaChat, count: Int, concurrency: Int = 4, resetEvery: Int = 50, maxAttempts: Int? = nil,
                   gate: GateMode = .semantic) -> PersonaGenerator {
        let config = GenerationConfig(target: count, seed: 9, concurrency: concurrency, references: ReferencePolicy(resetEvery: resetEvery),
                                      gate: gate, model: "scripted-model", maxAttempts: maxAttempts, score: .cosine)
        return PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder())
    }

    static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func personas(_ directory: URL) throws -> [Persona] {
        try lines(directory.appendingPathComponent(RunFiles.personas)).map {
            try Persona(json: try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)))
        }
    }

    @Test("a run writes aligned personas, embeddings, events and a manifest without secrets")
    func outputs() async throws {
        let directory = TestInputs.temporaryDirectory()
        let summary = try await generator(ScriptedChat().chat { n, _ in ScriptedChat.distinctReply(n) }, count: 6)
            .run(in: directory, mode: .fresh)
        #expect(summary.completion == .reachedTarget)
        let personas = try Self.personas(directory)
        #expect(personas.count == 6)
        #expect(Set(personas.compactMap(\.id)).count == 6)
        #expect(personas.allSatisfy { $0.model == "scripted-model" && $0.name != "Model Name" && $0.username != "model_user" })
        #expect(try EmbeddingFile.read(directory.appendingPathComponent(RunFiles.embeddings))?.rows == 6)
        let events = try Self.lines(directory.appendingPathComponent(RunFiles.events))
        #expect(events.count == summary.statistics.attempts)
        #expect(events.allSatisfy { $0.contains("\"latency_ms\"") && $0.contains("\"components\"") })
        let manifest = try GenerationManifest.read(directory: directory)
        #expect(manifest.config.threshold == GenerationConfig.defaultThreshold)
        #expect(manifest.encoderIdentifier == BagOfWordsEncoder().identifier)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("generate.lock").path), "lock released")
        #expect(summary.statistics.promptTokens == 100 * summary.statistics.attempts)
    }

    @Test("prompts reference seeds first, then the last accepted personas, and seeds again at each reset")
    func referencesInPrompts() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = ScriptedChat()
        _ = try await generator(chat.chat { n, _ in ScriptedChat.distinctReply(n) }, count: 8, concurrency: 1, resetEvery: 6)
            .run(in: directory, mode: .fresh)
        let prompts = chat.prompts.map(\.user)
        #expect(prompts.count == 8)
        let seedBackgrounds = TestInputs.personas().map(\.background)
        func seedCount(_ prompt: String) -> Int { seedBackgrounds.filter { prompt.contains($0) }.count }
        #expect(prompts[0 ..< 3].allSatisfy { seedCount($0) == 3 }, "fewer than 3 accepted: seeds")
        #expect(seedCount(prompts[3]) == 0 && prompts[3].contains("w0x0"), "attempt 4 shows accepted personas")
        #expect(seedCount(prompts[5]) == 3, "attempt 6 = reset-every: seeds")
        #expect(seedCount(prompts[6]) == 0)
    }

    @Test("concurrent near-identical candidates: exactly one is accepted")
    func atomicGate() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = ScriptedChat().chat { n, _ in
            // Same persona every time, with one word that differs: near-duplicates, not exact ones.
            #"{"age": 30, "traits": ["calm", "warm", "blunt"], "background": "Night-shift nurse who keeps bees on a city rooftop and sells the honey at a Sunday market near the river, variant\#(n % 3).", "chatting_style": "short lines, no emoji"}"#
        }
        let summary = try await generator(chat, count: 3, concurrency: 8, maxAttempts: 16).run(in: directory, mode: .fresh)
        #expect(summary.statistics.accepted == 1)
        #expect(summary.completion == .attemptsExhausted)
        #expect(summary.statistics.rejects[.nearDuplicate, default: 0] + summary.statistics.rejects[.exactDuplicate, default: 0] == 15)
        let rejected = try Self.lines(directory.appendingPathComponent(RunFiles.rejected))
        #expect(rejected.count == 15)
        let acceptedID = try #require(try Self.personas(directory).first?.id)
        #expect(rejected.allSatisfy { $0.contains("\"nearest_id\":\"\(acceptedID)\"") })
    }

    @Test("gate none accepts exact duplicates")
    func gateNone() async throws {
        let same = #"{"age": 30, "traits": ["calm", "warm", "blunt"], "background": "The same story of a baker who moved to the coast.", "chatting_style": "short and plain"}"#
        let none = try await generator(ScriptedChat().chat { _, _ in same }, count: 4, concurrency: 1, gate: .none)
            .run(in: TestInputs.temporaryDirectory(), mode: .fresh)
        #expect(none.statistics.accepted == 4)
        #expect(none.statistics.rejected == 0)
    }

    @Test("a model that keeps failing stops at max-attempts with consistent files")
    func maxAttempts() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = PersonaChat { _, _ in throw ChatFailure(faults: ["http-500"], message: "server error") }
        let summary = try await generator(chat, count: 5, concurrency: 3, maxAttempts: 7).run(in: directory, mode: .fresh)
        #expect(summary.completion == .attemptsExhausted)
        #expect(summary.statistics.attempts == 7)
        #expect(summary.statistics.rejects[.llmError] == 7)
        #expect(summary.statistics.faults["http-500"] == 7)
        #expect(try Self.lines(directory.appendingPathComponent(RunFiles.events)).count == 7)
        #expect(try Self.personas(directory).isEmpty)
    }

    @Test("resume after a crash: partial last line dropped, embeddings re-aligned, no duplicate ids")
    func resumeAfterCrash() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = ScriptedChat()
        let reply: @Sendable (Int, String) -> String = { n, _ in ScriptedChat.distinctReply(n) }
        _ = try await generator(chat.chat(reply), count: 5).run(in: directory, mode: .fresh)
        // Simulate a kill mid-write: half a persona line, and an embedding row missing.
        let personasURL = directory.appendingPathComponent(RunFiles.personas)
        let handle = try FileHandle(forWritingTo: personasURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"name": "Half Writ"#.utf8))
        try handle.close()
        let embeddingsURL = directory.appendingPathComponent(RunFiles.embeddings)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: embeddingsURL.path)[.size] as? Int)
        try JSONLinesFile.truncate(embeddingsURL, to: size - 512 * 4 - 10)

        let summary = try await generator(chat.chat(reply), count: 9).run(in: directory, mode: .resume)
        #expect(summary.completion == .reachedTarget)
        let personas = try Self.personas(directory)
        #expect(personas.count == 9)
        #expect(Set(personas.compactMap(\.id)).count == 9)
        #expect(try EmbeddingFile.read(embeddingsURL)?.rows == 9)
        #expect(summary.firstAttempt > 5)
        #expect(try GenerationManifest.read(directory: directory).config.target == 9, "the manifest records the new target")
    }

    @Test("resume with more embedding rows than personas cuts the extra row")
    func resumeExtraEmbedding() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = ScriptedChat()
        _ = try await generator(chat.chat { n, _ in ScriptedChat.distinctReply(n) }, count: 3).run(in: directory, mode: .fresh)
        let embeddingsURL = directory.appendingPathComponent(RunFiles.embeddings)
        let handle = try FileHandle(forWritingTo: embeddingsURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: EmbeddingFile.rowBytes([Float](repeating: 0.5, count: 512)))
        try handle.close()
        _ = try await generator(chat.chat { n, _ in ScriptedChat.distinctReply(n + 100) }, count: 4).run(in: directory, mode: .resume)
        let rows = try #require(try EmbeddingFile.read(embeddingsURL))
        #expect(rows.rows == 4)
        #expect(!rows.row(3).allSatisfy { $0 == 0.5 }, "the orphan row was replaced by the new persona's")
    }

    @Test("a directory with content is refused without --resume or --force; --force starts over")
    func refusesOverwrite() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = ScriptedChat()
        _ = try await generator(chat.chat { n, _ in ScriptedChat.distinctReply(n) }, count: 2).run(in: directory, mode: .fresh)
        await #expect(throws: GenerationError.self) {
            _ = try await generator(chat.chat { n, _ in ScriptedChat.distinctReply(n) }, count: 2).run(in: directory, mode: .fresh)
        }
        #expect(try Self.personas(directory).count == 2)
        _ = try await generator(chat.chat { n, _ in ScriptedChat.distinctReply(n + 50) }, count: 1).run(in: directory, mode: .force)
        #expect(try Self.personas(directory).count == 1)
        await #expect(throws: GenerationError.self) {
            _ = try await generator(chat.chat { n, _ in ScriptedChat.distinctReply(n) }, count: 2)
                .run(in: TestInputs.temporaryDirectory("empty"), mode: .resume)
        }
    }

    @Test("a live lock stops a second generator; a stale one is taken over")
    func lock() async throws {
        let directory = TestInputs.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let lockURL = directory.appendingPathComponent("generate.lock")
        try Data("1\n".utf8).write(to: lockURL) // PID 1 always exists
        let chat = ScriptedChat().chat { n, _ in ScriptedChat.distinctReply(n) }
        await #expect(throws: GenerationError.self) { _ = try await generator(chat, count: 1).run(in: directory, mode: .force) }
        try Data("2147483646\n".utf8).write(to: lockURL) // no such process
        let summary = try await generator(chat, count: 1).run(in: directory, mode: .force)
        #expect(summary.statistics.accepted == 1)
        #expect(!FileManager.default.fileExists(atPath: lockURL.path))
    }

    @Test("cancelling the run (Ctrl-C) stops it with consistent files")
    func interrupt() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = ScriptedChat().chat { n, _ in ScriptedChat.distinctReply(n) }
        let slow = PersonaChat { system, user in
            try await Task.sleep(for: .milliseconds(30))
            return try await chat.complete(system, user)
        }
        let task = Task { try await generator(slow, count: 1_000, concurrency: 4).run(in: directory, mode: .fresh) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let summary = try await task.value
        #expect(summary.completion == .interrupted)
        let personas = try Self.personas(directory)
        #expect(personas.count == summary.statistics.accepted)
        #expect(try EmbeddingFile.read(directory.appendingPathComponent(RunFiles.embeddings))?.rows == personas.count)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("generate.lock").path))
    }

    @Test("dry run renders the first prompts from seeds without calling the model")
    func dryRun() {
        let called = ScriptedChat()
        let prompts = generator(called.chat { _, _ in "" }, count: 5).dryRunPrompts(3)
        #expect(prompts.count == 3)
        #expect(called.prompts.isEmpty)
        #expect(prompts.allSatisfy { prompt in TestInputs.personas().filter { prompt.user.contains($0.background) }.count == 3 })
        #expect(prompts.map(\.user) == generator(called.chat { _, _ in "" }, count: 5).dryRunPrompts(3).map(\.user), "seeded")
    }
}

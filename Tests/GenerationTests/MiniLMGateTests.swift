import Embedding
import Foundation
import LinearAlgebra
@testable import Generation
import PersonaKit
import RunFormat
import Testing
import TestSupport

@Suite("Dedup gate with the real MiniLM encoder")
struct MiniLMGateTests {
    @Test("a planted paraphrase is rejected (cosine 0.89 >= 0.85), a distinct persona accepted (0.62)",
          .enabled(if: SharedData.modelDirectory != nil, "skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh)"))
    func paraphrase() async throws {
        let encoder = try MiniLMEncoder(modelDirectory: try #require(SharedData.modelDirectory))
        var gate = DedupGate(mode: .semantic, threshold: DedupGate.defaultThreshold, dimension: encoder.dimension)
        func admit(_ persona: Persona, _ id: String) async throws -> DedupGate.Verdict {
            let text = PersonaTextTemplate.default.render(persona)
            return try gate.admit(persona, text: text, embedding: try await encoder.encode([text]).row(0), id: id)
        }
        let original = Persona(name: "A", username: nil, age: 61, traits: ["patient", "gruff", "curious"],
                               background: "Retired ferry engineer who is learning to code so he can chart the tides for his fishing club.",
                               chattingStyle: "Types in all caps by accident, asks lots of questions.")
        let paraphrase = Persona(name: "B", username: nil, age: 63, traits: ["curious", "patient", "gruff"],
                                 background: "A former ferry engineer, now retired, teaching himself programming to map the tides for his fishing club.",
                                 chattingStyle: "Often types in caps lock without meaning to and asks plenty of questions.")
        let distinct = Persona(name: "C", username: nil, age: 23, traits: ["bubbly", "scattered", "generous"],
                               background: "Music student who teaches piano to children over video calls to pay her rent.",
                               chattingStyle: "rapid bursts of short lines, lots of exclamation marks!!")
        #expect(try await admit(original, "a") == .accepted(nearest: nil))
        guard case let .rejected(.nearDuplicate, nearest) = try await admit(paraphrase, "b") else { Issue.record("paraphrase accepted"); return }
        #expect(nearest?.id == "a")
        #expect(isClose(nearest?.score ?? 0, 0.8932, absolute: 0.01), "sentence-transformers gives 0.8932")
        guard case let .accepted(closest) = try await admit(distinct, "c") else { Issue.record("distinct persona rejected"); return }
        #expect(isClose(closest?.score ?? 0, 0.6210, absolute: 0.01), "sentence-transformers gives 0.6210")
    }

    @Test("a Thai candidate is accepted next to an unrelated Thai persona (MiniLM: ~1.0), an exact copy rejected; resume rebuilds the same state",
          .enabled(if: SharedData.modelDirectory != nil, "skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh)"))
    func unreadableCandidates() async throws {
        let encoder = try MiniLMEncoder(modelDirectory: try #require(SharedData.modelDirectory))
        // Every field in Thai, as a model writing in Thai would fill them (traits: calm, diligent, kind /
        // generous, loves travelling, diligent; style: short replies / lots of emoji). Each word holds a
        // letter missing from MiniLM's vocabulary, so it is one [UNK]: the two texts get the same ids.
        let thai = Persona(name: "สมชาย", username: nil, age: 35, traits: ["ใจเย็น", "ขยัน", "ใจดี"],
                           background: MultilingualPersonas.thai, chattingStyle: "ตอบสั้นๆ")
        let thaiOther = Persona(name: "มาลี", username: nil, age: 41, traits: ["ใจกว้าง", "ชอบเดินทาง", "ขยัน"],
                                background: MultilingualPersonas.thaiOther, chattingStyle: "ใช้อีโมจิเยอะ")
        let english = Persona(name: "Ann", username: nil, age: 66, traits: ["calm", "dry", "kind"],
                              background: MultilingualPersonas.english, chattingStyle: "Short replies.")
        let texts = [thai, thaiOther, english].map { PersonaTextTemplate.default.render($0) }
        let embeddings = try await encoder.encode(texts)
        let without = DedupGate(mode: .semantic, threshold: DedupGate.defaultThreshold, dimension: encoder.dimension, maxUnreadableShare: 1)
        #expect(BLAS.dot(embeddings.row(0), embeddings.row(1)) >= without.threshold, "MiniLM cannot tell the two Thai personas apart")

        var gate = DedupGate(mode: .semantic, threshold: DedupGate.defaultThreshold, dimension: encoder.dimension, readability: encoder)
        #expect(gate.unreadableShare(of: texts[0]) != nil)
        #expect(gate.unreadableShare(of: texts[2]) == nil)
        #expect(try gate.admit(thai, text: texts[0], embedding: embeddings.row(0), id: "t1") == .accepted(nearest: nil))
        #expect(try gate.admit(thaiOther, text: texts[1], embedding: embeddings.row(1), id: "t2") == .accepted(nearest: nil))
        guard case let .rejected(.exactDuplicate, nearest) = try gate.admit(thai, text: texts[0], embedding: embeddings.row(0), id: "t3") else {
            Issue.record("exact copy of a Thai persona accepted"); return
        }
        #expect(nearest?.id == "t1")
        // Accepted unreadable personas are not in the index: a readable candidate is compared with readable ones only.
        guard case let .accepted(closest) = try gate.admit(english, text: texts[2], embedding: embeddings.row(2), id: "e1") else {
            Issue.record("English persona rejected"); return
        }
        #expect(closest == nil)
        #expect(gate.index.count == 1)
        #expect(gate.rowIDs == ["t1", "t2", "e1"])

        // Resume: registering the accepted personas gives the same state.
        var resumed = DedupGate(mode: .semantic, threshold: DedupGate.defaultThreshold, dimension: encoder.dimension, readability: encoder)
        for (index, (item, id)) in [(thai, "t1"), (thaiOther, "t2"), (english, "e1")].enumerated() {
            try resumed.register(item, text: texts[index], embedding: embeddings.row(index), id: id)
        }
        #expect(resumed.index.count == 1)
        #expect(resumed.rowIDs == gate.rowIDs)
        guard case .rejected(.exactDuplicate, _) = try resumed.admit(thaiOther, text: texts[1], embedding: embeddings.row(1), id: "t4") else {
            Issue.record("exact copy accepted after resume"); return
        }
    }

    @Test("a run counts and flags the candidates MiniLM cannot read: all distinct ones accepted, the summary warns",
          .enabled(if: SharedData.modelDirectory != nil, "skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh)"))
    func runFlagsUnreadableCandidates() async throws {
        let encoder = try MiniLMEncoder(modelDirectory: try #require(SharedData.modelDirectory))
        // Every field in the other script, so the whole persona text is mostly unreadable.
        let replies: [(background: String, style: String, traits: [String])] = [
            (MultilingualPersonas.thai, MultilingualPersonas.thaiOther, ["ใจดี", "ขยัน", "ร่าเริง"]),
            (MultilingualPersonas.thaiOther, MultilingualPersonas.thai, ["สุภาพ", "อดทน", "ช่างคิด"]),
            (MultilingualPersonas.chinese, MultilingualPersonas.chineseOther, ["耐心", "细心", "幽默"]),
        ]
        let chat = ScriptedChat().chat { n, _ in
            let reply = replies[n % replies.count]
            let traits = reply.traits.map { "\"\($0)\"" }.joined(separator: ", ")
            return #"{"name": "Model Name", "username": null, "age": 40, "traits": [\#(traits)], "background": "\#(reply.background)", "chatting_style": "\#(reply.style)"}"#
        }
        let config = GenerationConfig(target: 3, seed: 9, concurrency: 1, model: "scripted-model", maxAttempts: 3, score: .cosine)
        let directory = TestInputs.temporaryDirectory()
        let summary = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: encoder)
            .run(in: directory, mode: .fresh)
        #expect(summary.completion == .reachedTarget, "the Thai pair scores ~1.0 with MiniLM but must not reject each other")
        #expect(summary.statistics.unreadable == 3)
        let events = try String(contentsOf: directory.appendingPathComponent(RunFiles.events), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        #expect(events.count == 3 && events.allSatisfy { event in
            if case let .number(share)? = event["unreadable_share"] { share > TextReadability.defaultMaxUnreadableShare } else { false }
        }, "every event carries its unreadable_share")
    }
}

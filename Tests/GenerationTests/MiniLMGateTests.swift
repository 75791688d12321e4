import Embedding
import Foundation
@testable import Generation
import PersonaKit
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
}

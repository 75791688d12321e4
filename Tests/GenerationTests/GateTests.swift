import Foundation
@testable import Generation
import PersonaKit
import Testing

@Suite("Dedup gate")
struct GateTests {
    let encoder = BagOfWordsEncoder()

    func persona(_ background: String, style: String = "Short replies, no emoji.") -> Persona {
        Persona(name: "X Y", username: nil, age: 40, traits: ["calm", "dry", "kind"], background: background, chattingStyle: style)
    }

    func admit(_ gate: inout DedupGate, _ persona: Persona, id: String) async throws -> DedupGate.Verdict {
        let text = PersonaTextTemplate.default.render(persona)
        return try gate.admit(persona, text: text, embedding: try await encoder.encode([text]).row(0), id: id)
    }

    @Test("normalisation ignores case, punctuation and spacing")
    func normalisation() {
        #expect(DedupGate.normalized("  Hello,   WORLD!\n It's  me. ") == "hello world its me")
    }

    @Test("semantic gate: exact copy, planted paraphrase rejected; distinct persona accepted")
    func semantic() async throws {
        var gate = DedupGate(mode: .semantic, threshold: 0.85, dimension: encoder.dimension)
        let original = persona("Retired ferry engineer who charts tides for his fishing club and repairs outboard motors for neighbours.")
        #expect(try await admit(&gate, original, id: "a") == .accepted(nearest: nil))
        let copy = persona("retired ferry engineer, who charts tides for his fishing club and repairs outboard motors for neighbours!")
        guard case .rejected(.exactDuplicate, let nearest) = try await admit(&gate, copy, id: "b") else { Issue.record("copy accepted"); return }
        #expect(nearest?.id == "a")
        let paraphrase = persona("Retired ferry engineer who repairs outboard motors for neighbours and charts the tides for a fishing club.")
        guard case .rejected(.nearDuplicate, let near) = try await admit(&gate, paraphrase, id: "c") else { Issue.record("paraphrase accepted"); return }
        #expect(near?.id == "a" && (near?.score ?? 0) >= 0.85)
        let distinct = persona("Teenage skateboard videographer saving for film school while working nights at a bakery.", style: "all lowercase, lol")
        guard case let .accepted(nearest: closest) = try await admit(&gate, distinct, id: "d") else { Issue.record("distinct rejected"); return }
        #expect((closest?.score ?? 0) < 0.85)
        #expect(gate.rowIDs == ["a", "d"])
    }

    @Test("seed personas are in the index: a copy of a seed is rejected")
    func seedsCount() async throws {
        var gate = DedupGate(mode: .semantic, threshold: 0.85, dimension: encoder.dimension)
        let seed = TestInputs.personas()[0]
        let text = PersonaTextTemplate.default.render(seed)
        try gate.register(seed, text: text, embedding: try await encoder.encode([text]).row(0), id: "seed-1")
        guard case .rejected(_, let nearest) = try await admit(&gate, seed, id: "x") else { Issue.record("seed copy accepted"); return }
        #expect(nearest?.id == "seed-1")
    }

    @Test("spb-lexical: same first word and more than two shared traits with a prompt reference is rejected")
    func spbLexical() async throws {
        var gate = DedupGate(mode: .spbLexical, threshold: 0.85, dimension: encoder.dimension)
        let reference = Persona(name: "R", username: nil, age: 50, traits: ["calm", "dry", "kind", "shy"],
                                background: "Retired ferry engineer.", chattingStyle: "Short.")
        let text = PersonaTextTemplate.default.render(reference)
        try gate.register(reference, text: text, embedding: try await encoder.encode([text]).row(0), id: "seed-1")
        let candidate = persona("Retired teacher who paints birds.") // traits calm, dry, kind: three shared
        func verdict(_ p: Persona, references: [String], id: String) async throws -> DedupGate.Verdict {
            let t = PersonaTextTemplate.default.render(p)
            return try gate.admit(p, text: t, embedding: try await encoder.encode([t]).row(0), id: id, references: references)
        }
        guard case .rejected(.lexicalDuplicate, let nearest) = try await verdict(candidate, references: ["seed-1"], id: "a") else {
            Issue.record("SPB's rule should reject"); return
        }
        #expect(nearest?.id == "seed-1")
        // SPB only compares against the prompt's references.
        #expect(try await verdict(candidate, references: [], id: "b") != .rejected(.lexicalDuplicate, nearest: nil))
        var twoShared = persona("Retired nurse.")
        twoShared.traits = ["calm", "dry", "loud"]
        guard case .accepted = try await verdict(twoShared, references: ["seed-1"], id: "c") else { Issue.record("two shared traits rejected"); return }
        #expect(gate.rowIDs == ["seed-1", "b", "c"])
    }
}

import Analysis
import Foundation
@testable import Generation
import LinearAlgebra
import PersonaKit
import RunFormat
import Testing
import TextMetrics

/// A model that collapses: each reply opens with one of three stock phrases and draws its background
/// from one of three word pools, unless the prompt's avoid list names its opening or a word of its pool;
/// then it writes something new. Replies depend on the prompt's ingredients and avoid list alone, so a run
/// is a function of its seed.
enum CollapsingModel {
    static let openings = ["born and raised", "ever since childhood", "after many years"]
    static let pools = [["harbour", "boats", "nets", "tide", "fishing", "dock", "gulls", "rope"],
                        ["garden", "tomatoes", "compost", "seeds", "greenhouse", "soil", "watering", "roses"],
                        ["guitar", "chords", "gigs", "amplifier", "band", "tour", "vinyl", "drums"]]
    static let styles = ["short replies with lots of questions", "long rambling messages full of asides", "dry jokes and never any emoji"]

    /// The part of a prompt that says what this attempt sampled (the default prompt's "Ingredients:"
    /// list, the whole prompt otherwise): replies depend on it alone, not on the prompt's wording.
    static func ingredients(of prompt: String) -> String {
        prompt.range(of: "Ingredients:").map { String(prompt[$0.upperBound...]) } ?? prompt
    }

    static func reply(to prompt: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in CollapsingModel.ingredients(of: prompt).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let h = Int(hash % 1_000_003)
        let opening = openings[h % 3], pool = pools[(h / 3) % 3]
        let avoid = prompt.range(of: "already overuses").map { String(prompt[$0.upperBound...]).lowercased() } ?? ""
        let named = avoid.contains(opening) || pool.contains { avoid.contains($0) }
        let background: String, style: String
        if named {
            background = (0 ..< 12).map { "n\(h)x\($0)" }.joined(separator: " ") + "."
            style = "style\(h) s\(h)y quirk\(h)"
        } else {
            background = "\(opening) \(pool.joined(separator: " ")) u\(h)."
            style = styles[(h / 9) % 3]
        }
        return #"{"name": "X", "username": null, "age": 40, "traits": ["calm", "warm", "shy"], "background": "\#(background)", "chatting_style": "\#(style)"}"#
    }
}

@Suite("Steering: the closed loop against a collapsing model", .serialized)
struct SteeringLoopTests {
    static let steering = SteeringSettings(parts: [.phrases, .crowding, .coverage], phraseShare: 0.2, phraseMinimumAccepted: 10,
                                           crowdingNeighbors: 4)

    static func config(target: Int, steered: Bool) -> GenerationConfig {
        GenerationConfig(target: target, seed: 11, concurrency: 1, threshold: 0.97, maxAttempts: 400,
                         steering: steered ? steering : SteeringSettings(parts: []), score: .cosine)
    }

    static func run(_ config: GenerationConfig, in directory: URL, mode: PersonaGenerator.StartMode = .fresh) async throws -> PersonaGenerator.Summary {
        let chat = ScriptedChat().chat { _, user in CollapsingModel.reply(to: user) }
        return try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder()).run(in: directory, mode: mode)
    }

    static func accepted(_ directory: URL) throws -> [Persona] {
        try String(contentsOf: directory.appendingPathComponent(RunFiles.personas), encoding: .utf8).split(separator: "\n")
            .map { try Persona(json: try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))) }
    }

    /// The audit's measures of an accepted set: the largest phrase-template share of backgrounds, and Vendi q1.
    static func measures(_ personas: [Persona]) async throws -> (topShare: Double, vendi: Double) {
        let tokens = personas.map { Lexical.words($0.background) }
        let top = (PhraseTemplates.openings(tokens) + PhraseTemplates.ngrams(tokens)).map(\.documents).max() ?? 0
        let embeddings = try await BagOfWordsEncoder().encode(personas.map { PersonaTextTemplate.default.render($0) })
        return (Double(top) / Double(personas.count), try Diversity.vendi(embeddings).order1)
    }

    @Test("steered: the top template's share at least halves and Vendi rises by a quarter; unsteered: the collapse stays")
    func steeringMovesTheMeasures() async throws {
        let off = TestInputs.temporaryDirectory("off"), on = TestInputs.temporaryDirectory("on")
        let plain = try await Self.run(Self.config(target: 40, steered: false), in: off)
        let steered = try await Self.run(Self.config(target: 40, steered: true), in: on)
        #expect(plain.completion == .reachedTarget && steered.completion == .reachedTarget)
        let a = try await Self.measures(try Self.accepted(off)), b = try await Self.measures(try Self.accepted(on))
        print("steering loop: unsteered top share \(a.topShare), Vendi \(a.vendi); steered top share \(b.topShare), Vendi \(b.vendi); "
            + "rejects \(steered.statistics.rejects)")
        #expect(a.topShare >= 0.3, "the collapsing model's own run is collapsed: \(a.topShare)")
        #expect(b.topShare <= 0.5 * a.topShare, "top template share \(b.topShare) vs \(a.topShare)")
        #expect(b.vendi >= 1.25 * a.vendi, "Vendi \(b.vendi) vs \(a.vendi)")
        #expect(plain.statistics.rejects[.overusedPhrase] == nil && plain.statistics.rejects[.crowded] == nil)
        #expect(steered.statistics.rejects[.overusedPhrase, default: 0] + steered.statistics.rejects[.crowded, default: 0] > 0)
        #expect(plain.steering == nil && !(steered.steering?.bans.isEmpty ?? true))

        // Every steering decision is logged: bans, avoid lists, factors and gains in events; reasons and gains in rejected.
        let events = try String(contentsOf: on.appendingPathComponent(RunFiles.events), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(AttemptEvent.self, from: Data($0.utf8)) }
        #expect(events.contains { $0.steering?.banned?.isEmpty == false })
        #expect(events.contains { $0.steering?.avoid?.isEmpty == false })
        #expect(events.allSatisfy { $0.steering?.professionFactor != nil })
        #expect(events.filter { $0.decision == "crowded" || $0.decision == "accepted" }.allSatisfy { $0.steering?.crowdingGain != nil })
        #expect(events.filter { $0.decision == "overused-phrase" }.allSatisfy { $0.steering?.overused?.isEmpty == false && $0.detail != nil })
        #expect(events.contains { $0.referenceSource == .spread })
        let rejected = try String(contentsOf: on.appendingPathComponent(RunFiles.rejected), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(RejectedCandidate.self, from: Data($0.utf8)) }
        #expect(rejected.filter { $0.reason == .crowded }.allSatisfy { $0.crowdingGain != nil })
        #expect(try GenerationManifest.read(directory: on).config.steering == Self.steering, "the manifest records the settings")

        // The audit of the run directory has a steering section: bans, crowded rejections, the curve with and without them.
        let audit = try await Auditor.run(dataset: try AuditDataset.read(on, options: .init()), encoder: BagOfWordsEncoder(), options: AuditOptions())
        let section = try #require(audit.report.steering)
        #expect(!section.bans.isEmpty && section.rejected["crowded", default: 0] > 0 && !section.crowded.isEmpty)
        #expect(section.curve.count > 1 && section.curve.allSatisfy { $0.vendiWithRejects != nil })
        #expect(audit.html().contains("Steering") && audit.report.markdownSummary().contains("## Steering"))
        let plainAudit = try await Auditor.run(dataset: try AuditDataset.read(off, options: .init()), encoder: BagOfWordsEncoder(), options: AuditOptions())
        #expect(plainAudit.report.steering == nil, "no section for an unsteered run")
    }

    @Test("the rejection budget bounds steering's rejections; what it waives is logged on the accepted event")
    func budgetBoundsRejections() async throws {
        let directory = TestInputs.temporaryDirectory("budget")
        var config = Self.config(target: 40, steered: true)
        config.steering.rejectionBudget = 0.1
        let summary = try await Self.run(config, in: directory)
        #expect(summary.completion == .reachedTarget)
        let events = try String(contentsOf: directory.appendingPathComponent(RunFiles.events), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(AttemptEvent.self, from: Data($0.utf8)) }
        var (accepted, steered) = (0, 0)
        for event in events {
            if event.decision == "overused-phrase" || event.decision == "crowded" {
                #expect(Double(steered) < 0.1 * Double(accepted + 1), "attempt \(event.attempt): rejected with the budget spent")
                steered += 1
            }
            if event.decision == "accepted" { accepted += 1 }
        }
        #expect(steered > 0 && summary.steering?.rejections == steered)
        let waived = events.filter { $0.steering?.waived != nil }
        #expect(!waived.isEmpty && waived.allSatisfy { $0.decision == "accepted" }, "the collapsing model runs past the budget")
        #expect(waived.flatMap { $0.steering?.waived ?? [] }.allSatisfy { $0 == "crowded" || $0.contains(" opening ") || $0.contains(" phrase ") })
        let audit = try await Auditor.run(dataset: try AuditDataset.read(directory, options: .init()), encoder: BagOfWordsEncoder(), options: AuditOptions())
        #expect(audit.report.steering?.waived == waived.count, "the audit counts the waived acceptances")
        #expect(audit.report.markdownSummary().contains("waived (budget spent): \(waived.count)"))
    }

    @Test("--resume rebuilds the steering state exactly: stopped at 15 and resumed to 30 equals an uninterrupted run")
    func resumeIsExact() async throws {
        let whole = TestInputs.temporaryDirectory("whole"), parts = TestInputs.temporaryDirectory("parts")
        let uninterrupted = try await Self.run(Self.config(target: 30, steered: true), in: whole)
        let first = try await Self.run(Self.config(target: 15, steered: true), in: parts)
        #expect(first.statistics.accepted == 15)
        let resumed = try await Self.run(Self.config(target: 30, steered: true), in: parts, mode: .resume)
        #expect(resumed.steering != nil && resumed.steering == uninterrupted.steering)
        #expect(try Self.accepted(parts) == Self.accepted(whole), "the same personas in the same order")
        // Rebuilt alone (nothing left to do), the state equals the live one.
        let rebuilt = try await Self.run(Self.config(target: 30, steered: true), in: whole, mode: .resume)
        #expect(rebuilt.statistics.attempts == 0 && rebuilt.steering == uninterrupted.steering)
    }

    @Test("a steered run stopped between a persona and its event: the persona is cut on resume, files stay aligned")
    func lostEventIsCut() async throws {
        let directory = TestInputs.temporaryDirectory("cut")
        _ = try await Self.run(Self.config(target: 12, steered: true), in: directory)
        let eventsURL = directory.appendingPathComponent(RunFiles.events)
        var lines = try String(contentsOf: eventsURL, encoding: .utf8).split(separator: "\n")
        let lastAccepted = try #require(lines.lastIndex { $0.contains("\"decision\":\"accepted\"") })
        lines.remove(at: lastAccepted)
        try (lines.joined(separator: "\n") + "\n").write(to: eventsURL, atomically: true, encoding: .utf8)
        let resumed = try await Self.run(Self.config(target: 12, steered: true), in: directory, mode: .resume)
        #expect(resumed.completion == .reachedTarget && resumed.statistics.acceptedNow == 1, "the cut persona is made again")
        let personas = try Self.accepted(directory)
        let embeddings = try EmbeddingFile.read(directory.appendingPathComponent(RunFiles.embeddings))
        #expect(personas.count == 12 && embeddings?.rows == 12)
        let ids = try String(contentsOf: eventsURL, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(AttemptEvent.self, from: Data($0.utf8)) }.filter { $0.decision == "accepted" }.compactMap(\.id)
        #expect(ids == personas.compactMap(\.id), "accepted events name exactly the personas")
    }
}

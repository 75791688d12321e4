import Analysis
import Foundation
@testable import Generation
import PersonaKit
import RunFormat
import Testing

/// A model that answers the avoid list by copying it, as SmolLM2-135M did: when the prompt names banned
/// phrasing, the background opens with the first template named; without a list it collapses like
/// ``CollapsingModel``.
enum CopyingModel {
    static func reply(to prompt: String) -> String {
        guard let list = prompt.range(of: "already overuses").map({ String(prompt[$0.upperBound...]) }),
              let first = list.split(separator: "\"").dropFirst().first else {
            return CollapsingModel.reply(to: prompt)
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in CollapsingModel.ingredients(of: prompt).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let h = hash % 1_000_003
        let copied = first.replacingOccurrences(of: " …", with: "")
        let background = copied + " " + (0 ..< 10).map { "c\(h)w\($0)" }.joined(separator: " ") + "."
        return #"{"name": "X", "username": null, "age": 40, "traits": ["calm", "warm", "shy"], "background": "\#(background)", "chatting_style": "plain s\#(h) q\#(h)"}"#
    }
}

@Suite("Steering: the copy guard stops naming what the model copies from the avoid list", .serialized)
struct CopyGuardTests {
    static func config(target: Int, guardFactor: Double) -> GenerationConfig {
        var config = SteeringLoopTests.config(target: target, steered: true)
        config.steering.parts = [.phrases]
        config.steering.copyGuardFactor = guardFactor
        return config
    }

    static func run(_ config: GenerationConfig, in directory: URL, mode: PersonaGenerator.StartMode = .fresh) async throws -> PersonaGenerator.Summary {
        let chat = ScriptedChat().chat { _, user in CopyingModel.reply(to: user) }
        return try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder()).run(in: directory, mode: mode)
    }

    static func events(_ directory: URL) throws -> [AttemptEvent] {
        try String(contentsOf: directory.appendingPathComponent(RunFiles.events), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(AttemptEvent.self, from: Data($0.utf8)) }
    }

    @Test("the guard's rule: enough exposures and copies, and a copy rate above factor × the share at ban")
    func rule() {
        let template = PhraseTemplate(field: "background", kind: .opening, text: "nice to")
        var copyGuard = CopyGuard(factor: 2)
        let share: (PhraseTemplate) -> Double? = { _ in 0.1 }
        for attempt in 1 ... 7 {
            #expect(copyGuard.record(named: [template], used: [template], attempt: attempt, shareAtBan: share).isEmpty,
                    "fewer than \(CopyGuard.minimumExposures) exposures: not judged yet")
        }
        #expect(copyGuard.record(named: [template], used: [template], attempt: 8, shareAtBan: share) == [template])
        #expect(!copyGuard.mayName(template) && copyGuard.unnamed[template] == 8)
        #expect(copyGuard.record(named: [template], used: [template], attempt: 9, shareAtBan: share).isEmpty, "decided once")

        var ignoring = CopyGuard(factor: 2)
        for attempt in 1 ... 40 {
            // A model that ignores the list and keeps the template's old rate (1 in 10) is not copying it.
            _ = ignoring.record(named: [template], used: attempt % 10 == 0 ? [template] : [], attempt: attempt, shareAtBan: share)
        }
        #expect(ignoring.mayName(template) && ignoring.copies[template] == 4 && ignoring.exposures[template] == 40)

        var off = CopyGuard(factor: 0)
        for attempt in 1 ... 20 { _ = off.record(named: [template], used: [template], attempt: attempt, shareAtBan: share) }
        #expect(off.mayName(template), "factor 0 names banned templates to the end")
    }

    @Test("against a copying model: templates it copies stop being named, copies fall, and the audit shows it")
    func copyingModelIsCaught() async throws {
        let guarded = TestInputs.temporaryDirectory("guarded"), unguarded = TestInputs.temporaryDirectory("unguarded")
        let on = try await Self.run(Self.config(target: 40, guardFactor: 2), in: guarded)
        let off = try await Self.run(Self.config(target: 40, guardFactor: 0), in: unguarded)
        #expect(on.completion == .reachedTarget && off.completion == .reachedTarget)
        let withGuard = try Self.events(guarded), withoutGuard = try Self.events(unguarded)
        func copies(_ events: [AttemptEvent]) -> Int { events.filter { $0.steering?.copied?.isEmpty == false }.count }
        print("copy guard: copies \(copies(withGuard)) with the guard, \(copies(withoutGuard)) without; unnamed \(on.steering?.unnamed ?? [:])")
        #expect(copies(withoutGuard) > 0 && withoutGuard.allSatisfy { $0.steering?.unnamed == nil })
        #expect(copies(withGuard) * 2 <= copies(withoutGuard), "the guard at least halves the copies")

        // Once a template is unnamed, no later prompt names it; the decision is logged with the counts behind it.
        let unnamed = try #require(on.steering?.unnamed)
        #expect(!unnamed.isEmpty)
        for (template, attempt) in unnamed {
            #expect(withGuard.filter { $0.attempt > attempt }.allSatisfy { !($0.steering?.avoid ?? []).contains(template) })
            #expect(withGuard.first { $0.attempt == attempt }?.steering?.unnamed?.contains(template) == true)
            #expect(on.steering?.namedTo[template] ?? 0 >= CopyGuard.minimumExposures)
            #expect(on.steering?.copiedBy[template] ?? 0 >= CopyGuard.minimumCopies)
        }
        #expect(withGuard.filter { $0.steering?.copied != nil }.allSatisfy { $0.steering?.avoid?.isEmpty == false },
                "copies are counted only for prompts that named something")

        let audit = try await Auditor.run(dataset: try AuditDataset.read(guarded, options: .init()), encoder: BagOfWordsEncoder(), options: AuditOptions())
        let bans = try #require(audit.report.steering?.bans)
        #expect(Set(bans.filter { $0.unnamedAt != nil }.map(\.template)) == Set(unnamed.keys))
        #expect(bans.filter { $0.unnamedAt != nil }.allSatisfy { $0.copiedBy >= CopyGuard.minimumCopies && $0.namedTo >= $0.copiedBy })
        #expect(audit.report.markdownSummary().contains("because the model copied them"))
        #expect(audit.html().contains("no longer named after"))
    }

    @Test("--resume rebuilds the copy guard exactly: stopped at 25 and resumed to 40 equals an uninterrupted run")
    func resumeIsExact() async throws {
        let whole = TestInputs.temporaryDirectory("whole"), parts = TestInputs.temporaryDirectory("parts")
        let uninterrupted = try await Self.run(Self.config(target: 40, guardFactor: 2), in: whole)
        let first = try await Self.run(Self.config(target: 25, guardFactor: 2), in: parts)
        #expect(first.steering?.unnamed.isEmpty == false, "the stop comes after the guard stopped naming a template")
        let resumed = try await Self.run(Self.config(target: 40, guardFactor: 2), in: parts, mode: .resume)
        #expect(resumed.steering != nil && resumed.steering == uninterrupted.steering)
        #expect(try SteeringLoopTests.accepted(parts) == SteeringLoopTests.accepted(whole))
    }
}

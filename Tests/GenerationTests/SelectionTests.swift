import Analysis
import Foundation
@testable import Generation
import LinearAlgebra
import PersonaKit
import Publishing
import RunFormat
import Testing
import TextMetrics

@Suite("Selection steering: the run keeps the most diverse target of the personas it gathered", .serialized)
struct SelectionTests {
    /// One case of `Fixtures/selection_reference.json` (scripts/reference/make_selection_fixtures.py).
    struct ReferenceCase: Decodable {
        var name: String
        var rows: Int
        var columns: Int
        var target: Int
        var data: [Float]
        var scores: [Double]
        var vendi: Double
        var withdrawn: [Int]
        var vendiKept: Double
        var vendiExact: Double
    }

    static func referenceCases() throws -> [ReferenceCase] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/selection_reference", withExtension: "json"))
        struct File: Decodable { var cases: [ReferenceCase] }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    @Test("removal scores, the Vendi score and the withdrawals match numpy's; the first-order rule reaches exact backward elimination")
    func matchesReference() throws {
        for reference in try Self.referenceCases() {
            let rows = Matrix(rows: reference.rows, columns: reference.columns, storage: reference.data)
            let (scores, vendi) = try VendiSelection.removalScores(rows)
            for (index, (mine, theirs)) in zip(scores, reference.scores).enumerated() {
                #expect(abs(mine - theirs) <= 1e-4 * max(1, abs(theirs)), "\(reference.name) row \(index): \(mine) vs \(theirs)")
            }
            #expect(abs(vendi - reference.vendi) <= 1e-5 * reference.vendi, "\(reference.name): Vendi \(vendi) vs \(reference.vendi)")
            let outcome = try FinalSelection.select(embeddings: rows, templates: Array(repeating: [], count: reference.rows),
                                                    target: reference.target, cap: reference.rows)
            #expect(outcome.withdrawals.map(\.index) == reference.withdrawn, "\(reference.name)")
            #expect(outcome.kept.count == reference.target && outcome.kept == outcome.kept.sorted())
            #expect(abs(outcome.vendiAfter - reference.vendiKept) <= 1e-4 * reference.vendiKept)
            #expect(outcome.vendiAfter >= reference.vendiExact * 0.999, "\(reference.name): \(outcome.vendiAfter) vs exact \(reference.vendiExact)")
            #expect(abs(outcome.vendiBefore - reference.vendi) <= 1e-4 * reference.vendi)
            #expect(outcome.withdrawals.allSatisfy { if case .diversity = $0.cause { true } else { false } })
        }
        let crowded = try #require(try Self.referenceCases().first { $0.name == "crowded-cluster-16d" })
        #expect(crowded.withdrawn.allSatisfy { $0 < 18 }, "every withdrawal comes from the crowded cluster (rows 0-17)")
    }

    @Test("the template cap: personas using a template above it go first, until none is above it or the target is reached")
    func capsTemplates() throws {
        var rng = SeededGenerator(seed: 5)
        var rows = Matrix(rows: 30, columns: 8, storage: (0 ..< 240).map { _ in Float.random(in: -1 ... 1, using: &rng) })
        Vectors.normalizeRows(&rows)
        let common = PhraseTemplate(field: "background", kind: .opening, text: "born and raised")
        let other = PhraseTemplate(field: "chatting_style", kind: .phrase, text: "lots of questions")
        let templates: [Set<PhraseTemplate>] = (0 ..< 30).map { row in
            var set = Set<PhraseTemplate>()
            if row < 12 { set.insert(common) }
            if (5 ..< 10).contains(row) { set.insert(other) }
            return set
        }
        let outcome = try FinalSelection.select(embeddings: rows, templates: templates, target: 20, cap: 4)
        #expect(outcome.kept.count == 20 && outcome.overCap.isEmpty)
        #expect(outcome.kept.filter { templates[$0].contains(common) }.count <= 4)
        #expect(outcome.kept.filter { templates[$0].contains(other) }.count <= 4)
        let phraseCauses = outcome.withdrawals.prefix { if case .overusedPhrase = $0.cause { true } else { false } }
        #expect(phraseCauses.count == 8, "12 users of the template down to 4, first: \(outcome.withdrawals.map(\.cause))")
        if case let .overusedPhrase(template, uses, cap)? = outcome.withdrawals.first?.cause {
            #expect(template == common && uses == 12 && cap == 4)
            #expect(outcome.withdrawals[0].cause.detail.contains("which 12 kept personas used (at most 4 may)"))
        }
        // Too few withdrawals to meet the cap: it says so.
        let short = try FinalSelection.select(embeddings: rows, templates: templates, target: 28, cap: 4)
        #expect(short.withdrawals.count == 2 && short.overCap == [common])
        #expect(FinalSelection.cap(share: 0.03, target: 150) == 4 && FinalSelection.cap(share: 0.03, target: 20) == 2)
    }

    /// Seeded unit rows, and templates: rows below `common` use one template, rows in 5 ..< 10 another.
    static func plantedRows(count: Int, dimension: Int, seed: UInt64, common: Int) -> (rows: Matrix, templates: [Set<PhraseTemplate>]) {
        var rng = SeededGenerator(seed: seed)
        var rows = Matrix(rows: count, columns: dimension, storage: (0 ..< count * dimension).map { _ in Float.random(in: -1 ... 1, using: &rng) })
        Vectors.normalizeRows(&rows)
        let first = PhraseTemplate(field: "background", kind: .opening, text: "born and raised")
        let second = PhraseTemplate(field: "chatting_style", kind: .phrase, text: "lots of questions")
        let templates: [Set<PhraseTemplate>] = (0 ..< count).map { row in
            var set = Set<PhraseTemplate>()
            if row < common { set.insert(first) }
            if (5 ..< 10).contains(row) { set.insert(second) }
            return set
        }
        return (rows, templates)
    }

    /// The withdrawals of ``FinalSelection/select(embeddings:templates:target:cap:)`` before its loop moved to
    /// TextMetrics' `VendiSelection` (recorded from that code): `p` marks a withdrawal for the template cap.
    static let beforeTheMove: [(count: Int, dimension: Int, seed: UInt64, common: Int, target: Int, cap: Int, withdrawn: String, vendiAfter: Double)] = [
        (30, 8, 5, 12, 12, 4, "p0 p8 p2 p11 p7 p5 p3 p1 21 26 16 14 22 12 10 27 29 24", 7.009460344478935),
        (450, 16, 9, 60, 300, 20, "p35 p3 p23 p22 p41 p55 p24 p45 p4 p42 p31 p12 p2 p39 p14 p56 p13 p26 p7 p11 p19 p1 p54 p44 p29 p6 p8 "
            + "p21 p47 p34 p38 p57 p0 p25 p49 p37 p43 p5 p9 p58 175 350 198 187 419 300 63 167 324 393 283 203 127 436 162 341 233 136 348 "
            + "173 367 244 76 297 228 209 403 114 427 444 61 190 332 82 368 305 138 177 293 275 401 268 390 302 330 289 125 389 180 201 150 "
            + "132 410 273 425 398 415 251 308 154 92 174 210 379 158 375 229 424 252 148 331 264 143 257 411 296 388 405 137 189 387 299 156 "
            + "117 81 336 383 116 164 430 326 276 172 218 259 103 431 152 102 358 98 265 124 106 267 363 278 294 149 397", 15.933249524403857),
    ]

    @Test("the withdrawal loop, moved to TextMetrics' VendiSelection, withdraws the same rows in the same order for the same causes as before")
    func sameWithdrawalsAsBeforeTheMove() throws {
        for case let (count, dimension, seed, common, target, cap, withdrawn, vendiAfter) in Self.beforeTheMove {
            let (rows, templates) = Self.plantedRows(count: count, dimension: dimension, seed: seed, common: common)
            let outcome = try FinalSelection.select(embeddings: rows, templates: templates, target: target, cap: cap)
            let mine = outcome.withdrawals.map { withdrawal -> String in
                if case .overusedPhrase = withdrawal.cause { "p\(withdrawal.index)" } else { "\(withdrawal.index)" }
            }
            #expect(mine.joined(separator: " ") == withdrawn, "\(count) rows")
            #expect(outcome.kept.count == target && abs(outcome.vendiAfter - vendiAfter) <= 1e-6 * vendiAfter, "\(count) rows: \(outcome.vendiAfter)")
        }
    }

    static func config(target: Int, oversample: Double = 0.25) -> GenerationConfig {
        var steering = SteeringSettings(parts: [.selection])
        steering.selectionOversample = oversample
        return GenerationConfig(target: target, seed: 11, concurrency: 1, threshold: 0.97, maxAttempts: 400, steering: steering, score: .cosine)
    }

    static func run(_ config: GenerationConfig, in directory: URL, mode: PersonaGenerator.StartMode = .fresh) async throws -> PersonaGenerator.Summary {
        let chat = ScriptedChat().chat { _, user in CollapsingModel.reply(to: user) }
        return try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder()).run(in: directory, mode: mode)
    }

    static func lines(_ directory: URL, _ name: String) throws -> [JSONValue] {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    static func ids(_ records: [JSONValue], _ key: String = "id") -> [String] {
        records.compactMap { if case let .string(id)? = $0[key] { id } else { nil } }
    }

    @Test("a run gathers 1.25x its target, keeps the target and logs every withdrawal; files stay aligned, nothing is lost, resume has nothing to do")
    func runKeepsTarget() async throws {
        let directory = TestInputs.temporaryDirectory("selection")
        let summary = try await Self.run(Self.config(target: 30), in: directory)
        #expect(summary.completion == .reachedTarget && summary.statistics.accepted == 30)
        let selection = try #require(summary.selection)
        #expect(selection.held == 38 && selection.kept == 30 && selection.withdrawnForPhrases + selection.withdrawnForDiversity == 8)
        #expect(selection.withdrawnForPhrases == 8 && !selection.overCap.isEmpty,
                "the collapsing model's three openings are far above a cap of 2: every withdrawal goes to them")

        let personas = try Self.lines(directory, RunFiles.personas)
        let kept = Self.ids(personas)
        #expect(kept.count == 30)
        let stored = try #require(try EmbeddingFile.read(directory.appendingPathComponent(RunFiles.embeddings)))
        let texts = try personas.map { PersonaTextTemplate.default.render(try Persona(json: $0)) }
        let expected = try await BagOfWordsEncoder().encode(texts)
        #expect(stored.rows == 30 && stored.storage == expected.storage, "embeddings.f32 row i is persona line i")

        let withdrawnRecords = try Self.lines(directory, RunFiles.rejected).filter { $0["reason"] == .string("not-selected") }
        let withdrawnEvents = try Self.lines(directory, RunFiles.events).filter { $0["decision"] == .string("not-selected") }
        let withdrawn = withdrawnRecords.compactMap { record -> String? in if case let .string(id)? = record["candidate"]?["id"] { id } else { nil } }
        #expect(withdrawn.count == 8 && Set(Self.ids(withdrawnEvents)) == Set(withdrawn))
        #expect(withdrawnEvents.allSatisfy { $0["selection"]?["cause"] != nil && $0["components"] != nil && $0["detail"] != nil })
        let acceptedEvents = try Self.lines(directory, RunFiles.events).filter { $0["decision"] == .string("accepted") }
        #expect(Set(Self.ids(acceptedEvents)) == Set(kept + withdrawn), "every gathered persona is kept or in rejected.jsonl")

        // The audit and the card count what was kept; the steering section says what selection withdrew.
        let audit = try await Auditor.run(dataset: try AuditDataset.read(directory, options: .init()), encoder: BagOfWordsEncoder(), options: AuditOptions())
        #expect(audit.report.input.count == 30)
        let section = try #require(audit.report.steering)
        #expect(section.rejected["not-selected"] == 8 && section.selection?.forPhrases == selection.withdrawnForPhrases)
        #expect(audit.report.markdownSummary().contains("Withdrawn by selection at the end"))
        let outcome = try #require(try RunOutcome.read(runDirectory: directory))
        #expect(outcome.accepted == 30 && outcome.attempts == summary.statistics.attempts)
        #expect(outcome.rejectedByReason.contains { $0.reason == "not-selected" && $0.count == 8 })

        // A finished selection is final: resuming with the same target asks the model for nothing.
        let again = try await Self.run(Self.config(target: 30), in: directory, mode: .resume)
        #expect(again.statistics.attempts == 0 && again.selection == nil && again.completion == .reachedTarget)
        #expect(Self.ids(try Self.lines(directory, RunFiles.personas)) == kept)
    }

    @Test("with a cap no template reaches, selection withdraws for diversity: the kept are more diverse than the first 30 gathered")
    func keepsTheMostDiverse() async throws {
        var config = Self.config(target: 30)
        config.steering.selectionCapShare = 1
        let directory = TestInputs.temporaryDirectory("diversity")
        let summary = try await Self.run(config, in: directory)
        let selection = try #require(summary.selection)
        #expect(selection.withdrawnForDiversity == 8 && selection.withdrawnForPhrases == 0)
        // What a run without selection would have kept: the first 30 gathered, in attempt order.
        let kept = try Self.lines(directory, RunFiles.personas)
        let withdrawn = try Self.lines(directory, RunFiles.rejected).filter { $0["reason"] == .string("not-selected") }.compactMap { $0["candidate"] }
        let gathered = try (kept + withdrawn).map { try Persona(json: $0) }
            .sorted { RunDirectory.attemptNumber(ofID: $0.id ?? "") < RunDirectory.attemptNumber(ofID: $1.id ?? "") }
        let encoder = BagOfWordsEncoder()
        let first = try Diversity.vendi(try await encoder.encode(gathered.prefix(30).map { PersonaTextTemplate.default.render($0) })).order1
        #expect(selection.vendiAfter > first * 1.01, "kept \(selection.vendiAfter) vs the first 30 \(first)")
        let all = try Diversity.vendi(try await encoder.encode(gathered.map { PersonaTextTemplate.default.render($0) })).order1
        #expect(abs(selection.vendiBefore - all) <= 1e-4 * all, "the summary's Vendi before is the 38 gathered ones'")
    }

    @Test("a stop after the withdrawal records but before the rewrites is completed by --resume")
    func interruptedWithdrawalIsCompleted() async throws {
        let whole = TestInputs.temporaryDirectory("whole"), stopped = TestInputs.temporaryDirectory("stopped")
        _ = try await Self.run(Self.config(target: 30), in: whole)
        // The same 38 personas without a selection (nothing beyond the target to gather), then the selected
        // run's records: the state a stop leaves between RunDirectory.withdraw's appends and its rewrites.
        let gathered = try await Self.run(Self.config(target: 38, oversample: 0), in: stopped)
        #expect(gathered.selection == nil && gathered.statistics.accepted == 38)
        for name in [RunFiles.events, RunFiles.rejected] {
            func withoutTimings(_ records: [JSONValue]) -> [JSONValue] {
                records.map { record in
                    guard case var .object(fields) = record else { return record }
                    fields["latency_ms"] = nil
                    return .object(fields)
                }
            }
            let mine = withoutTimings(try Self.lines(stopped, name)), theirs = withoutTimings(try Self.lines(whole, name))
            #expect(Array(theirs.prefix(mine.count)) == mine && theirs.count == mine.count + 8,
                    "\(name): the selected run's records are the gathered run's and 8 withdrawals")
            try Data(contentsOf: whole.appendingPathComponent(name)).write(to: stopped.appendingPathComponent(name))
        }
        let resumed = try await Self.run(Self.config(target: 30), in: stopped, mode: .resume)
        #expect(resumed.statistics.attempts == 0 && resumed.statistics.accepted == 30)
        for name in [RunFiles.personas, RunFiles.embeddings] {
            #expect(try Data(contentsOf: stopped.appendingPathComponent(name)) == Data(contentsOf: whole.appendingPathComponent(name)), "\(name)")
        }
    }
}

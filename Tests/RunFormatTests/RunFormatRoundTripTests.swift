import Analysis
import Embedding
import Foundation
import Judging
import LinearAlgebra
import PersonaKit
@testable import Publishing
import RunFormat
import Sharding
import Testing
import TestSupport
@testable import Generation

/// Every record of a run directory written through the generator's writers (`GenerationManifest.write`,
/// `AppendFile.appendRecord`, `EmbeddingFile`, the recovered and withdrawal events of `RunDirectory`) and
/// read back through every reader: the generator's resume, the audit, the card and run outcome, and
/// `spb-analyze embed`'s stored rows. The JSON keys are checked against fixed lists, so a renamed
/// `CodingKey` fails here instead of silently dropping data for a reader (or for old runs).
@Suite("Run format: every record through the writer and every reader")
struct RunFormatRoundTripTests {
    static let encoder = HashedNGramEncoder(dimension: 8)

    /// A configuration with every optional setting given, so every key is written.
    static func config() throws -> GenerationConfig {
        var config = GenerationConfig(target: 3, seed: 7, concurrency: 2, model: "fixture-model", baseURL: "http://127.0.0.1:8731/v1",
                                      promptTemplate: "/prompts/prompt.json", inputs: "/inputs",
                                      steering: SteeringSettings(parts: [.phrases, .crowding], phraseShare: 0.2, rejectionBudget: 0.25), score: .cosine)
        config.maxUnreadableShare = 0.4
        config.allowedContentRules = [.traitForm]
        config.encoderPrecision = .int8
        config.judge = JudgeSettings(baseURL: "http://127.0.0.1:9000/v1", model: "judge-model", band: JudgeBand(low: 0.6, high: 0.8), maxCallsPerAccepted: 2)
        var avoid = AvoidSet(path: "/data/old.jsonl", format: .personaJSONL)
        (avoid.sha256, avoid.bytes, avoid.rows) = (String(repeating: "ab", count: 32), 1234, 5)
        config.avoid = [avoid]
        let components = try #require(PersonaComponents.bundledDirectory).appendingPathComponent("persona_components.json")
        config.inputOverrides = ["persona_components.json": components.path]
        return config
    }

    static func manifest() throws -> GenerationManifest {
        GenerationManifest(tool: "spb-generate", version: GenerationManifest.toolVersion, created: "2026-12-05T10:00:00Z", config: try config(),
                           encoderIdentifier: encoder.identifier, embeddingDimension: encoder.dimension, seedPersonas: 4,
                           prompt: PromptRecord(system: "Write one persona.", user: "Make {name} a {profession}."))
    }

    static let blueprint = PersonaBlueprint(profession: "Harbour Pilot", age: 47, lifeContext: "moving to a new city", traits: ["calm", "wry"],
                                            chattingQuirk: "types in lowercase", name: "Ana Reyes", username: "ana_r")

    static let scores = ComponentScores(cosWhole: 0.91, cosBackground: 0.8, cosTraits: 0.7, cosStyle: 0.6, traitJaccard: 0.5, wordJaccard: 0.4,
                                        probability: 0.75)

    static let judge = JudgeRecord(verdict: "different", reason: "another pilot", fallback: "cap", model: "judge-model", calls: 2, promptTokens: 300,
                                   completionTokens: 20, against: ["p-1"], detail: "cap reached")

    static let selection = SelectionRecord(held: 4, kept: 3, cause: SelectionRecord.overusedPhrase, template: "a former * who", uses: 3, cap: 2)

    /// An event with every field set.
    static func fullEvent(attempt: Int, id: String) -> AttemptEvent {
        var note = SteeringNote()
        note.avoid = ["a former * who"]
        (note.professionFactor, note.lifeContextFactor) = (1.5, 0.5)
        (note.crowdingGain, note.crowdingCut) = (-0.4, -0.9)
        note.copied = ["a former * who"]
        note.unnamed = ["a former * who"]
        note.overused = ["loves to"]
        note.banned = ["spends weekends"]
        note.waived = ["crowded"]
        var event = AttemptEvent(attempt: attempt, components: blueprint, referenceSource: .seeds, references: ["seed-1", "seed-2"], latencyMs: 1200,
                                 promptTokens: 410, completionTokens: 95, requests: 2, decision: AttemptEvent.accepted, detail: "fine", id: id,
                                 nearestID: "p-1", nearestScore: 0.5, faults: ["timeout"], steering: note, selection: selection)
        event.unreadableShare = 0.3
        event.nearestComponents = scores
        event.judge = judge
        return event
    }

    /// A rejected record with every field set.
    static func fullRejected(attempt: Int) -> RejectedCandidate {
        RejectedCandidate(attempt: attempt, reason: .crowded, detail: "crowding gain -1.2 below the cut", candidate: persona(id: "x-\(attempt)").jsonValue,
                          reply: "{\"name\": \"Ana\"}", nearestID: "p-1", nearestScore: 0.8, crowdingGain: -1.2, nearestComponents: scores, judge: judge,
                          selection: selection, violations: [RuleViolation(rule: "trait-form", field: "traits[0]", message: "a sentence")])
    }

    static func persona(id: String) -> Persona {
        Persona(name: "Ana Reyes \(id)", username: "ana_r", age: 47, traits: ["calm", "wry", "exact"],
                background: "A harbour pilot \(id) who guides container ships through fog and writes tide tables.",
                chattingStyle: "Short lines in lowercase.", model: "fixture-model", id: id)
    }

    /// The keys of the JSON object `data` encodes, and of its objects under `path`.
    static func keys(_ data: Data, at path: [String] = []) throws -> [String] {
        var value = try JSONValue.parse(Array(data))
        for key in path { value = try #require(value[key], "no \(key)") }
        guard case let .object(fields) = value else { Issue.record("\(path) is not an object"); return [] }
        return fields.keys.sorted()
    }

    /// A run directory with three accepted personas (the last withdrawn by selection) and every record kind.
    static func writeRun() async throws -> (URL, GenerationManifest, [AttemptEvent], [RejectedCandidate], Matrix) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("runformat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifest = try manifest()
        try manifest.write(directory: directory)
        let prefix = PersonaGenerator.idPrefix(seed: manifest.config.seed)
        let ids = [1, 3, 6].map { "\(prefix)-\($0)" }
        let personas = ids.map(persona(id:))
        let rows = try await encoder.encode(personas.map { manifest.config.textTemplate.render($0) })
        let embeddings = try AppendFile(url: directory.appendingPathComponent(RunFiles.embeddings))
        try embeddings.append(EmbeddingFile.header(dimension: rows.columns))
        let personaFile = try AppendFile(url: directory.appendingPathComponent(RunFiles.personas))
        for (index, persona) in personas.enumerated() {
            try embeddings.append(EmbeddingFile.rowBytes(rows.row(index)))
            try personaFile.appendLine(persona.jsonLine())
        }
        var events = [fullEvent(attempt: 1, id: ids[0])]
        var plain = AttemptEvent(attempt: 2, components: blueprint, referenceSource: .recent, references: [], latencyMs: 900, promptTokens: 400,
                                 completionTokens: 80, requests: 1, decision: RejectReason.crowded.rawValue, faults: [])
        plain.steering = SteeringNote()
        plain.steering?.crowdingGain = -1.2
        events.append(plain)
        events.append(AttemptEvent(attempt: 3, components: blueprint, referenceSource: .spread, references: ["p-1"], latencyMs: 10, promptTokens: 1,
                                   completionTokens: 1, requests: 1, decision: AttemptEvent.accepted, id: ids[1], faults: []))
        events.append(AttemptEvent(attempt: 4, components: blueprint, referenceSource: .recent, references: [], latencyMs: 10, promptTokens: 1,
                                   completionTokens: 1, requests: 1, decision: AttemptEvent.cancelled, faults: []))
        let rejected = [fullRejected(attempt: 2)]
        let eventFile = try AppendFile(url: directory.appendingPathComponent(RunFiles.events))
        for event in events { try eventFile.appendRecord(event) }
        let rejectedFile = try AppendFile(url: directory.appendingPathComponent(RunFiles.rejected))
        for record in rejected { try rejectedFile.appendRecord(record) }
        // The third persona's event is missing (a stop between the two writes): resume's writer recovers it.
        try RunDirectory.recordMissingEvents(for: [(personas[2], ids[2])], in: directory)
        return (directory, manifest, events, rejected, rows)
    }

    @Test("manifest.json: the writer's keys are fixed, and every reader reads back what was written")
    func manifest() async throws {
        let (directory, written, _, _, _) = try await Self.writeRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = try Data(contentsOf: directory.appendingPathComponent(RunFiles.manifest))
        #expect(try Self.keys(data) == ["config", "created", "embedding_dimension", "encoder_identifier", "prompt", "seed_personas", "tool", "version"])
        #expect(try Self.keys(data, at: ["config"]) == [
            "allowed_content_rules", "api_key_env", "avoid", "base_url", "concurrency", "encoder", "encoder_precision", "gate", "input_overrides",
            "inputs", "judge", "max_attempts", "max_connection_failures", "max_tokens", "max_unreadable_share", "model", "name_masking",
            "prompt_template", "references", "retries", "score", "seed", "steering", "structured_output", "target", "temperature", "threshold",
            "timeout_seconds",
        ])
        #expect(try Self.keys(data, at: ["config", "steering"]) == [
            "copy_guard_factor", "crowding_ceiling", "crowding_neighbors", "crowding_share", "parts", "phrase_minimum_accepted", "phrase_share",
            "rejection_budget", "selection_cap_share", "selection_oversample",
        ])
        #expect(try Self.keys(data, at: ["config", "references"]) == ["count", "lookback", "reset_every"])
        #expect(try Self.keys(data, at: ["config", "judge"]) == ["band", "base_url", "max_calls_per_accepted", "model"])
        #expect(try Self.keys(data, at: ["prompt"]) == ["system", "user"])
        let avoid = try #require(try JSONValue.parse(Array(data))["config"]?["avoid"])
        guard case let .array(sets) = avoid, let first = sets.first else { Issue.record("config.avoid is not a list"); return }
        #expect(try Self.keys(Data(first.jsonText.utf8)) == ["bytes", "format", "path", "rows", "sha256"])

        // The generator reads back exactly what it wrote.
        #expect(try GenerationManifest.read(directory: directory) == written)
        // The readers' settings type decodes the same object.
        let read = try RunManifest<RunSettings>.read(directory: directory)
        let config = written.config
        #expect(read.config == RunSettings(model: config.model, seed: config.seed, baseURL: config.baseURL, inputs: config.inputs,
                                           inputOverrides: config.inputOverrides, nameMasking: config.nameMasking, steering: config.steering))
        #expect(read.encoderIdentifier == written.encoderIdentifier && read.embeddingDimension == written.embeddingDimension)
        #expect(read.prompt == written.prompt && read.seedPersonas == written.seedPersonas && read.created == written.created)

        // The audit: the prompt, the components file the run named, the steering settings.
        let dataset = try AuditDataset.read(directory, options: .init())
        #expect(dataset.run?.promptTemplates == ["Write one persona.", "Make {name} a {profession}."])
        #expect(dataset.run?.components?.source.hasSuffix("DefaultComponents/persona_components.json") == true, "the run's --components file")
        let steering = try #require(dataset.run?.steering)
        #expect(steering.settings.contains("parts [\"crowding\",\"phrases\"]") && steering.settings.contains("phrase_share 0.2"), "\(steering.settings)")
        #expect(steering.encoderIdentifier == Self.encoder.identifier)

        // The card: header, model, seed, endpoint, and every setting it labels is one the generator writes.
        let facts = try #require(try GenerationFacts.read(runDirectory: directory))
        #expect(facts.tool == "spb-generate \(GenerationManifest.toolVersion)" && facts.created == written.created)
        #expect(facts.model == "fixture-model" && facts.seed == "7" && facts.endpoint == EndpointKind(baseURL: config.baseURL))
        let configKeys = try Self.keys(data, at: ["config"])
        for (key, label) in GenerationFacts.known {
            #expect(configKeys.contains(key), "the card labels \(key), which the generator no longer writes")
            #expect(facts.settings.contains { $0.name == label }, "\(label)")
        }
        #expect(facts.settings.contains { $0.name == "embedding model of the gate" && $0.value == "`\(Self.encoder.identifier)`, d = 8" })
    }

    @Test("events.jsonl and rejected.jsonl: fixed keys, and every reader reads every kind of line")
    func records() async throws {
        let (directory, _, events, rejected, _) = try await Self.writeRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        let full = Data(try RunRecordCoding.line(Self.fullEvent(attempt: 1, id: "x-1")).utf8)
        #expect(try Self.keys(full) == [
            "attempt", "completion_tokens", "components", "decision", "detail", "faults", "id", "judge", "latency_ms", "nearest_components",
            "nearest_id", "nearest_score", "prompt_tokens", "reference_source", "references", "requests", "selection", "steering", "unreadable_share",
        ])
        #expect(try Self.keys(full, at: ["components"]) == ["age", "chatting_quirk", "life_context", "name", "profession", "traits", "username"])
        #expect(try Self.keys(full, at: ["steering"]) == [
            "avoid", "banned", "copied", "crowding_cut", "crowding_gain", "life_context_factor", "overused", "profession_factor", "unnamed", "waived",
        ])
        #expect(try Self.keys(full, at: ["judge"]) == [
            "against", "calls", "completion_tokens", "detail", "fallback", "model", "prompt_tokens", "reason", "verdict",
        ])
        #expect(try Self.keys(full, at: ["nearest_components"]) == [
            "cos_background", "cos_style", "cos_traits", "cos_whole", "probability", "trait_jaccard", "word_jaccard",
        ])
        #expect(try Self.keys(full, at: ["selection"]) == ["cap", "cause", "held", "kept", "template", "uses"])
        let diversity = SelectionRecord(held: 4, kept: 3, cause: SelectionRecord.diversity, score: 12.5)
        #expect(try Self.keys(Data(try RunRecordCoding.line(diversity).utf8)) == ["cause", "held", "kept", "score"])
        let record = Data(try RunRecordCoding.line(Self.fullRejected(attempt: 2)).utf8)
        #expect(try Self.keys(record) == [
            "attempt", "candidate", "crowding_gain", "detail", "judge", "nearest_components", "nearest_id", "nearest_score", "reason", "reply",
            "selection", "violations",
        ])

        // What the writers wrote reads back as written; the recovered event is byte for byte the line earlier versions wrote.
        let eventLines = try String(contentsOf: directory.appendingPathComponent(RunFiles.events), encoding: .utf8).split(separator: "\n").map(String.init)
        let decoded = try eventLines.enumerated().map { try RunRecordCoding.decode(AttemptEvent.self, from: Data($1.utf8), file: "events.jsonl", line: $0 + 1) }
        #expect(Array(decoded.prefix(events.count)) == events)
        let recovered = try #require(eventLines.last)
        let prefix = PersonaGenerator.idPrefix(seed: 7)
        #expect(recovered == #"{"attempt":6,"decision":"accepted","detail":"event recovered on resume: the run stopped after writing this persona, before its event","faults":[],"id":"\#(prefix)-6","references":[]}"#)
        var read = [RejectedCandidate]()
        try RunRecordCoding.forEach(RejectedCandidate.self, in: directory.appendingPathComponent(RunFiles.rejected)) { _, record in read.append(record) }
        #expect(read == rejected)

        // The audit's reader.
        let run = try #require(try AuditDataset.read(directory, options: .init()).run)
        #expect(run.acceptedAttempts == [1, 3, 6])
        #expect(run.rejectedAttempts == [2] && run.rejectedCount == 1 && run.resetAttempts == [1])
        #expect(run.sampled.first == SampledComponents(profession: "Harbour Pilot", lifeContext: "moving to a new city", traits: ["calm", "wry"],
                                                       quirks: ["types in lowercase"]))
        let steering = try #require(run.steering)
        #expect(steering.bans.map(\.template) == ["spends weekends"] && steering.waived == 1 && steering.lastAttempt == 6)
        #expect(steering.bans.first?.namedTo == 0 && steering.bans.first?.unnamedAt == nil)
        let reject = try #require(steering.rejects.first)
        #expect(reject.reason == "crowded" && reject.gain == -1.2 && reject.detail == "crowding gain -1.2 below the cut")
        #expect(reject.persona?.id == "x-2" && reject.selectionCause == SelectionRecord.overusedPhrase)

        // The card's counts.
        let outcome = try #require(try RunOutcome.read(runDirectory: directory))
        #expect(outcome.attempts == 5 && outcome.accepted == 3 && outcome.cancelledOrSurplus == 1 && outcome.unreadableAccepted == 1)
        #expect(outcome.rejectedByReason.map(\.reason) == ["crowded"] && outcome.source == RunFiles.events)

        // The generator's resume.
        let contents = try await RunDirectory.recover(directory, encoder: Self.encoder, embed: { texts in
            Issue.record("resume embedded \(texts.count) texts of a whole run")
            return Matrix(rows: texts.count, columns: 8)
        })
        #expect(contents.accepted.map(\.id) == [1, 3, 6].map { "\(prefix)-\($0)" })
        #expect(contents.blueprints["\(prefix)-1"] == Self.blueprint && contents.blueprints["\(prefix)-6"] == nil)
        #expect(contents.lastAttempt == 6 && contents.judgeCalls == 2 && contents.steeringRejections == 1)
        #expect(contents.crowdingGains == [-0.4, -1.2])
        #expect(contents.namedRecords.count == 1 && contents.namedRecords.first?.used == ["a former * who"])
    }

    @Test("a selection's withdrawal lines, written by the generator, read back in its resume, the audit and the card")
    func withdrawal() async throws {
        let (directory, _, _, _, rows) = try await Self.writeRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = PersonaGenerator.idPrefix(seed: 7)
        let gone = Self.persona(id: "\(prefix)-3")
        try RunDirectory.withdraw([RunDirectory.Withdrawal(index: 1, persona: gone, id: "\(prefix)-3", blueprint: Self.blueprint,
                                                          detail: "withdrawn at selection", selection: Self.selection)],
                                  from: directory, count: 3)
        let lines = try String(contentsOf: directory.appendingPathComponent(RunFiles.events), encoding: .utf8).split(separator: "\n")
        let line = Data(try #require(lines.last).utf8)
        #expect(try Self.keys(line) == ["attempt", "components", "decision", "detail", "faults", "id", "references", "selection"])
        let event = try RunRecordCoding.decode(AttemptEvent.self, from: line, file: "events.jsonl")
        #expect(event.decision == RejectReason.notSelected.rawValue && event.selection == Self.selection && event.components == Self.blueprint)

        let contents = try await RunDirectory.recover(directory, encoder: Self.encoder, embed: { _ in
            Issue.record("resume embedded again")
            return Matrix(rows: 0, columns: 8)
        })
        #expect(contents.withdrawn == 1 && contents.accepted.map(\.id) == ["\(prefix)-1", "\(prefix)-6"])
        #expect(contents.embeddings.storage == rows.selecting(rows: [0, 2]).storage)
        let outcome = try #require(try RunOutcome.read(runDirectory: directory))
        #expect(outcome.accepted == 2 && outcome.rejectedByReason.contains { $0.reason == "not-selected" && $0.count == 1 })
        let run = try #require(try AuditDataset.read(directory, options: .init()).run)
        #expect(run.steering?.rejects.contains { $0.reason == "not-selected" && $0.selectionCause == SelectionRecord.overusedPhrase } == true)
    }

    @Test("embeddings.f32: rows appended by the generator read back in its resume, the audit and spb-analyze embed")
    func embeddings() async throws {
        let (directory, written, _, _, rows) = try await Self.writeRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try Data(contentsOf: directory.appendingPathComponent(RunFiles.embeddings))
        #expect(Array(bytes.prefix(16)) == Array("SPBE".utf8) + [1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0])
        #expect(bytes.count == 16 + 3 * 8 * 4)
        #expect(try EmbeddingFile.read(directory.appendingPathComponent(RunFiles.embeddings))?.storage == rows.storage)

        let dataset = try AuditDataset.read(directory, options: .init())
        #expect(dataset.storedEmbeddings?.storage == rows.storage && dataset.storedEmbeddingsNote == nil)
        let stored = try #require(try StoredRunEmbeddings.open(runDirectory: directory, records: 3))
        #expect(stored.identifier == written.encoderIdentifier && stored.nameMasking == written.config.nameMasking)
        #expect(try stored.rows(1 ..< 3).storage == rows.selecting(rows: [1, 2]).storage)
        let contents = try await RunDirectory.recover(directory, encoder: Self.encoder, embed: { _ in
            Issue.record("resume embedded again")
            return Matrix(rows: 0, columns: 8)
        })
        #expect(contents.embeddings.storage == rows.storage)
    }
}

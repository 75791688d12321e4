import Foundation
import LinearAlgebra
import PersonaKit

/// The single owner of a run's mutable state: the dedup gate, the recent personas used as
/// references, the counters, the endpoint watch and the four append-only files.
///
/// Every decision and its writes happen inside one actor call with no suspension, so the
/// check-and-insert is atomic, index rows stay aligned with `personas.jsonl` and
/// `embeddings.f32`, and identifiers are never handed out twice.
actor RunLedger {
    /// What an attempt came back with, before the ledger decides.
    enum Outcome {
        case chatFailed(ChatFailure)
        case parsed(Result<Persona, CandidateParser.Failure>, reply: String, embedding: [Float]?)
        case cancelled
    }

    /// What an attempt sends, decided from one snapshot of the state when the attempt starts.
    struct Plan {
        var blueprint: PersonaBlueprint
        var references: [Persona]
        var referenceIDs: [String]
        var referenceSource: ReferencePolicy.Source
        /// Banned templates for the prompt's `{avoid}` list.
        var avoid: [PhraseTemplate]
        /// The steering decisions made so far (nil when steering is off).
        var steering: SteeringNote?
    }

    /// An attempt ready to settle.
    struct Report {
        var attempt: Int
        var blueprint: PersonaBlueprint
        var referenceSource: ReferencePolicy.Source
        var references: [String]
        var latencyMs: Int
        var reply: ChatReply?
        var outcome: Outcome
        var steering: SteeringNote? = nil
    }

    private var gate: DedupGate
    private let files: (personas: AppendFile, rejected: AppendFile, events: AppendFile, embeddings: AppendFile)
    private var recent: [(persona: Persona, id: String)] = []
    private var ids: Set<String>
    private(set) var statistics: RunStatistics
    private let seeds: [(persona: Persona, id: String)]
    private let policy: ReferencePolicy
    private let model: String
    private let idPrefix: String
    private var endpointWatch: EndpointFailure.Watch
    /// Steering's live state (nil when steering is off).
    private var steering: SteeringState?

    /// A ledger over an opened run.
    /// - Parameters:
    ///   - gate: the gate, already holding seeds and previously accepted personas.
    ///   - directory: the run directory (files are opened for appending).
    ///   - accepted: personas already in `personas.jsonl`, oldest first.
    ///   - maxConnectionFailures: attempts in a row that may fail to connect before ``endpointFailure`` is set.
    ///   - steering: steering's state, already holding `accepted` (nil when steering is off).
    init(gate: DedupGate, directory: URL, accepted: [(persona: Persona, id: String)], seeds: [(persona: Persona, id: String)],
         policy: ReferencePolicy, model: String, idPrefix: String, target: Int, maxConnectionFailures: Int,
         steering: SteeringState? = nil) throws {
        self.gate = gate
        self.steering = steering
        let embeddingsURL = directory.appendingPathComponent(RunFiles.embeddings)
        let embeddings = try AppendFile(url: embeddingsURL)
        if ((try? FileManager.default.attributesOfItem(atPath: embeddingsURL.path)[.size] as? Int) ?? 0) == 0 {
            try embeddings.append(EmbeddingFile.header(dimension: gate.index.dimension))
        }
        files = (try AppendFile(url: directory.appendingPathComponent(RunFiles.personas)),
                 try AppendFile(url: directory.appendingPathComponent(RunFiles.rejected)),
                 try AppendFile(url: directory.appendingPathComponent(RunFiles.events)),
                 embeddings)
        recent = Array(accepted.suffix(max(policy.lookback, 1)))
        ids = Set(accepted.map(\.id))
        self.seeds = seeds
        self.policy = policy
        self.model = model
        self.idPrefix = idPrefix
        endpointWatch = EndpointFailure.Watch(limit: maxConnectionFailures)
        statistics = RunStatistics()
        statistics.accepted = accepted.count
        statistics.target = target
    }

    /// Samples attempt `attempt`'s blueprint with `rng` (the attempt's own generator), then picks its
    /// references and avoid list, all from the state as it is now: with steering, what an attempt
    /// sends depends on what was accepted before it started (with `--concurrency 1`, on the seed alone).
    func plan(attempt: Int, sampler: ComponentSampler, rng: SeededGenerator) -> Plan {
        var rng = rng
        let blueprint = sampler.blueprint(using: &rng, factors: steering?.weightFactors)
        var pick = SeededGenerator(seed: rng.next())
        var source = policy.source(attempt: attempt, acceptedCount: statistics.accepted)
        let picked: [(persona: Persona, id: String)]
        if source == .recent, let steering, steering.settings.uses(.coverage) {
            source = .spread
            picked = policy.spread(steering.embeddings, using: &pick).map { (steering.accepted[$0], steering.acceptedIDs[$0]) }
        } else {
            let pool = source == .seeds ? seeds : Array(recent.suffix(policy.lookback))
            picked = policy.pick(from: pool.count, using: &pick).map { pool[$0] }
        }
        let avoid = steering?.avoidList ?? []
        var note: SteeringNote?
        if let steering {
            var made = SteeringNote()
            if !avoid.isEmpty { made.avoid = avoid.map(\.description) }
            if steering.settings.uses(.coverage) {
                let factors = steering.components.factors(of: blueprint)
                (made.professionFactor, made.lifeContextFactor) = (factors.profession, factors.lifeContext)
            }
            note = made
        }
        return Plan(blueprint: blueprint, references: picked.map(\.persona), referenceIDs: picked.map(\.id), referenceSource: source,
                    avoid: avoid, steering: note)
    }

    /// The steering state's summary (nil when steering is off).
    var steeringSnapshot: SteeringSnapshot? { steering?.snapshot }

    /// Whether more acceptances are still wanted.
    var needsMore: Bool { statistics.accepted < statistics.target }

    /// Set once the settled attempts show the endpoint cannot serve the run: the loop then stops.
    var endpointFailure: EndpointFailure? { endpointWatch.failure }

    /// Decides on an attempt, writes its records, and returns the event line written.
    /// - Throws: only when a file write fails (the run must stop: disk state is uncertain).
    @discardableResult
    func settle(_ report: Report) throws -> AttemptEvent {
        var event = AttemptEvent(attempt: report.attempt, components: report.blueprint, referenceSource: report.referenceSource,
                                 references: report.references, latencyMs: report.latencyMs,
                                 promptTokens: report.reply?.promptTokens ?? 0, completionTokens: report.reply?.completionTokens ?? 0,
                                 requests: report.reply?.requests ?? 0, decision: "", detail: nil, id: nil, nearestID: nil,
                                 nearestScore: nil, faults: report.reply?.faults ?? [], steering: report.steering)
        statistics.attempts += 1
        statistics.promptTokens += event.promptTokens
        statistics.completionTokens += event.completionTokens
        if case .parsed = report.outcome { endpointWatch.recordAnswer() }
        switch report.outcome {
        case .cancelled:
            event.decision = "cancelled"
            statistics.cancelled += 1
        case let .chatFailed(failure):
            event.faults = failure.faults
            event.decision = RejectReason.llmError.rawValue
            event.detail = failure.message
            statistics.rejects[.llmError, default: 0] += 1
            endpointWatch.record(failure)
        case let .parsed(.failure(failure), reply, _):
            event.decision = failure.reason.rawValue
            event.detail = failure.detail
            statistics.rejects[failure.reason, default: 0] += 1
            try write(RejectedCandidate(attempt: report.attempt, reason: failure.reason, detail: failure.detail,
                                        candidate: nil, reply: String(reply.prefix(2000)), nearestID: nil, nearestScore: nil), to: files.rejected)
        case let .parsed(.success(candidate), _, embedding):
            try decide(candidate, blueprint: report.blueprint, embedding: embedding, event: &event)
        }
        for fault in event.faults { statistics.faults[fault, default: 0] += 1 }
        if let note = event.steering, note.isEmpty { event.steering = nil }
        try write(event, to: files.events)
        return event
    }

    private func decide(_ candidate: Persona, blueprint: PersonaBlueprint, embedding: [Float]?, event: inout AttemptEvent) throws {
        guard needsMore else {
            event.decision = "surplus"
            event.detail = "the target was reached while this attempt was in flight"
            return
        }
        guard let embedding else { preconditionFailure("a parsed candidate always carries its embedding") }
        let id = "\(idPrefix)-\(String(event.attempt))"
        // Attempt numbers continue past every number found on resume, so this only trips on a bug.
        guard !ids.contains(id) else { throw GenerationError(.failure, "identifier \(id) is already in \(RunFiles.personas)") }
        var persona = candidate
        persona.model = model
        persona.id = id
        let text = PersonaTextTemplate.default.render(persona)
        event.unreadableShare = gate.unreadableShare(of: text) // such a candidate meets the exact-duplicate check only
        if event.unreadableShare != nil { statistics.unreadable += 1 }
        let overused = steering?.overused(persona, blueprint: blueprint) ?? []
        let verdict = try gate.admit(persona, text: text, embedding: embedding, id: id, references: event.references,
                                     veto: overused.isEmpty ? nil : .overusedPhrase)
        event.steering?.crowdingGain = gate.lastCrowdingGain
        switch verdict {
        case let .accepted(nearest):
            try files.embeddings.append(EmbeddingFile.rowBytes(embedding))
            try files.personas.appendLine(persona.jsonLine())
            ids.insert(id)
            recent.append((persona, id))
            if recent.count > policy.lookback { recent.removeFirst(recent.count - policy.lookback) }
            if let banned = steering?.recordAccepted(persona, id: id, blueprint: blueprint, embedding: embedding, attempt: event.attempt),
               !banned.isEmpty {
                event.steering?.banned = banned.map(\.description)
            }
            statistics.accepted += 1
            statistics.acceptedNow += 1
            event.decision = "accepted"
            event.id = id
            event.nearestID = nearest?.id
            event.nearestScore = nearest?.score
        case let .rejected(reason, nearest):
            event.decision = reason.rawValue
            event.nearestID = nearest?.id
            event.nearestScore = nearest?.score
            statistics.rejects[reason, default: 0] += 1
            var gain: Double?
            switch reason {
            case .overusedPhrase:
                event.steering?.overused = overused.map(\.description)
                event.detail = "uses " + overused.map(\.description).joined(separator: ", ")
            case .crowded:
                gain = gate.lastCrowdingGain
                if let gain, let rule = gate.crowding {
                    event.detail = String(format: "crowding gain %.3f below the floor %.3f (against the %d nearest)", gain, rule.floor, rule.neighbors)
                }
            default: break
            }
            var shown = candidate
            shown.model = model
            try write(RejectedCandidate(attempt: event.attempt, reason: reason, detail: event.detail, candidate: shown.jsonValue,
                                        reply: nil, nearestID: nearest?.id, nearestScore: nearest?.score, crowdingGain: gain), to: files.rejected)
        }
    }

    private func write(_ record: some Encodable, to file: AppendFile) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { try file.appendLine(String(decoding: try encoder.encode(record), as: UTF8.self)) } catch let error as GenerationError { throw error } catch {
            throw GenerationError(.failure, "\(file.url.path): cannot encode a record (\(error))")
        }
    }
}

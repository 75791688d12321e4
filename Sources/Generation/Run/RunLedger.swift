import FieldScoring
import Foundation
import Judging
import LLMClient
import LinearAlgebra
import PersonaKit
import RunFormat

/// The single owner of a run's mutable state: the dedup gate, the recent personas used as
/// references, the counters, the endpoint watch and the four append-only files.
///
/// Every decision and its writes happen inside one actor call with no suspension, so the
/// check-and-insert is atomic, index rows stay aligned with `personas.jsonl`, `embeddings.f32`
/// and `fields.f32`, and identifiers are never handed out twice.
///
/// With the LLM judge, ``settle(_:)`` may answer ``Settlement/judge(_:)`` instead of deciding: it then
/// changed nothing and wrote nothing but reserved one judge call. The caller asks the judge outside the
/// actor and settles the same report again with the verdict in ``Report/judging``; the gate re-screens
/// against everything held by then (see ``DedupGate``), so a persona accepted meanwhile is judged too.
/// A candidate stopped while being judged settles as cancelled (or, killed, leaves no line at all).
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
        /// The banned templates its prompt named.
        var avoid: [PhraseTemplate] = []
        /// The candidate's field profile (with `--score fields`).
        var profile: PersonaFieldProfile? = nil
        /// The judging of the candidate so far.
        var judging = JudgeProgress()
    }

    /// What ``settle(_:)`` did.
    enum Settlement {
        /// The attempt is decided and written: its event line.
        case settled(AttemptEvent)
        /// Nothing was decided: ask the judge about `candidate` against `held`, then settle again.
        case judge(candidate: Persona, held: [(nearest: DedupGate.Nearest, persona: Persona)])
    }

    /// The judge's limits in a run.
    struct JudgeLimits {
        /// The judge model's name (for the logs).
        var model: String
        /// `--max-judge-calls-per-accepted`.
        var maxCallsPerAccepted: Double
        /// Judge calls recorded in the run's events before this invocation.
        var previousCalls: Int
        /// Attempts in a row the judge endpoint may fail to connect before the run stops.
        var maxConnectionFailures: Int
    }

    private var gate: DedupGate
    /// How a candidate becomes the gate's text.
    private let textTemplate: PersonaTextTemplate
    private let files: (personas: AppendFile, rejected: AppendFile, events: AppendFile, embeddings: AppendFile)
    /// `fields.f32` (with `--score fields`).
    private let fieldsFile: AppendFile?
    private let judgeLimits: JudgeLimits?
    private var judgeWatch: EndpointFailure.Watch
    /// Judge calls of the whole run, this invocation's reservations included (for the cap).
    private var judgeCallsInRun: Int
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
    ///   - textTemplate: how a candidate becomes the text the gate compares (the run's, name-blind unless `--keep-names`).
    ///   - directory: the run directory (files are opened for appending).
    ///   - accepted: personas already in `personas.jsonl`, oldest first.
    ///   - maxConnectionFailures: attempts in a row that may fail to connect before ``endpointFailure`` is set.
    ///   - steering: steering's state, already holding `accepted` (nil when steering is off).
    ///   - judge: the judge's limits (nil without a judge).
    init(gate: DedupGate, textTemplate: PersonaTextTemplate = .default, directory: URL, accepted: [(persona: Persona, id: String)], seeds: [(persona: Persona, id: String)],
         policy: ReferencePolicy, model: String, idPrefix: String, target: Int, maxConnectionFailures: Int,
         steering: SteeringState? = nil, judge: JudgeLimits? = nil) throws {
        self.gate = gate
        self.textTemplate = textTemplate
        self.steering = steering
        judgeLimits = judge
        judgeWatch = EndpointFailure.Watch(limit: judge?.maxConnectionFailures ?? maxConnectionFailures, role: .judge)
        judgeCallsInRun = judge?.previousCalls ?? 0
        let embeddings = try Self.openRows(directory.appendingPathComponent(RunFiles.embeddings), width: gate.index.dimension)
        fieldsFile = gate.fieldBank == nil ? nil
            : try Self.openRows(directory.appendingPathComponent(RunFiles.fields), width: FieldRows.width(dimension: gate.index.dimension))
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

    /// Set once the settled attempts show the chat or the judge endpoint cannot serve the run: the loop then stops.
    var endpointFailure: EndpointFailure? { endpointWatch.failure ?? judgeWatch.failure }

    /// Opens an append-only row file, writing its header when it is new.
    private static func openRows(_ url: URL, width: Int) throws -> AppendFile {
        let file = try AppendFile(url: url)
        if ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0) == 0 {
            try file.append(EmbeddingFile.header(dimension: width))
        }
        return file
    }

    /// Whether the judge may be asked about this candidate now; sets the fallback cause when not.
    private func mayJudge(_ judging: inout JudgeProgress) -> Bool {
        guard let judgeLimits, judging.fallback == nil, judging.same == nil else { return false }
        if judging.rounds >= JudgeProgress.maxRounds {
            judging.fallback = .rounds
            return false
        }
        if Double(judgeCallsInRun) >= judgeLimits.maxCallsPerAccepted * Double(statistics.accepted + 1) {
            judging.fallback = .cap
            return false
        }
        return true
    }

    /// Decides on an attempt and writes its records, or (with the judge) asks for a verdict first.
    /// - Returns: ``Settlement/settled(_:)`` with the event line written, or ``Settlement/judge(candidate:held:)``
    ///   when the candidate has held personas in the judge's band not yet judged (nothing decided or written).
    /// - Throws: only when a file write fails (the run must stop: disk state is uncertain).
    @discardableResult
    func settle(_ report: Report) throws -> Settlement {
        var report = report
        var verdict: DedupGate.Verdict?
        var prepared: Prepared?
        if case let .parsed(.success(candidate), _, embedding?) = report.outcome, needsMore, report.judging.same == nil {
            let ready = try prepare(candidate, blueprint: report.blueprint, attempt: report.attempt)
            let allowed = mayJudge(&report.judging)
            let decided = try gate.admit(ready.persona, text: ready.text, embedding: embedding, id: ready.id, references: report.references,
                                         veto: ready.overused.isEmpty || !ready.steers ? nil : .overusedPhrase,
                                         crowdingCut: ready.steers ? ready.crowdingCut : nil,
                                         profile: report.profile, judged: report.judging.different, mayJudge: allowed)
            if case let .judge(neighbours) = decided {
                judgeCallsInRun += 1
                statistics.judgeCalls += 1
                let held = neighbours.compactMap { nearest in gate.persona(id: nearest.id).map { (nearest, $0) } }
                return .judge(candidate: ready.persona, held: held)
            }
            if gate.lastUnjudged.isEmpty, report.judging.fallback == .cap || report.judging.fallback == .rounds {
                report.judging.fallback = nil // the limit was reached, but no band neighbour needed the judge
            }
            (verdict, prepared) = (decided, ready)
        }
        return .settled(try record(report, verdict: verdict, prepared: prepared))
    }

    /// A candidate made ready for the gate: its identifier, model, text, and what steering holds against it.
    private struct Prepared {
        var persona: Persona
        var id: String
        var text: String
        /// Banned templates it uses.
        var overused: [PhraseTemplate]
        /// The crowding cut in force (nil: crowding off or still measuring).
        var crowdingCut: Double?
        /// Whether steering's budget lets it reject (true when steering is off: nothing to reject for).
        var steers: Bool
    }

    private func prepare(_ candidate: Persona, blueprint: PersonaBlueprint, attempt: Int) throws -> Prepared {
        let id = "\(idPrefix)-\(String(attempt))"
        // Attempt numbers continue past every number found on resume, so this only trips on a bug.
        guard !ids.contains(id) else { throw GenerationError.duplicateIdentifier(id) }
        var persona = candidate
        persona.model = model
        persona.id = id
        return Prepared(persona: persona, id: id, text: textTemplate.render(persona),
                        overused: steering?.overused(persona, blueprint: blueprint) ?? [], crowdingCut: steering?.crowdingCut,
                        steers: steering?.mayReject ?? true)
    }

    /// Writes the records of a decided attempt and returns its event.
    private func record(_ report: Report, verdict: DedupGate.Verdict?, prepared: Prepared?) throws -> AttemptEvent {
        var event = AttemptEvent(attempt: report.attempt, components: report.blueprint, referenceSource: report.referenceSource,
                                 references: report.references, latencyMs: report.latencyMs,
                                 promptTokens: report.reply?.promptTokens ?? 0, completionTokens: report.reply?.completionTokens ?? 0,
                                 requests: report.reply?.requests ?? 0, decision: "", detail: nil, id: nil, nearestID: nil,
                                 nearestScore: nil, faults: report.reply?.faults ?? [], steering: report.steering)
        statistics.attempts += 1
        statistics.promptTokens += report.reply?.promptTokens ?? 0
        statistics.completionTokens += report.reply?.completionTokens ?? 0
        if case .parsed = report.outcome { endpointWatch.recordAnswer() }
        recordJudging(report.judging, in: &event)
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
            var rejected = RejectedCandidate(attempt: report.attempt, reason: failure.reason, detail: failure.detail,
                                             candidate: nil, reply: String(reply.prefix(2000)), nearestID: nil, nearestScore: nil)
            if case let .contentRules(persona, violations) = failure {
                var shown = persona
                shown.model = model
                rejected.candidate = shown.jsonValue
                rejected.reply = nil
                rejected.violations = violations
                for rule in Set(violations.map(\.rule)) { statistics.contentRules[rule, default: 0] += 1 }
            }
            try files.rejected.appendRecord(rejected)
        case let .parsed(.success(candidate), _, embedding):
            if let same = report.judging.same, needsMore {
                try rejectJudged(candidate, same: same, event: &event)
            } else {
                try decide(candidate, blueprint: report.blueprint, embedding: embedding, profile: report.profile, verdict: verdict,
                           prepared: prepared, avoid: report.avoid, event: &event)
            }
        }
        for fault in event.faults { statistics.faults[fault, default: 0] += 1 }
        if let note = event.steering, note.isEmpty { event.steering = nil }
        try files.events.appendRecord(event)
        return event
    }

    /// Counts a candidate's judge calls, tokens, faults and outcome, feeds the judge endpoint's watch,
    /// and puts the judge record on the event.
    private func recordJudging(_ judging: JudgeProgress, in event: inout AttemptEvent) {
        guard let judgeLimits, let record = judging.record(model: judgeLimits.model) else { return }
        event.judge = record
        statistics.judgeVerdicts[record.verdict, default: 0] += 1
        if let fallback = record.fallback { statistics.judgeFallbacks[fallback, default: 0] += 1 }
        statistics.judgePromptTokens += record.promptTokens
        statistics.judgeCompletionTokens += record.completionTokens
        for call in judging.calls {
            judgeWatch.recordAnswer()
            for fault in call.faults { statistics.judgeFaults[fault, default: 0] += 1 }
        }
        for failure in judging.failures {
            for fault in failure.faults { statistics.judgeFaults[fault, default: 0] += 1 }
            judgeWatch.record(failure)
        }
    }

    /// Rejects a candidate the judge called the same character as a held persona.
    private func rejectJudged(_ candidate: Persona, same: (verdict: JudgeVerdict, against: [DedupGate.Nearest]), event: inout AttemptEvent) throws {
        let nearest = same.against.first
        event.decision = RejectReason.judgedDuplicate.rawValue
        event.detail = same.verdict.reason
        (event.nearestID, event.nearestScore, event.nearestComponents) = (nearest?.id, nearest?.score, nearest?.components)
        statistics.rejects[.judgedDuplicate, default: 0] += 1
        var shown = candidate
        shown.model = model
        try files.rejected.appendRecord(RejectedCandidate(attempt: event.attempt, reason: .judgedDuplicate, detail: event.detail, candidate: shown.jsonValue,
                                                          reply: nil, nearestID: nearest?.id, nearestScore: nearest?.score, nearestComponents: nearest?.components,
                                                          judge: event.judge))
    }

    private func decide(_ candidate: Persona, blueprint: PersonaBlueprint, embedding: [Float]?, profile: PersonaFieldProfile?,
                        verdict: DedupGate.Verdict?, prepared: Prepared?, avoid: [PhraseTemplate], event: inout AttemptEvent) throws {
        guard needsMore else {
            event.decision = "surplus"
            event.detail = "the target was reached while this attempt was in flight"
            return
        }
        guard let embedding, let verdict, let prepared else { preconditionFailure("a parsed candidate is screened by settle") }
        let (persona, id, overused) = (prepared.persona, prepared.id, prepared.overused)
        event.unreadableShare = gate.lastUnreadableShare // such a candidate meets the exact-duplicate check only
        if event.unreadableShare != nil { statistics.unreadable += 1 }
        event.steering?.crowdingGain = gate.lastCrowdingGain
        event.steering?.crowdingCut = gate.lastCrowdingGain == nil ? nil : prepared.crowdingCut
        if let gain = gate.lastCrowdingGain { steering?.recordGain(gain) }
        if !avoid.isEmpty, steering != nil {
            let copied = Set(overused).intersection(avoid)
            event.steering?.copied = copied.sorted().map(\.description)
            let dropped = steering?.recordNamed(avoid, used: copied, attempt: event.attempt) ?? []
            if !dropped.isEmpty { event.steering?.unnamed = dropped.map(\.description) }
        }
        switch verdict {
        case .judge:
            preconditionFailure("settle returns a judge request before recording")
        case let .accepted(nearest):
            try files.embeddings.append(EmbeddingFile.rowBytes(embedding))
            if let fieldsFile, let profile { try fieldsFile.append(EmbeddingFile.rowBytes(FieldRows.row(of: profile))) }
            try files.personas.appendLine(persona.jsonLine())
            ids.insert(id)
            recent.append((persona, id))
            if recent.count > policy.lookback { recent.removeFirst(recent.count - policy.lookback) }
            event.steering?.waived = waived(overused, cut: prepared.crowdingCut)
            if let banned = steering?.recordAccepted(persona, id: id, blueprint: blueprint, embedding: embedding, attempt: event.attempt),
               !banned.isEmpty {
                event.steering?.banned = banned.map(\.description)
            }
            statistics.accepted += 1
            statistics.acceptedNow += 1
            event.decision = "accepted"
            event.id = id
            (event.nearestID, event.nearestScore, event.nearestComponents) = (nearest?.id, nearest?.score, nearest?.components)
        case let .rejected(reason, nearest):
            event.decision = reason.rawValue
            (event.nearestID, event.nearestScore, event.nearestComponents) = (nearest?.id, nearest?.score, nearest?.components)
            statistics.rejects[reason, default: 0] += 1
            if reason.isSteering { steering?.recordRejection() }
            var gain: Double?
            switch reason {
            case .overusedPhrase:
                event.steering?.overused = overused.map(\.description)
                event.detail = "uses " + overused.map(\.description).joined(separator: ", ")
            case .crowded:
                gain = gate.lastCrowdingGain
                if let gain, let rule = gate.crowding, let cut = prepared.crowdingCut {
                    event.detail = String(format: "crowding gain %.3f below the cut %.3f (the lowest %.0f %% of the last %d gains, at most %.2f; against the %d nearest)",
                                          gain, cut, rule.share * 100, CrowdingRule.window, rule.ceiling, rule.neighbors)
                }
            default: break
            }
            var shown = candidate
            shown.model = model
            try files.rejected.appendRecord(RejectedCandidate(attempt: event.attempt, reason: reason, detail: event.detail, candidate: shown.jsonValue,
                                                              reply: nil, nearestID: nearest?.id, nearestScore: nearest?.score, crowdingGain: gain,
                                                              nearestComponents: nearest?.components, judge: event.judge))
        }
    }

    /// What steering would have rejected an accepted candidate for (nil when nothing was waived): with
    /// the budget spent, the gate neither vetoes overused phrasing nor enforces the crowding cut.
    private func waived(_ overused: [PhraseTemplate], cut: Double?) -> [String]? {
        var reasons = [String]()
        if let gain = gate.lastCrowdingGain, let cut, gain < cut { reasons.append(RejectReason.crowded.rawValue) }
        reasons += overused.map(\.description)
        return reasons.isEmpty ? nil : reasons
    }
}

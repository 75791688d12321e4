import ContentChecks
import Embedding
import FieldScoring
import Foundation
import Judging
import LLMClient
import LinearAlgebra
import PersonaKit
import RunFormat

/// The generation loop: sample blueprints, prompt the model with references, parse and
/// validate the reply, pass it through the dedup gate, and append what is accepted.
///
/// Requests run in a bounded task group refilled as attempts finish; all shared state
/// lives in a ``RunLedger`` actor, so concurrency never changes what attempt *n* sampled.
///
/// With steering (``SteeringSettings``), what attempt *n* sends (the weights its blueprint is drawn
/// with from its own generator, its references, its avoid list) is decided from one snapshot of the
/// ledger's state taken when the attempt starts: with `--concurrency 1` a run is a function of its seed;
/// with more, of the order in which earlier attempts settled, as the recent references already were.
/// `--resume` rebuilds the steering state from the files, exactly.
public struct PersonaGenerator: Sendable {
    /// How to treat an existing run directory.
    public enum StartMode: Sendable { case fresh, resume, force }

    /// Why a run ended.
    public enum Completion: String, Sendable {
        case reachedTarget = "reached target", interrupted, attemptsExhausted = "attempts exhausted"
        /// The endpoint cannot serve the run (see ``Summary/endpointFailure``).
        case endpointFailed = "endpoint failed"
    }

    /// What a finished (or stopped) run reports.
    public struct Summary: Sendable {
        /// Counters of this invocation (`accepted` counts the whole run directory).
        public var statistics: RunStatistics
        /// Why it ended.
        public var completion: Completion
        /// Wall time of this invocation.
        public var elapsed: Duration
        /// The first attempt number this invocation used.
        public var firstAttempt: Int
        /// Why the endpoint was given up on, when ``completion`` is ``Completion/endpointFailed``.
        public var endpointFailure: EndpointFailure? = nil
        /// The steering state at the end (nil when steering is off).
        public var steering: SteeringSnapshot? = nil
        /// What selection steering withdrew at the end (nil when it did not run).
        public var selection: SelectionSummary? = nil
        /// The avoid sets in the gate, each with its checksum and record count.
        public var avoided: [AvoidSet] = []
    }

    /// What selection steering (``FinalSelection``) did at the end of a run.
    public struct SelectionSummary: Sendable, Equatable {
        /// Personas held before it.
        public var held: Int
        /// Personas kept (the target).
        public var kept: Int
        /// Withdrawn for a phrase template above the cap.
        public var withdrawnForPhrases: Int
        /// Withdrawn for the diversity of the rest.
        public var withdrawnForDiversity: Int
        /// Vendi score (q = 1) of the held personas.
        public var vendiBefore: Double
        /// Vendi score (q = 1) of the kept ones.
        public var vendiAfter: Double
        /// Templates still above the cap (too few personas to withdraw).
        public var overCap: [String]
    }

    /// How many personas a run gathers before selection keeps `config.target` of them: the target plus
    /// ``SteeringSettings/selectionOversample`` of what an earlier selection (which kept `alreadyKept`)
    /// did not cover; the target itself without selection.
    public static func heldTarget(_ config: GenerationConfig, alreadyKept: Int = 0) -> Int {
        guard config.steering.uses(.selection) else { return config.target }
        let uncovered = Double(max(0, config.target - alreadyKept))
        return config.target + Int((uncovered * config.steering.selectionOversample).rounded(.up))
    }

    /// The run's settings.
    public var config: GenerationConfig
    /// Components, seeds and name lists.
    public var inputs: GenerationInputs
    /// The prompt wording.
    public var template: PromptTemplate
    /// The language model.
    public var chat: PersonaChat
    /// The embedding backend of the gate.
    public var encoder: any TextEncoder
    /// Field limits for validation and the prompt.
    public var rules: ValidationRules
    /// The LLM judge of the gate's ambiguous band (used when `config.judge` is set).
    public var judge: PersonaJudge?

    /// A generator; nothing happens until ``run(in:mode:progress:)``.
    public init(config: GenerationConfig, inputs: GenerationInputs, template: PromptTemplate = .default, chat: PersonaChat,
                encoder: any TextEncoder, rules: ValidationRules = .card, judge: PersonaJudge? = nil) {
        self.config = config
        self.inputs = inputs
        self.template = template
        self.chat = chat
        self.encoder = encoder
        self.rules = rules
        self.judge = judge
    }

    /// The content rules a candidate must pass before it is embedded: every ``ContentRule`` but those
    /// `--allow`ed, with the prompt's own instructions for the echo rule and the components' professions
    /// as the job titles a background must not be on its own.
    public var contentChecker: ContentChecker {
        ContentChecker(enabled: Set(ContentRule.allCases).subtracting(config.allowedContentRules),
                       echo: InstructionEcho(templates: [template.system, template.user]),
                       jobTitles: inputs.components.professions.map(\.value))
    }

    /// The field scorer over the run's encoder (with `--score fields`).
    private var fieldScorer: FieldScorer? {
        config.score == .fields && config.gate == .semantic ? FieldScorer(encoder: encoder, template: config.textTemplate) : nil
    }

    /// The prompts of the first `count` attempts of a fresh run, without calling the model.
    public func dryRunPrompts(_ count: Int) -> [(system: String, user: String)] {
        let sampler = ComponentSampler(inputs: inputs, ages: rules.ages, traitCount: rules.traitCount)
        return (1 ... max(count, 1)).map { attempt in
            var rng = SeededGenerator.forAttempt(attempt, runSeed: config.seed)
            let blueprint = sampler.blueprint(using: &rng)
            var pick = SeededGenerator(seed: rng.next())
            let references = config.references.pick(from: inputs.seedPersonas.count, using: &pick).map { inputs.seedPersonas[$0] }
            return template.render(blueprint, references: references, rules: rules)
        }
    }

    /// Runs until `config.target` personas are in `directory` (with selection steering: until
    /// ``heldTarget(_:alreadyKept:)`` are, then keeps the target), the attempts run out, the endpoint
    /// fails (a fatal answer, or `config.maxConnectionFailures` attempts in a row that could not
    /// connect: the attempts in flight are then cancelled), or the calling task is cancelled
    /// (Ctrl-C); files are consistent in every case.
    /// - Parameters:
    ///   - directory: the run directory (created when absent).
    ///   - mode: `.fresh` refuses a directory with content; `.resume` continues it; `.force` starts over.
    ///   - progress: called after every settled attempt.
    ///   - notes: told when an avoid set is embedded rather than read from its cache, and why.
    /// - Throws: ``GenerationError`` for a busy, non-empty or damaged directory, avoid sets the gate cannot
    ///   hold, or a failed write; `InputError` for a bad avoid file or one changed since the run recorded it.
    public func run(in directory: URL, mode: StartMode, progress: (@Sendable (RunStatistics) -> Void)? = nil,
                    notes: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        let clock = ContinuousClock(), started = clock.now
        try AvoidSet.check(config)
        try RunDirectory.create(directory)
        let lock = try RunLock(directory: directory)
        defer { lock.release() }
        try RunDirectory.check(directory, mode: mode, lockName: lock.url.lastPathComponent)

        let textTemplate = config.textTemplate
        var steering = config.steering.parts.isEmpty ? nil
            : SteeringState(settings: config.steering, components: inputs.components, dimension: encoder.dimension,
                            instructionWords: template.instructionWords, textTemplate: textTemplate)
        let judging = judge != nil && config.judge != nil
        var gate = DedupGate(mode: config.gate, threshold: config.threshold, dimension: encoder.dimension,
                             readability: encoder as? any ReadabilityMeasuring, maxUnreadableShare: config.maxUnreadableShare,
                             crowding: steering?.crowding,
                             firstStage: config.gate == .semantic ? GateFirstStage(score: config.score, threshold: config.firstStage.threshold,
                                                                                  band: judging ? config.firstStage.band : nil) : nil)
        let seeds = inputs.seedPersonas.indices.map { (persona: inputs.seedPersonas[$0], id: inputs.seedIdentifier($0)) }
        let seedTexts = seeds.map { textTemplate.render($0.persona) }
        let seedProfiles = try await profiles(seeds.map(\.persona))
        let seedEmbeddings = seedProfiles == nil ? try await embed(seedTexts) : Matrix(rows: 0, columns: encoder.dimension)
        for (index, seed) in seeds.enumerated() {
            let profile = seedProfiles?[index]
            try gate.register(seed.persona, text: seedTexts[index], embedding: profile?.vector(.whole) ?? seedEmbeddings.row(index), id: seed.id,
                              profile: profile)
        }
        var recorded = config // as the manifest records it: with what the run read of each avoid set
        recorded.avoid = try await AvoidSetLoader(directory: directory, encoder: encoder, template: textTemplate, embed: embed,
                                                  profiles: fieldScorer == nil ? nil : { personas in try await self.profiles(personas) ?? [] },
                                                  notes: notes).load(config.avoid, into: &gate)

        var previous = RunDirectory.Contents()
        if mode == .resume {
            let fieldRows: (([Persona]) async throws -> Matrix)? = fieldScorer == nil ? nil : { personas in
                try await self.storedFieldRows(personas)
            }
            previous = try await RunDirectory.recover(directory, encoder: encoder, steered: steering != nil, embed: embed, fieldRows: fieldRows)
            if var manifest = previous.manifest {
                manifest.config = recorded // the settings this invocation runs with (a new --target, say)
                manifest.seedPersonas = seeds.count
                manifest.prompt = template.record
                try manifest.write(directory: directory)
            }
            steering?.rejections = previous.steeringRejections
            for gain in previous.crowdingGains { steering?.recordGain(gain) }
            for (index, entry) in previous.accepted.enumerated() {
                let embedding = previous.embeddings.row(index)
                let profile = previous.fieldRows.map { FieldRows.profile(of: textTemplate.nameBlind(entry.persona), whole: embedding, row: $0.row(index)) }
                try gate.register(entry.persona, text: textTemplate.render(entry.persona), embedding: embedding, id: entry.id,
                                  profile: profile)
                _ = steering?.recordAccepted(entry.persona, id: entry.id, blueprint: previous.blueprints[entry.id], embedding: embedding,
                                             attempt: RunDirectory.attemptNumber(ofID: entry.id))
            }
            steering?.restoreNamed(previous.namedRecords) // after the personas: every named template's ban is known
        } else {
            let manifest = GenerationManifest(tool: "spb-generate", version: GenerationManifest.toolVersion,
                                              created: ISO8601DateFormatter().string(from: Date()), config: recorded,
                                              encoderIdentifier: encoder.identifier, embeddingDimension: encoder.dimension,
                                              seedPersonas: seeds.count, prompt: template.record)
            try manifest.write(directory: directory)
        }

        let heldTarget = Self.heldTarget(config, alreadyKept: previous.withdrawn > 0 ? previous.accepted.count : 0)
        let ledger = try RunLedger(gate: gate, textTemplate: textTemplate, directory: directory, accepted: previous.accepted, seeds: seeds, policy: config.references,
                                   model: config.model, idPrefix: Self.idPrefix(seed: config.seed), target: heldTarget,
                                   maxConnectionFailures: config.maxConnectionFailures, steering: steering,
                                   judge: judging ? RunLedger.JudgeLimits(model: judge?.model ?? config.model,
                                                                          maxCallsPerAccepted: config.judge?.maxCallsPerAccepted ?? JudgeSettings.defaultMaxCallsPerAccepted,
                                                                          previousCalls: previous.judgeCalls,
                                                                          maxConnectionFailures: config.maxConnectionFailures) : nil)
        let firstAttempt = previous.lastAttempt + 1
        let lastAttempt = firstAttempt + config.maxAttempts - 1
        let sampler = ComponentSampler(inputs: inputs, ages: rules.ages, traitCount: rules.traitCount)
        let checker = contentChecker

        try await withThrowingTaskGroup(of: Void.self) { group in
            var nextAttempt = firstAttempt, inFlight = 0, endpointFailed = false
            while true {
                let accepted = await ledger.statistics.accepted
                while !endpointFailed, !Task.isCancelled, inFlight < max(config.concurrency, 1), accepted + inFlight < heldTarget, nextAttempt <= lastAttempt {
                    let attempt = nextAttempt
                    nextAttempt += 1
                    inFlight += 1
                    group.addTask { try await self.attempt(attempt, sampler: sampler, checker: checker, ledger: ledger) }
                }
                if inFlight == 0 { break }
                try await group.next()
                inFlight -= 1
                if !endpointFailed, await ledger.endpointFailure != nil {
                    endpointFailed = true
                    group.cancelAll() // the attempts in flight settle as cancelled, as on Ctrl-C
                }
                if let progress { progress(await ledger.statistics) }
            }
        }
        var statistics = await ledger.statistics
        let endpointFailure = await ledger.endpointFailure
        var selection: SelectionSummary?
        if config.steering.uses(.selection), statistics.accepted > config.target, endpointFailure == nil, !Task.isCancelled {
            let made = try await select(in: directory)
            statistics.accepted = made.kept
            statistics.target = config.target
            selection = made
        }
        let completion: Completion = statistics.accepted >= config.target ? .reachedTarget
            : endpointFailure != nil ? .endpointFailed : Task.isCancelled ? .interrupted : .attemptsExhausted
        return Summary(statistics: statistics, completion: completion, elapsed: clock.now - started, firstAttempt: firstAttempt,
                       endpointFailure: completion == .endpointFailed ? endpointFailure : nil, steering: await ledger.steeringSnapshot,
                       selection: selection, avoided: recorded.avoid)
    }

    /// Selection steering: keeps `config.target` of the held personas (``FinalSelection``) and withdraws the
    /// rest from the run directory (``RunDirectory/withdraw(_:from:count:)``).
    private func select(in directory: URL) async throws -> SelectionSummary {
        let contents = try await RunDirectory.recover(directory, encoder: encoder, steered: true, embed: embed)
        var rows = contents.embeddings
        Vectors.normalizeRows(&rows)
        let templates = contents.accepted.map { PhraseTemplate.templates(of: config.textTemplate.nameBlind($0.persona), blueprint: contents.blueprints[$0.id]) }
        let cap = FinalSelection.cap(share: config.steering.selectionCapShare, target: config.target)
        let outcome: FinalSelection.Outcome
        do { outcome = try FinalSelection.select(embeddings: rows, templates: templates, target: config.target, cap: cap) } catch {
            throw GenerationError.selection(error)
        }
        let withdrawals = outcome.withdrawals.map { withdrawal in
            let entry = contents.accepted[withdrawal.index]
            return RunDirectory.Withdrawal(index: withdrawal.index, persona: entry.persona, id: entry.id, blueprint: contents.blueprints[entry.id],
                                           detail: withdrawal.cause.detail,
                                           selection: withdrawal.cause.record(held: contents.accepted.count, kept: outcome.kept.count))
        }
        try RunDirectory.withdraw(withdrawals, from: directory, count: contents.accepted.count)
        let forPhrases = outcome.withdrawals.filter { if case .overusedPhrase = $0.cause { true } else { false } }.count
        return SelectionSummary(held: contents.accepted.count, kept: outcome.kept.count, withdrawnForPhrases: forPhrases,
                                withdrawnForDiversity: outcome.withdrawals.count - forPhrases, vendiBefore: outcome.vendiBefore,
                                vendiAfter: outcome.vendiAfter, overCap: outcome.overCap.map(\.description))
    }

    /// One attempt, from sampling to the ledger's decision.
    private func attempt(_ attempt: Int, sampler: ComponentSampler, checker: ContentChecker, ledger: RunLedger) async throws {
        let clock = ContinuousClock(), started = clock.now
        let plan = await ledger.plan(attempt: attempt, sampler: sampler, rng: SeededGenerator.forAttempt(attempt, runSeed: config.seed))
        let blueprint = plan.blueprint
        let messages = template.render(blueprint, references: plan.references, rules: rules, avoid: plan.avoid)
        var report = RunLedger.Report(attempt: attempt, blueprint: blueprint, referenceSource: plan.referenceSource,
                                      references: plan.referenceIDs, latencyMs: 0, reply: nil, outcome: .cancelled, steering: plan.steering,
                                      avoid: plan.avoid)
        do {
            let reply = try await chat.complete(messages.system, messages.user)
            report.reply = reply
            let parsed = CandidateParser.parse(reply.text, blueprint: blueprint, rules: rules, content: checker)
            var embedding: [Float]?
            if case let .success(persona) = parsed {
                if let profile = try await profiles([persona])?.first {
                    report.profile = profile
                    embedding = profile.vector(.whole)
                } else {
                    embedding = try await embed([config.textTemplate.render(persona)]).row(0)
                }
            }
            report.outcome = .parsed(parsed, reply: reply.text, embedding: embedding)
        } catch let error as GenerationError {
            throw error
        } catch where Task.isCancelled {
            report.outcome = .cancelled
        } catch let failure as ChatFailure {
            report.outcome = .chatFailed(failure)
        } catch {
            report.outcome = .chatFailed(ChatFailure(faults: ["error"], message: "\(error)"))
        }
        report.latencyMs = Int((clock.now - started) / .milliseconds(1))
        var settlement = try await ledger.settle(report)
        while case let .judge(candidate, held) = settlement {
            guard let judge else { preconditionFailure("the ledger asks for a judge only when the run has one") }
            let shown = held.map(\.nearest)
            do {
                report.judging.record(try await judge.judge(candidate, held.map(\.persona)), against: shown)
            } catch where Task.isCancelled {
                report.outcome = .cancelled
            } catch let failure as ChatFailure {
                report.judging.record(failure, against: shown)
            } catch {
                report.judging.record(ChatFailure(faults: ["error"], message: "judge: \(error)"), against: shown)
            }
            report.latencyMs = Int((clock.now - started) / .milliseconds(1))
            settlement = try await ledger.settle(report)
        }
    }

    /// The field profiles of `personas` (one encoder call), or nil without the field-aware score.
    private func profiles(_ personas: [Persona]) async throws -> [PersonaFieldProfile]? {
        guard let fieldScorer else { return nil }
        do { return try await fieldScorer.profiles(personas) } catch let error as GenerationError { throw error } catch {
            throw GenerationError.embeddingFailed(encoder: encoder.identifier, fields: true, error)
        }
    }

    /// The ``FieldRows`` of `personas`, for rebuilding `fields.f32` on resume.
    private func storedFieldRows(_ personas: [Persona]) async throws -> Matrix {
        let made = try await profiles(personas) ?? []
        return Matrix(rows: made.count, columns: FieldRows.width(dimension: encoder.dimension), storage: made.flatMap(FieldRows.row(of:)))
    }

    /// Embeds texts, wrapping encoder errors (which stop the run: the gate cannot work without them).
    private func embed(_ texts: [String]) async throws -> Matrix {
        do {
            let matrix = try await encoder.encode(texts)
            guard matrix.rows == texts.count, matrix.columns == encoder.dimension else {
                throw GenerationError.encoderShape(encoder: encoder.identifier, rows: matrix.rows, columns: matrix.columns, texts: texts.count)
            }
            return matrix
        } catch let error as GenerationError { throw error } catch {
            throw GenerationError.embeddingFailed(encoder: encoder.identifier, error)
        }
    }

    /// The prefix of accepted ids, derived from the seed so two runs rarely share ids.
    static func idPrefix(seed: UInt64) -> String {
        let hex = String(SeededGenerator.mix(seed), radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(8))
    }
}

import LinearAlgebra
import PersonaKit
import RunFormat

/// The live steering state of a run, owned by ``RunLedger`` beside the gate.
///
/// It is a function of the accepted personas in acceptance order (their text, sampled blueprint and
/// embedding), of how many candidates steering rejected, of the recent crowding gains and of which named
/// templates candidates copied: ``recordAccepted(_:id:blueprint:embedding:attempt:)``, ``recordRejection()``,
/// ``recordGain(_:)`` and ``recordNamed(_:used:attempt:)`` are the mutations, and `--resume` replays
/// `personas.jsonl` through the first, restores ``rejections`` and ``recentGains`` from `events.jsonl`
/// and replays its events' avoid lists and copies through the last (after the personas, so every named
/// template's ban is known), so the rebuilt state equals the uninterrupted one.
struct SteeringState: Sendable, Equatable {
    let settings: SteeringSettings
    /// The prompt template's own words (see ``PromptTemplate/instructionWords``): a banned template made
    /// only of them is an echo of the instructions, rejected but never named in the avoid list.
    let instructionWords: Set<String>
    /// The run's text template: phrase templates are mined from personas as it shows them (name-blind).
    let textTemplate: PersonaTextTemplate
    /// Candidates steering rejected so far (`overused-phrase` and `crowded`), over the whole run.
    var rejections = 0
    /// Personas accepted so far.
    private(set) var acceptedCount = 0
    /// The crowding gains of the last ``CrowdingRule/window`` candidates measured, oldest first.
    private(set) var recentGains: [Double] = []
    private(set) var phrases: PhraseLedger
    private(set) var copyGuard: CopyGuard
    private(set) var components: ComponentTally
    /// Accepted personas (coverage steering's reference pool), in acceptance order.
    private(set) var accepted: [Persona] = []
    /// Their identifiers.
    private(set) var acceptedIDs: [String] = []
    /// Their unit embeddings, row i for ``accepted``[i].
    private(set) var embeddings: Matrix

    init(settings: SteeringSettings, components: PersonaComponents, dimension: Int, instructionWords: Set<String> = [],
         textTemplate: PersonaTextTemplate = .default) {
        self.settings = settings
        self.instructionWords = instructionWords
        self.textTemplate = textTemplate
        phrases = PhraseLedger(share: settings.phraseShare, minimumAccepted: settings.phraseMinimumAccepted)
        copyGuard = CopyGuard(factor: settings.copyGuardFactor)
        self.components = ComponentTally(components: components)
        embeddings = Matrix(rows: 0, columns: dimension)
    }

    /// The crowding rule, when on.
    var crowding: CrowdingRule? {
        settings.uses(.crowding) ? CrowdingRule(neighbors: settings.crowdingNeighbors, share: settings.crowdingShare, ceiling: settings.crowdingCeiling) : nil
    }

    /// The gain below which the next candidate is crowded (nil when crowding is off or too few gains were measured).
    var crowdingCut: Double? { crowding?.cut(recentGains: recentGains) }

    /// Keeps a measured crowding gain in the window.
    mutating func recordGain(_ gain: Double) {
        recentGains.append(gain)
        if recentGains.count > CrowdingRule.window { recentGains.removeFirst(recentGains.count - CrowdingRule.window) }
    }

    /// Banned templates a candidate uses (empty when phrase steering is off).
    func overused(_ persona: Persona, blueprint: PersonaBlueprint) -> [PhraseTemplate] {
        settings.uses(.phrases) ? phrases.overused(in: templates(of: persona, blueprint: blueprint)) : []
    }

    /// Whether the rejection budget allows one more steering rejection now: fewer than
    /// ``SteeringSettings/rejectionBudget`` × (accepted + 1) so far.
    var mayReject: Bool { Double(rejections) < settings.rejectionBudget * Double(acceptedCount + 1) }

    /// Counts a candidate steering rejected.
    mutating func recordRejection() { rejections += 1 }

    private func templates(of persona: Persona, blueprint: PersonaBlueprint?) -> Set<PhraseTemplate> {
        PhraseTemplate.templates(of: textTemplate.nameBlind(persona), blueprint: blueprint)
    }

    /// The prompt's avoid list (empty when phrase steering is off), leaving out echoes of the prompt's
    /// own instructions and the templates the model copied from the list (``CopyGuard``): naming those
    /// makes a small model write them (SmolLM2 did, `Benchmarks/RESULTS.md`).
    var avoidList: [PhraseTemplate] {
        guard settings.uses(.phrases) else { return [] }
        return phrases.avoidList(limit: SteeringSettings.avoidListLength) { !$0.isEcho(of: instructionWords) && copyGuard.mayName($0) }
    }

    /// Counts a candidate that reached the gate after its prompt named `named`, of which it used `used`;
    /// returns the templates that stop being named from now on.
    mutating func recordNamed(_ named: [PhraseTemplate], used: Set<PhraseTemplate>, attempt: Int) -> [PhraseTemplate] {
        let bans = phrases.banned
        return copyGuard.record(named: named, used: used, attempt: attempt) { bans[$0]?.share }
    }

    /// Replays the avoid lists and copies of `events.jsonl` (templates as named there), after the accepted
    /// personas were recorded: a named template is banned, so its ban is known by then.
    mutating func restoreNamed(_ records: [(attempt: Int, named: [String], used: [String])]) {
        let byName = Dictionary(uniqueKeysWithValues: phrases.banned.keys.map { ($0.description, $0) })
        for record in records {
            _ = recordNamed(record.named.compactMap { byName[$0] }, used: Set(record.used.compactMap { byName[$0] }), attempt: record.attempt)
        }
    }

    /// Sampling multipliers (nil when coverage steering is off).
    var weightFactors: ComponentSampler.WeightFactors? {
        settings.uses(.coverage) ? components.factors : nil
    }

    /// Counts an accepted persona; returns the templates it pushed over the share.
    /// - Parameter blueprint: what its attempt sampled (nil when the event was lost: its templates are then all counted).
    mutating func recordAccepted(_ persona: Persona, id: String, blueprint: PersonaBlueprint?, embedding: [Float], attempt: Int) -> [PhraseTemplate] {
        acceptedCount += 1
        if let blueprint { components.record(blueprint) }
        if settings.uses(.coverage) {
            accepted.append(persona)
            acceptedIDs.append(id)
            let norm = BLAS.dot(embedding, embedding).squareRoot()
            embeddings.append(row: norm > 0 ? embedding.map { $0 / norm } : embedding)
        }
        guard settings.uses(.phrases) else { return [] }
        return phrases.record(templates(of: persona, blueprint: blueprint), attempt: attempt)
    }

    /// A public summary, for tests and the run summary.
    var snapshot: SteeringSnapshot {
        SteeringSnapshot(
            bans: Dictionary(uniqueKeysWithValues: phrases.banned.map { ($0.key.description, $0.value.attempt) }),
            templateDocuments: Dictionary(uniqueKeysWithValues: phrases.documents.map { ($0.key.description, $0.value) }),
            professionCounts: components.professions, lifeContextCounts: components.lifeContexts, referencePool: acceptedIDs,
            rejections: rejections, recentGains: recentGains,
            unnamed: Dictionary(uniqueKeysWithValues: copyGuard.unnamed.map { ($0.key.description, $0.value) }),
            namedTo: Dictionary(uniqueKeysWithValues: copyGuard.exposures.map { ($0.key.description, $0.value) }),
            copiedBy: Dictionary(uniqueKeysWithValues: copyGuard.copies.map { ($0.key.description, $0.value) }))
    }
}

/// What a run's steering state holds, comparable across runs (a resumed run's with an uninterrupted one's).
public struct SteeringSnapshot: Sendable, Equatable {
    /// Banned template → the attempt that banned it.
    public var bans: [String: Int]
    /// Template → accepted personas using it.
    public var templateDocuments: [String: Int]
    /// Accepted personas per profession (inputs' order).
    public var professionCounts: [Int]
    /// Accepted personas per life context (inputs' order).
    public var lifeContextCounts: [Int]
    /// Identifiers of the coverage reference pool, in acceptance order.
    public var referencePool: [String]
    /// Candidates steering rejected (what its budget has spent).
    public var rejections: Int
    /// The crowding gains the next cut is taken over.
    public var recentGains: [Double]
    /// Banned templates no longer named in the avoid list (the model copied them) → the attempt that decided it.
    public var unnamed: [String: Int]
    /// Template the avoid list named → candidates it was named to (that reached the gate).
    public var namedTo: [String: Int]
    /// Template the avoid list named → those of its candidates that used it.
    public var copiedBy: [String: Int]
}

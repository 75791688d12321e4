import Embedding
import FieldScoring
import Judging
import LinearAlgebra
import PersonaKit
import RunFormat
import VectorIndex

/// How candidates are checked against what the run already holds.
public enum GateMode: String, Sendable, Codable, CaseIterable {
    /// Exact duplicate of normalised text, then cosine against every accepted and seed persona and avoid-set record.
    case semantic
    /// SPB's own rule, for comparison (`Persona.isSPBNearDuplicate`): same first word of the
    /// background and more than two shared traits with one of the prompt's reference personas.
    case spbLexical = "spb-lexical"
    /// No deduplication.
    case none
}

/// Decides whether a candidate is novel and, if so, adds it (check and insert in one step).
///
/// The gate is a value owned by one actor (``RunLedger``), so the exact-duplicate check,
/// the index's `insertIfNovel` and the bookkeeping of row ids happen without interleaving:
/// of two concurrent near-identical candidates exactly one is accepted.
///
/// Text the encoder cannot read (more than `maxUnreadableShare` of its characters, see
/// `TextReadability`; only encoders conforming to `ReadabilityMeasuring`, i.e. MiniLM) embeds alike
/// whatever it says, so in semantic mode such a candidate is accepted unless it is an exact
/// duplicate, and it never enters the index: it cannot cause a later rejection. `register` applies
/// the same rule, so `--resume` rebuilds the same state. Invariant: `index` row `r` holds the
/// embedding of `held[heldAtIndexRow[r]]`.
///
/// Steering decides inside the same `admit`, after the duplicate checks: the crowding rule (semantic
/// mode, readable candidates) and a veto the caller passes (an overused phrase), so a candidate is
/// rejected for steering only when the plain gate would have let it in.
///
/// The first stage (semantic mode) is ``GateFirstStage``: the best whole-text cosine against τ, or
/// the field-aware probability against p* over the ``GateFirstStage/searchNeighbors`` nearest held
/// personas by cosine (their field vectors live in `fieldBank`, row `r` for index row `r`).
///
/// With a judge band, the LLM judge decides between the bounds, and the judge call happens outside
/// the owning actor. Invariant: a candidate is inserted only when every held persona whose
/// first-stage score with it lies in the band *at the moment of insertion* was judged "different"
/// (its id is in the `judged` set the caller passes), or was decided by the first stage because no
/// judge call was allowed (a fallback, reported in ``lastUnjudged``). A persona accepted while a
/// candidate was being judged is therefore caught when that candidate comes back: `admit` returns
/// ``Verdict/judge(_:)`` again (or the first stage decides), and nothing is inserted in between. So
/// two candidates judged at once that duplicate each other are never both accepted, unless the
/// judge itself said they are different people.
struct DedupGate {
    /// The cosine threshold used when `--threshold` is not given: a candidate whose best cosine
    /// similarity to any accepted or seed persona is at or above it is rejected
    /// (`MiniLMEncoder.defaultDuplicateThreshold`, chosen by the threshold benchmark).
    static let defaultThreshold = MiniLMEncoder.defaultDuplicateThreshold

    /// The verdict on one candidate.
    enum Verdict: Equatable {
        case accepted(nearest: Nearest?)
        case rejected(RejectReason, nearest: Nearest?)
        /// Held personas in the judge's band not yet judged (at most ``GateFirstStage/judgedAtOnce``,
        /// highest first score first); nothing was changed: judge, then admit again.
        case judge([Nearest])
    }

    /// A persona already held near the candidate: its identifier, whole-text cosine and, with the
    /// field-aware score, every component score.
    struct Nearest: Equatable, Sendable {
        var id: String
        var score: Float
        var components: ComponentScores? = nil

        /// The first-stage score: the field-aware probability when there is one, else the cosine.
        var stageScore: Double { components?.probability ?? Double(score) }
    }

    let mode: GateMode
    let threshold: Float
    /// The first stage's score, its own decision threshold and the judge's band.
    let firstStage: GateFirstStage
    let index: VectorIndex
    /// Field profiles of the held personas in the index (row `r` for index row `r`); nil with the cosine score.
    private(set) var fieldBank: FieldProfileBank?
    /// Measures candidates' readability; nil when the encoder reads every script.
    let readability: (any ReadabilityMeasuring)?
    /// Candidates with a larger share of unreadable characters skip the semantic check.
    let maxUnreadableShare: Double
    /// Crowding-aware acceptance (semantic mode), when on.
    let crowding: CrowdingRule?
    /// The crowding gain the last ``admit(_:text:embedding:id:references:veto:crowdingCut:profile:judged:mayJudge:)`` measured (nil when it measured none).
    private(set) var lastCrowdingGain: Double?
    /// The unreadable share the last `admit` measured, when above the limit (see ``unreadableShare(of:)``).
    private(set) var lastUnreadableShare: Double?
    /// Band neighbours the last `admit` decided by the first stage because it was not allowed to ask
    /// the judge (empty when there were none).
    private(set) var lastUnjudged: [Nearest] = []
    private var exactKeys: [String: Int] = [:]
    /// Every held record; the persona is nil for a text without persona fields (an avoid set's, ``AvoidSet``).
    private var held: [(id: String, persona: Persona?)] = []
    private var heldAtIndexRow: [Int] = []
    private var indexRowOfID: [String: Int] = [:]

    /// - Parameters:
    ///   - readability: the encoder, when it conforms to `ReadabilityMeasuring` (MiniLM); nil turns the rule off.
    ///   - maxUnreadableShare: the limit (`--max-unreadable`).
    ///   - crowding: the crowding rule (`--steer crowding`), nil for none.
    ///   - firstStage: the first-stage score and judge band (default: the cosine against `threshold`, no judge).
    init(mode: GateMode, threshold: Float, dimension: Int, readability: (any ReadabilityMeasuring)? = nil,
         maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare, crowding: CrowdingRule? = nil,
         firstStage: GateFirstStage? = nil) {
        self.crowding = crowding
        self.mode = mode
        self.threshold = threshold
        self.firstStage = firstStage ?? GateFirstStage(score: .cosine, threshold: Double(threshold))
        self.fieldBank = self.firstStage.score == .fields ? FieldProfileBank(dimension: dimension) : nil
        self.index = VectorIndex(dimension: dimension)
        self.readability = readability
        self.maxUnreadableShare = maxUnreadableShare
    }

    /// Identifiers of the held personas, in the order they were added.
    var rowIDs: [String] { held.map(\.id) }

    /// The share of `text`'s word pieces the encoder cannot read, when above the limit (nil otherwise,
    /// and always nil outside semantic mode or without a measure).
    func unreadableShare(of text: String) -> Double? {
        guard mode == .semantic, let measured = readability?.readability(of: text), measured.exceeds(maxUnreadableShare) else { return nil }
        return measured.unreadableShare
    }

    /// Adds a persona without checking (seeds, avoid sets, and accepted personas on resume); an unreadable
    /// one is held for the exact-duplicate check only, as ``admit(_:text:embedding:id:references:veto:crowdingCut:profile:judged:mayJudge:)`` does.
    /// - Parameters:
    ///   - persona: the persona; nil for a text without persona fields (an avoid set read as texts).
    ///   - profile: the persona's field profile (required with the field-aware score).
    mutating func register(_ persona: Persona?, text: String, embedding: [Float], id: String, profile: PersonaFieldProfile? = nil) throws {
        let row = unreadableShare(of: text) == nil ? try addToIndex(embedding, profile: profile) : nil
        append(persona, id: id, key: Self.normalized(text), indexRow: row)
    }

    /// The held persona `id` (for the judge's prompt); nil for a held text without persona fields.
    func persona(id: String) -> Persona? {
        indexRowOfID[id].flatMap { held[heldAtIndexRow[$0]].persona }
    }

    /// Checks a candidate and, when it passes, inserts it under `id`.
    /// - Parameters:
    ///   - references: identifiers of the personas its prompt showed (used by `spb-lexical`).
    ///   - veto: a steering reason to reject a candidate that passes every other check (an overused phrase).
    ///   - crowdingCut: the gain below which the crowding rule rejects (``CrowdingRule/cut(recentGains:)``);
    ///     nil rejects nothing, while the gain is still measured into ``lastCrowdingGain``.
    ///   - profile: the candidate's field profile (required with the field-aware score).
    ///   - judged: held personas the judge already called different people from this candidate.
    ///   - mayJudge: whether a judge call is allowed now; when not, band neighbours are decided by the
    ///     first stage and listed in ``lastUnjudged``.
    /// - Complexity: O(n·d) for n held personas of dimension d (one matrix-vector product), plus
    ///   O(K·d) for the field scores of K = ``GateFirstStage/searchNeighbors`` neighbours and
    ///   O(k²·d + k³) for the crowding rule over k neighbours.
    mutating func admit(_ persona: Persona, text: String, embedding: [Float], id: String, references: [String] = [],
                        veto: RejectReason? = nil, crowdingCut: Double? = nil, profile: PersonaFieldProfile? = nil,
                        judged: Set<String> = [], mayJudge: Bool = false) throws -> Verdict {
        let key = Self.normalized(text)
        lastCrowdingGain = nil
        lastUnjudged = []
        lastUnreadableShare = unreadableShare(of: text)
        switch mode {
        case .semantic:
            if let position = exactKeys[key] {
                return .rejected(.exactDuplicate, nearest: Nearest(id: held[position].id, score: 1))
            }
            if lastUnreadableShare != nil {
                if let veto { return .rejected(veto, nearest: nil) }
                append(persona, id: id, key: key, indexRow: nil)
                return .accepted(nearest: nil)
            }
            let neighbors = try index.search(embedding, k: max(crowding?.neighbors ?? 1, firstStage.searchCount))
            let ranked = rank(neighbors, profile: profile)
            let nearest = ranked.first
            if let best = ranked.first, best.stageScore >= firstStage.rejectAtOrAbove { return .rejected(.nearDuplicate, nearest: best) }
            if let band = firstStage.band {
                let pending = ranked.filter { band.contains($0.stageScore) && !judged.contains($0.id) }
                if !pending.isEmpty {
                    if mayJudge { return .judge(Array(pending.prefix(GateFirstStage.judgedAtOnce))) }
                    lastUnjudged = pending
                    if pending[0].stageScore >= firstStage.threshold { return .rejected(.nearDuplicate, nearest: pending[0]) }
                }
            }
            if let crowding {
                let gain = crowdingGain(Array(neighbors.prefix(crowding.neighbors)))
                lastCrowdingGain = gain
                if let crowdingCut, gain < crowdingCut { return .rejected(.crowded, nearest: nearest) }
            }
            if let veto { return .rejected(veto, nearest: nearest) }
            append(persona, id: id, key: key, indexRow: try addToIndex(embedding, profile: profile))
            return .accepted(nearest: nearest)
        case .spbLexical, .none:
            let nearest = try index.nearest(to: embedding).flatMap(describe)
            if mode == .spbLexical,
               let row = references.compactMap({ indexRowOfID[$0] }).first(where: { held[heldAtIndexRow[$0]].persona.map(persona.isSPBNearDuplicate) ?? false }) {
                let score = BLAS.dot(embedding, index.vector(at: row))
                return .rejected(.lexicalDuplicate, nearest: Nearest(id: held[heldAtIndexRow[row]].id, score: score))
            }
            if let veto { return .rejected(veto, nearest: nearest) }
            let row = try index.add(embedding)
            append(persona, id: id, key: key, indexRow: row)
            return .accepted(nearest: nearest)
        }
    }

    /// Adds a row to the index and, with the field-aware score, the profile to the bank (same row).
    private mutating func addToIndex(_ embedding: [Float], profile: PersonaFieldProfile?) throws -> Int {
        if fieldBank != nil {
            guard let profile else { preconditionFailure("the field-aware gate needs every held persona's profile") }
            fieldBank?.append(profile)
        }
        return try index.add(embedding)
    }

    /// The neighbours described, with component scores under the field-aware score, highest first score first.
    private func rank(_ neighbors: [Neighbor], profile: PersonaFieldProfile?) -> [Nearest] {
        let described = neighbors.compactMap(describe)
        guard let fieldBank else { return described }
        guard let profile else { preconditionFailure("the field-aware gate needs the candidate's profile") }
        return zip(neighbors, described).map { neighbor, nearest in
            var scored = nearest
            scored.components = fieldBank.scores(of: profile, against: neighbor.id, wholeCosine: neighbor.score, model: firstStage.model)
            return scored
        }.sorted { $0.stageScore > $1.stageScore }
    }

    /// ``CrowdingRule/gain(scores:gram:)`` of a candidate whose nearest held rows are `neighbors`.
    private func crowdingGain(_ neighbors: [Neighbor]) -> Double {
        let vectors = neighbors.map { index.vector(at: $0.id) }
        let k = vectors.count
        var gram = [Double](repeating: 0, count: k * k)
        for i in 0 ..< k {
            for j in 0 ... i {
                let value = Double(BLAS.dot(vectors[i], vectors[j]))
                gram[i * k + j] = value
                gram[j * k + i] = value
            }
        }
        return CrowdingRule.gain(scores: neighbors.map { Double($0.score) }, gram: gram)
    }

    private mutating func append(_ persona: Persona?, id: String, key: String, indexRow: Int?) {
        if let indexRow {
            precondition(indexRow == heldAtIndexRow.count, "index rows out of step with the gate's identifiers")
            heldAtIndexRow.append(held.count)
            indexRowOfID[id] = indexRow
        }
        if exactKeys[key] == nil { exactKeys[key] = held.count }
        held.append((id, persona))
    }

    private func describe(_ neighbor: Neighbor) -> Nearest? {
        heldAtIndexRow.indices.contains(neighbor.id) ? Nearest(id: held[heldAtIndexRow[neighbor.id]].id, score: neighbor.score) : nil
    }

    /// Lower-cased text with punctuation removed and whitespace runs collapsed to one space.
    static func normalized(_ text: String) -> String {
        var output = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace && !output.isEmpty { output.append(" ") }
                pendingSpace = false
                output.append(character)
            } else if character.isWhitespace {
                pendingSpace = true
            }
        }
        return output
    }
}

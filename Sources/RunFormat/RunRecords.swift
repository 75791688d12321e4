import PersonaKit

/// One line of `events.jsonl`: what became of one attempt.
///
/// Three kinds of line share it. A settled attempt has every field its decision gives. An `accepted`
/// event recovered on resume (the run stopped between the persona and its event) has only
/// ``attempt``, ``decision``, ``id``, ``detail``, ``faults`` and ``references``. A `not-selected` line,
/// a second line for an accepted attempt that selection steering withdrew at the end of the run, has
/// those and ``components`` and ``selection``. Fields a line lacks are nil (and left out of the JSON).
public struct AttemptEvent: Sendable, Codable, Equatable {
    /// Attempt number within the run (1-based, continues across resumes).
    public var attempt: Int
    /// The sampled ingredients (nil on a recovered event, and on a withdrawal whose event was lost).
    public var components: PersonaBlueprint?
    /// Where the references came from (nil on recovered and withdrawal lines).
    public var referenceSource: ReferenceSource?
    /// Identifiers of the reference personas shown.
    public var references: [String]
    /// Wall time from request to decision, in milliseconds (settled attempts only).
    public var latencyMs: Int?
    /// Prompt tokens (settled attempts only).
    public var promptTokens: Int?
    /// Completion tokens (settled attempts only).
    public var completionTokens: Int?
    /// HTTP requests the chat call made, retries and structured-output fallbacks included (settled
    /// attempts of runs made since it was recorded).
    public var requests: Int?
    /// ``accepted``, a ``RejectReason`` raw value (`overused-phrase` and `crowded` are steering's,
    /// `not-selected` selection's), ``cancelled`` or ``surplus``.
    public var decision: String
    /// Details of a rejection.
    public var detail: String?
    /// The accepted persona's identifier.
    public var id: String?
    /// Closest persona already held.
    public var nearestID: String?
    /// Cosine similarity to ``nearestID``.
    public var nearestScore: Float?
    /// Fault kinds met by the request.
    public var faults: [String]
    /// The candidate's share of characters the encoder cannot read, when above the gate's limit:
    /// such a candidate is only checked for exact duplicates (a warning in the log).
    public var unreadableShare: Double? = nil
    /// What steering decided about this attempt (nil when steering is off).
    public var steering: SteeringNote? = nil
    /// Every component score against ``nearestID`` (with `--score fields`).
    public var nearestComponents: ComponentScores? = nil
    /// The LLM judge's part in the decision (nil when the judge was not involved).
    public var judge: JudgeRecord? = nil
    /// Why selection steering withdrew the attempt's persona (`not-selected` lines only).
    public var selection: SelectionRecord? = nil

    /// The ``decision`` of an accepted attempt.
    public static let accepted = "accepted"
    /// The ``decision`` of an attempt a stop cancelled.
    public static let cancelled = "cancelled"
    /// The ``decision`` of an attempt that came back after the target was reached.
    public static let surplus = "surplus"

    /// An event; the fields a settled attempt may lack default to nil.
    public init(attempt: Int, components: PersonaBlueprint?, referenceSource: ReferenceSource?, references: [String], latencyMs: Int? = nil,
                promptTokens: Int? = nil, completionTokens: Int? = nil, requests: Int? = nil, decision: String, detail: String? = nil, id: String? = nil,
                nearestID: String? = nil, nearestScore: Float? = nil, faults: [String], steering: SteeringNote? = nil, selection: SelectionRecord? = nil) {
        self.attempt = attempt
        self.components = components
        self.referenceSource = referenceSource
        self.references = references
        self.latencyMs = latencyMs
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.requests = requests
        self.decision = decision
        self.detail = detail
        self.id = id
        self.nearestID = nearestID
        self.nearestScore = nearestScore
        self.faults = faults
        self.steering = steering
        self.selection = selection
    }

    enum CodingKeys: String, CodingKey {
        case attempt, components, references, requests, decision, detail, id, faults, steering, judge, selection
        case nearestComponents = "nearest_components"
        case unreadableShare = "unreadable_share"
        case referenceSource = "reference_source"
        case latencyMs = "latency_ms"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case nearestID = "nearest_id"
        case nearestScore = "nearest_score"
    }
}

/// One line of `rejected.jsonl`: a reply that was not accepted, or a persona selection withdrew.
public struct RejectedCandidate: Sendable, Codable, Equatable {
    /// Attempt number.
    public var attempt: Int
    /// Why it was rejected.
    public var reason: RejectReason
    /// Details (validation messages, parse error).
    public var detail: String?
    /// The parsed persona when there was one, else null.
    public var candidate: JSONValue?
    /// The raw reply when it could not be parsed (cut to 2,000 characters).
    public var reply: String?
    /// Closest persona already held (duplicates only).
    public var nearestID: String?
    /// Cosine similarity to ``nearestID``.
    public var nearestScore: Float?
    /// The crowding gain of a `crowded` candidate.
    public var crowdingGain: Double? = nil
    /// Every component score against ``nearestID`` (with `--score fields`), so a reader sees why.
    public var nearestComponents: ComponentScores? = nil
    /// The LLM judge's verdict and reason (nil when the judge was not involved).
    public var judge: JudgeRecord? = nil
    /// Why selection steering withdrew it (`not-selected` only).
    public var selection: SelectionRecord? = nil
    /// The content rules it broke, each with its field (`content-rule` only).
    public var violations: [RuleViolation]? = nil

    /// A record; the fields only some reasons have default to nil.
    public init(attempt: Int, reason: RejectReason, detail: String?, candidate: JSONValue?, reply: String?, nearestID: String?, nearestScore: Float?,
                crowdingGain: Double? = nil, nearestComponents: ComponentScores? = nil, judge: JudgeRecord? = nil, selection: SelectionRecord? = nil,
                violations: [RuleViolation]? = nil) {
        self.attempt = attempt
        self.reason = reason
        self.detail = detail
        self.candidate = candidate
        self.reply = reply
        self.nearestID = nearestID
        self.nearestScore = nearestScore
        self.crowdingGain = crowdingGain
        self.nearestComponents = nearestComponents
        self.judge = judge
        self.selection = selection
        self.violations = violations
    }

    enum CodingKeys: String, CodingKey {
        case attempt, reason, detail, candidate, reply, judge, selection, violations
        case nearestComponents = "nearest_components"
        case nearestID = "nearest_id"
        case nearestScore = "nearest_score"
        case crowdingGain = "crowding_gain"
    }
}

/// The `selection` object of a `not-selected` line (in `rejected.jsonl` and `events.jsonl`): why selection
/// steering withdrew a persona, with the selection's sizes.
public struct SelectionRecord: Sendable, Codable, Equatable {
    /// Personas held when the selection ran.
    public var held: Int
    /// Personas it kept.
    public var kept: Int
    /// ``overusedPhrase`` or ``diversity``.
    public var cause: String
    /// The phrase template the persona used (`overused-phrase`).
    public var template: String?
    /// How many kept personas used ``template`` (`overused-phrase`).
    public var uses: Int?
    /// How many may (`overused-phrase`).
    public var cap: Int?
    /// The kept personas' Vendi score once it was removed (`diversity`).
    public var score: Double?

    /// The ``cause`` of a persona withdrawn for a phrase template too many kept personas use.
    public static let overusedPhrase = "overused-phrase"
    /// The ``cause`` of a persona withdrawn because removing it raised the kept personas' diversity most.
    public static let diversity = "diversity"

    /// A record; the fields of the other cause stay nil.
    public init(held: Int, kept: Int, cause: String, template: String? = nil, uses: Int? = nil, cap: Int? = nil, score: Double? = nil) {
        self.held = held
        self.kept = kept
        self.cause = cause
        self.template = template
        self.uses = uses
        self.cap = cap
        self.score = score
    }
}

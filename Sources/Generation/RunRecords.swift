import FieldScoring
import PersonaKit

/// One line of `events.jsonl`: everything about one attempt.
public struct AttemptEvent: Sendable, Codable, Equatable {
    /// Attempt number within the run (1-based, continues across resumes).
    public var attempt: Int
    /// The sampled ingredients.
    public var components: PersonaBlueprint
    /// Where the references came from (`seeds` or `recent`).
    public var referenceSource: ReferencePolicy.Source
    /// Identifiers of the reference personas shown.
    public var references: [String]
    /// Wall time from request to decision, in milliseconds.
    public var latencyMs: Int
    /// Prompt tokens.
    public var promptTokens: Int
    /// Completion tokens.
    public var completionTokens: Int
    /// HTTP requests the chat call made (retries and structured-output fallbacks included).
    public var requests: Int
    /// `accepted`, a ``RejectReason`` raw value (`overused-phrase` and `crowded` are steering's), `cancelled` or `surplus`.
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

    enum CodingKeys: String, CodingKey {
        case attempt, components, references, requests, decision, detail, id, faults, steering, judge
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

/// One line of `rejected.jsonl`: a reply that was not accepted.
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
    /// The crowding gain of a `crowded` candidate (see ``CrowdingRule``).
    public var crowdingGain: Double? = nil
    /// Every component score against ``nearestID`` (with `--score fields`), so a reader sees why.
    public var nearestComponents: ComponentScores? = nil
    /// The LLM judge's verdict and reason (nil when the judge was not involved).
    public var judge: JudgeRecord? = nil
    /// Why selection steering withdrew it (`not-selected` only; ``FinalSelection/Cause/record(held:kept:)``).
    public var selection: JSONValue? = nil
    /// The content rules it broke, each with its field (`content-rule` only).
    public var violations: [RuleViolation]? = nil

    enum CodingKeys: String, CodingKey {
        case attempt, reason, detail, candidate, reply, judge, selection, violations
        case nearestComponents = "nearest_components"
        case nearestID = "nearest_id"
        case nearestScore = "nearest_score"
        case crowdingGain = "crowding_gain"
    }
}

/// The second `events.jsonl` line of an accepted attempt whose persona selection steering withdrew at
/// the end of the run (decision `not-selected`).
struct WithdrawalEvent: Encodable {
    var attempt: Int
    var decision = RejectReason.notSelected.rawValue
    var id: String
    var detail: String
    /// What the attempt sampled (nil when its event was lost).
    var components: PersonaBlueprint?
    /// Why (``FinalSelection/Cause/record(held:kept:)``).
    var selection: JSONValue
    var faults: [String] = []
    var references: [String] = []
}

/// Counters of a run (this invocation), for progress and the final summary.
public struct RunStatistics: Sendable, Equatable {
    /// Personas in `personas.jsonl` (including those from before a resume).
    public var accepted = 0
    /// Personas accepted by this invocation.
    public var acceptedNow = 0
    /// The target.
    public var target = 0
    /// Attempts settled by this invocation.
    public var attempts = 0
    /// Rejections by reason.
    public var rejects: [RejectReason: Int] = [:]
    /// Content-rule rejections by rule (a candidate that broke two rules counts under both).
    public var contentRules: [String: Int] = [:]
    /// Faults by kind (recovered ones included).
    public var faults: [String: Int] = [:]
    /// Prompt tokens in total.
    public var promptTokens = 0
    /// Completion tokens in total.
    public var completionTokens = 0
    /// Attempts cancelled by a stop.
    public var cancelled = 0
    /// Candidates the encoder could not read (above `--max-unreadable`), so checked for exact
    /// duplicates only; each event carries its `unreadable_share`.
    public var unreadable = 0
    /// LLM judge requests started (each counts against `--max-judge-calls-per-accepted`).
    public var judgeCalls = 0
    /// Judged candidates by outcome (`same`, `different`, `fallback`).
    public var judgeVerdicts: [String: Int] = [:]
    /// Judge fallbacks by cause (`garbage`, `failed`, `cap`, `rounds`).
    public var judgeFallbacks: [String: Int] = [:]
    /// Judge faults by kind (recovered ones included).
    public var judgeFaults: [String: Int] = [:]
    /// Judge prompt tokens.
    public var judgePromptTokens = 0
    /// Judge completion tokens.
    public var judgeCompletionTokens = 0

    /// Rejected attempts.
    public var rejected: Int { rejects.values.reduce(0, +) }
}

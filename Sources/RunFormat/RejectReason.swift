/// Why an attempt produced no accepted persona: the `reason` of a `rejected.jsonl` line, and the `decision`
/// of its `events.jsonl` line.
public enum RejectReason: String, Sendable, Codable, CaseIterable, Comparable {
    case noJSON = "no-json"
    case invalidJSON = "invalid-json"
    case invalidPersona = "invalid-persona"
    /// A well-formed persona that breaks a content rule (placeholder background, sentence traits, …).
    case contentRule = "content-rule"
    case exactDuplicate = "exact-duplicate"
    case nearDuplicate = "near-duplicate"
    case lexicalDuplicate = "spb-lexical-duplicate"
    case llmError = "llm-error"
    /// Steering: the candidate uses a phrase template the run already over-produces.
    case overusedPhrase = "overused-phrase"
    /// Steering: the candidate adds too little log-determinant volume next to its nearest held personas.
    case crowded
    /// The LLM judge called the candidate the same character as a held persona in the band.
    case judgedDuplicate = "judged-duplicate"
    /// Selection steering withdrew an accepted persona when the run kept its target of the gathered ones
    /// (a second event line for its attempt).
    case notSelected = "not-selected"

    /// Whether steering rejected for it (what spends ``SteeringSettings/rejectionBudget``).
    public var isSteering: Bool { self == .overusedPhrase || self == .crowded }

    public static func < (a: RejectReason, b: RejectReason) -> Bool { a.rawValue < b.rawValue }
}

/// The `judge` object of an `events.jsonl` or `rejected.jsonl` line.
public struct JudgeRecord: Sendable, Codable, Equatable {
    /// `same` (rejected `judged-duplicate`), `different` (every band neighbour judged a different
    /// person; the rest of the gate then decided) or `fallback` (the first stage decided, see ``fallback``).
    public var verdict: String
    /// The judge's last reason, when it gave one.
    public var reason: String?
    /// `garbage`, `failed`, `cap` or `rounds` for a fallback.
    public var fallback: String?
    /// The judge model.
    public var model: String
    /// Judge requests made for this candidate.
    public var calls: Int
    /// Prompt tokens of those requests.
    public var promptTokens: Int
    /// Completion tokens of those requests.
    public var completionTokens: Int
    /// Identifiers of the held personas shown to the judge.
    public var against: [String]
    /// What a fallback was about (the garbage reply, the failure), when there was one.
    public var detail: String?

    /// A record from its values.
    public init(verdict: String, reason: String?, fallback: String?, model: String, calls: Int, promptTokens: Int, completionTokens: Int,
                against: [String], detail: String?) {
        self.verdict = verdict
        self.reason = reason
        self.fallback = fallback
        self.model = model
        self.calls = calls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.against = against
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case verdict, reason, fallback, model, calls, against, detail
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }
}

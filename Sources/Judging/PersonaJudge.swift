import PersonaKit

/// The LLM judge of the ambiguous band, as the generator and `spb-analyze thresholds` see it:
/// a candidate and its nearest held personas in, a ``JudgeCall`` out.
///
/// A struct of closures (dependencies as values): ``live(_:options:)`` asks an OpenAI-compatible
/// endpoint; tests use a closure of their own or a scripted loopback server.
public struct PersonaJudge: Sendable {
    /// The judge model's name (recorded with every verdict).
    public var model: String
    /// Judges one candidate against `held` (nearest first). Throws `ChatFailure` when no reply came
    /// (after the client's retries), `CancellationError` when cancelled.
    public var judge: @Sendable (_ candidate: Persona, _ held: [Persona]) async throws -> JudgeCall

    /// A judge from a closure.
    public init(model: String, judge: @escaping @Sendable (_ candidate: Persona, _ held: [Persona]) async throws -> JudgeCall) {
        self.model = model
        self.judge = judge
    }
}

/// What one judge request returned.
public struct JudgeCall: Sendable, Equatable {
    /// The parsed verdict; nil when the reply was not a verdict (garbage: the caller falls back).
    public var verdict: JudgeVerdict?
    /// The reply text, cut to 500 characters (kept to explain a garbage verdict).
    public var reply: String
    /// Prompt tokens reported by the endpoint (0 when it does not say).
    public var promptTokens: Int
    /// Completion tokens reported by the endpoint.
    public var completionTokens: Int
    /// HTTP requests made (retries and structured-output fallbacks included).
    public var requests: Int
    /// Fault kinds met and recovered from (one entry per fault).
    public var faults: [String]

    /// Creates a call record.
    public init(verdict: JudgeVerdict?, reply: String, promptTokens: Int = 0, completionTokens: Int = 0, requests: Int = 1,
                faults: [String] = []) {
        self.verdict = verdict
        self.reply = String(reply.prefix(500))
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.requests = requests
        self.faults = faults
    }
}

import RunFormat

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

import Networking

/// Token counts reported by the server (`usage`); zero when it reports none.
public struct TokenUsage: Sendable, Equatable {
    /// `prompt_tokens`.
    public var promptTokens: Int
    /// `completion_tokens`.
    public var completionTokens: Int
    /// `total_tokens` (prompt + completion when the server omits it).
    public var totalTokens: Int

    /// Creates usage counts.
    public init(promptTokens: Int = 0, completionTokens: Int = 0, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
    }

    /// The element-wise sum, for run totals.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(promptTokens: lhs.promptTokens + rhs.promptTokens, completionTokens: lhs.completionTokens + rhs.completionTokens, totalTokens: lhs.totalTokens + rhs.totalTokens)
    }

    /// Adds `rhs` to `lhs`.
    public static func += (lhs: inout TokenUsage, rhs: TokenUsage) { lhs = lhs + rhs }
}

/// The result of one ``ChatCompletionClient/complete(messages:options:)`` call.
public struct ChatCompletion: Sendable, Equatable {
    /// The assistant's text (`choices[0].message.content`).
    public let text: String
    /// Token usage of the successful attempt.
    public let usage: TokenUsage
    /// The structured-output mode of the successful attempt (never `.auto`).
    public let modeUsed: StructuredOutput
    /// `choices[0].finish_reason` (`stop`, `length`, …), when given.
    public let finishReason: String?
    /// The model the server says answered.
    public let model: String?
    /// HTTP attempts made in total, across retries and mode fallbacks.
    public let attempts: Int
    /// Faults met on the way, by kind (rejected modes count as `clientError`).
    public let faults: FaultCounts
}

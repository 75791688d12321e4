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

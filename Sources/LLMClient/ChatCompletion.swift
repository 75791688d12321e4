import Networking

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

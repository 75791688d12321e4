/// What one chat request returned.
public struct ChatReply: Sendable, Equatable {
    /// The assistant message text.
    public var text: String
    /// Prompt tokens reported by the endpoint (0 when it does not say).
    public var promptTokens: Int
    /// Completion tokens reported by the endpoint.
    public var completionTokens: Int
    /// HTTP requests made (1 + retries).
    public var requests: Int
    /// Kinds of faults met and recovered from on the way (e.g. `http-429`, `timeout`).
    public var faults: [String]

    /// A reply.
    public init(text: String, promptTokens: Int = 0, completionTokens: Int = 0, requests: Int = 1, faults: [String] = []) {
        self.text = text
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.requests = requests
        self.faults = faults
    }
}

/// The language model as the generation loop sees it: system + user message in, reply out.
///
/// A struct of closures (dependencies as values): ``live(_:)`` wraps the OpenAI-compatible
/// client; tests script replies with ``scripted(_:)`` or a closure of their own.
public struct PersonaChat: Sendable {
    /// Sends one request. Throws `ChatFailure` (or any error) when no reply came.
    public var complete: @Sendable (_ system: String, _ user: String) async throws -> ChatReply

    /// A chat from a closure.
    public init(complete: @escaping @Sendable (_ system: String, _ user: String) async throws -> ChatReply) {
        self.complete = complete
    }
}

import Networking

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

/// A chat request that failed for good, with the faults that led there.
public struct ChatFailure: Error, Sendable, CustomStringConvertible {
    /// Fault kinds, in order (the last one ended the request).
    public var faults: [String]
    /// A human-readable explanation.
    public var message: String
    /// What the failure says about the endpoint; the run stops on a fatal one or on a row of
    /// ``EndpointDiagnosis/unreachable`` ones (see ``EndpointFailure``).
    public var diagnosis: EndpointDiagnosis
    /// The last fault in a few words (redacted), for the message that stops a run; nil: use ``message``.
    public var reason: String?

    /// A failure.
    public init(faults: [String], message: String, diagnosis: EndpointDiagnosis = .transient, reason: String? = nil) {
        self.faults = faults
        self.message = message
        self.diagnosis = diagnosis
        self.reason = reason
    }

    public var description: String { message }
}

/// The language model as the generation loop sees it: system + user message in, reply out.
///
/// A struct of closures (dependencies as values): ``live(_:)`` wraps the OpenAI-compatible
/// client; tests script replies with ``scripted(_:)`` or a closure of their own.
public struct PersonaChat: Sendable {
    /// Sends one request. Throws ``ChatFailure`` (or any error) when no reply came.
    public var complete: @Sendable (_ system: String, _ user: String) async throws -> ChatReply

    /// A chat from a closure.
    public init(complete: @escaping @Sendable (_ system: String, _ user: String) async throws -> ChatReply) {
        self.complete = complete
    }
}

import Networking

/// A chat completion that failed for good. Its description never contains the API key.
public struct ChatCompletionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong (redacted).
    public let message: String
    /// The HTTP status of the last response, when one arrived.
    public let status: Int?
    /// The kind of the last fault, when the failure came from the transport or the server.
    public let kind: FaultKind?
    /// HTTP attempts made in total.
    public let attempts: Int
    /// Faults met, by kind.
    public let faults: FaultCounts

    init(message: String, status: Int? = nil, kind: FaultKind? = nil, attempts: Int, faults: FaultCounts, redacting apiKey: APIKey?) {
        self.message = apiKey?.redact(message) ?? message
        self.status = status
        self.kind = kind
        self.attempts = attempts
        self.faults = faults
    }

    init(_ error: NetworkError, context: String, attempts: Int, faults: FaultCounts, redacting apiKey: APIKey?) {
        self.init(message: "\(context): \(error)", status: error.status, kind: error.kind, attempts: attempts, faults: faults, redacting: apiKey)
    }

    public var description: String { "chat completion failed: \(message)" }
}

import Foundation
import Networking

/// A chat completion that failed for good. Its description never contains the API key.
public struct ChatCompletionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong (redacted).
    public let message: String
    /// The HTTP status of the last response, when one arrived.
    public let status: Int?
    /// The kind of the last fault, when the failure came from the transport or the server.
    public let kind: FaultKind?
    /// The last fault in a few words (redacted): the start of the server's error body when it sent
    /// one, else the transport's reason (`cannot connect to 127.0.0.1:8731: connect(): Connection refused`);
    /// nil when the failure did not come from the network.
    public let reason: String?
    /// HTTP attempts made in total.
    public let attempts: Int
    /// Faults met, by kind.
    public let faults: FaultCounts

    init(message: String, status: Int? = nil, kind: FaultKind? = nil, reason: String? = nil, attempts: Int, faults: FaultCounts, redacting apiKey: APIKey?) {
        self.message = apiKey?.redact(message) ?? message
        self.status = status
        self.kind = kind
        self.reason = reason.map { apiKey?.redact($0) ?? $0 }
        self.attempts = attempts
        self.faults = faults
    }

    init(_ error: NetworkError, context: String, attempts: Int, faults: FaultCounts, redacting apiKey: APIKey?) {
        let body = error.bodyPreview?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        self.init(message: "\(context): \(error)", status: error.status, kind: error.kind, reason: body.isEmpty ? error.detail : body,
                  attempts: attempts, faults: faults, redacting: apiKey)
    }

    /// What this failure says about the endpoint (see ``EndpointDiagnosis``).
    ///
    /// Judged after the retries and, for ``StructuredOutput/auto``, after the mode fallback: a 400
    /// or 422 only reaches the caller once the last mode tried was rejected too, so
    /// ``EndpointDiagnosis/rejected(status:)`` means the request was refused in every mode.
    public var diagnosis: EndpointDiagnosis { EndpointDiagnosis(kind: kind, status: status) }

    public var description: String { "chat completion failed: \(message)" }
}

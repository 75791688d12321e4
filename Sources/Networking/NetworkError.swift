import Foundation

/// A request that failed for good: the last fault, plus what was tried.
///
/// Descriptions never contain credential header values: anything equal to a secret from the
/// request's `Authorization`/`api-key` headers is replaced by `<redacted>`, including text a server
/// echoed back in its error body.
public struct NetworkError: Error, Sendable, CustomStringConvertible {
    /// The kind of the last fault.
    public let kind: FaultKind
    /// The request method.
    public let method: String
    /// The request URL, as text.
    public let url: String
    /// The HTTP status of the last response, when one arrived.
    public let status: Int?
    /// What went wrong, in words (already redacted).
    public let detail: String
    /// The start of the last response body, when one arrived (already redacted).
    public let bodyPreview: String?
    /// How many attempts were made (1 when the transport alone failed).
    public internal(set) var attempts: Int
    /// Faults met across all attempts, the last one included.
    public internal(set) var faults: FaultCounts

    /// Creates an error for one request; `secrets` are removed from `detail` and `bodyPreview`.
    ///
    /// - Parameters:
    ///   - kind: The fault kind.
    ///   - request: The request that failed (its credential headers are redacted from the text).
    ///   - status: The response status, if any.
    ///   - detail: A description of the failure.
    ///   - bodyPreview: The start of the response body, if any.
    ///   - attempts: Attempts made so far.
    ///   - faults: Faults counted so far; when empty, `kind` is counted once.
    public init(kind: FaultKind, request: HTTPRequest, status: Int? = nil, detail: String, bodyPreview: String? = nil, attempts: Int = 1, faults: FaultCounts = FaultCounts()) {
        let secrets = request.secretHeaderValues
        self.kind = kind
        self.method = request.method
        self.url = Redaction.redact(request.url.absoluteString, secrets: secrets)
        self.status = status
        self.detail = Redaction.redact(detail, secrets: secrets)
        self.bodyPreview = bodyPreview.map { Redaction.redact($0, secrets: secrets) }
        self.attempts = attempts
        var counted = faults
        if counted.total == 0 { counted.record(kind) }
        self.faults = counted
    }

    /// The same error with the attempt count and fault totals of a whole retry series.
    func after(attempts: Int, faults: FaultCounts) -> NetworkError {
        var copy = self
        copy.attempts = attempts
        copy.faults = faults
        return copy
    }

    /// `METHOD url: detail (kind, N attempts; faults: …)` plus the body preview when there is one.
    public var description: String {
        var text = "\(method) \(url): \(detail) (\(kind.rawValue), \(attempts) attempt\(attempts == 1 ? "" : "s"); faults: \(faults))"
        if let bodyPreview, !bodyPreview.isEmpty { text += "\nresponse body: \(bodyPreview)" }
        return text
    }
}
